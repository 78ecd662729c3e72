from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cost_gate.api import build_report
from cost_gate.errors import InputError
from cost_gate.usage import load_usage_file
from tests.conftest import EXAMPLE_PLAN, ROOT


def _resource(report: dict, address: str) -> dict:
    return next(r for r in report["projects"][0]["resources"] if r["address"] == address)


def test_usage_file_prices_usage_based_components_and_counts_them():
    plain = build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26))
    with_usage = build_report([str(EXAMPLE_PLAN)], env={}, today=date(2026, 11, 26),
                              usage_file=str(ROOT / "examples" / "usage.yml"))
    nat = _resource(with_usage, "aws_nat_gateway.main")
    data = next(c for c in nat["after"]["components"] if c["name"] == "Data processed")
    # 2,500 GB x $0.045 (ec2vps NAT GB us-east-1)
    assert data["usage_based"] is True
    assert data["monthly_quantity"] == 2500 and data["monthly_cost"] == pytest.approx(112.5)
    lb = _resource(with_usage, "module.web.aws_lb.app")
    lcu = next(c for c in lb["after"]["components"] if c["usage_based"])
    # 2 LCUs on average x 730 h x $0.008 (togen ALB LCU us-east-1)
    assert lcu["monthly_quantity"] == 1460 and lcu["monthly_cost"] == pytest.approx(11.68)
    added = with_usage["summary"]["monthly_after"] - plain["summary"]["monthly_after"]
    assert added == pytest.approx(112.5 + 11.68)


def test_type_defaults_and_index_free_addresses(tmp_path: Path):
    usage_file = tmp_path / "usage.yml"
    usage_file.write_text("resource_type_default_usage:\n  aws_instance:\n"
                          "    monthly_cpu_credit_vcpu_hours: 5\n"
                          "resource_usage:\n  module.web.aws_instance.web:\n"
                          "    monthly_cpu_credit_vcpu_hours: 7\n")
    usage = load_usage_file(str(usage_file))
    assert usage.for_resource("module.web.aws_instance.web[1]", "aws_instance") == {
        "monthly_cpu_credit_vcpu_hours": 7}
    assert usage.for_resource("aws_instance.other", "aws_instance") == {
        "monthly_cpu_credit_vcpu_hours": 5}


@pytest.mark.parametrize("text,message", [
    ("resource_usage: [1, 2]", "must be a mapping"),
    ("resource_usage:\n  aws_nat_gateway.main:\n    monthly_data_processed_gb: lots",
     "non-negative number"),
    ("resource_usage: {a: [", "not valid YAML"),
])
def test_bad_usage_files_are_one_line_input_errors(tmp_path: Path, text: str, message: str):
    path = tmp_path / "usage.yml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_usage_file(str(path))
