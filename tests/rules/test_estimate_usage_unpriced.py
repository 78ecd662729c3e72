"""A usage-based charge the data has no price for: with a usage estimate its cost is unknown
(the resource is partial); without one it adds nothing and a note says no price exists."""

from __future__ import annotations

from decimal import Decimal

from cost_gate.usage import Usage
from tests.rules.conftest import make_change
from tests.rules.test_rds import CPU_CREDITS_UNPRICED, DB_UNKNOWN, db

ADDRESS = "aws_db_instance.small"


def _priced(price_changes, usage: Usage | None = None) -> dict:
    # db.t4g CPU credits have no price row in us-east-1 (only eu-west-1, Price List 2023)
    change = make_change(ADDRESS, db("mysql", "db.t4g.micro", allocated_storage=20),
                         unknown=DB_UNKNOWN)
    (res,) = price_changes(change, usage=usage)
    return res


def test_usage_charge_without_estimate_or_price_is_a_note_only(price_changes):
    res = _priced(price_changes)

    assert res["status"] == "priced"
    assert res["notes"] == [CPU_CREDITS_UNPRICED]
    assert res["monthly_delta"] is not None


def test_usage_charge_with_an_estimate_but_no_price_makes_the_resource_partial(price_changes):
    usage = Usage(by_address={ADDRESS: {"monthly_cpu_credit_hrs": Decimal(100)}})
    res = _priced(price_changes, usage)

    assert res["status"] == "partial"
    assert res["monthly_delta"] is None
    assert res["notes"] == ["no price in the data for: CPU credits (unlimited mode, above "
                            "baseline) in us-east-1"]
    # the fixed charges are still priced and shown
    names = [c["name"] for c in res["after"]["components"]]
    assert "Database instance (MySQL, Single-AZ, db.t4g.micro)" in names
