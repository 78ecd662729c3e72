"""The usage keys each rule reads, beyond the fixture stack (tests/test_usage.py).

Unit prices are the shipped ones (file, product, attributes noted); quantities by hand.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from cost_gate.rules.base import Component, PriceRef, Resource
from cost_gate.usage import Usage
from tests.rules.conftest import make_change


def _usage(address: str, **values) -> Usage:
    return Usage(by_address={address: {k: v if isinstance(v, str) else Decimal(str(v))
                                       for k, v in values.items()}})


def _comp(res: dict, prefix: str) -> dict:
    return next(c for c in res["after"]["components"] if c["name"].startswith(prefix))


@pytest.mark.parametrize("values,lcu", [
    ({"new_connections": 1600, "active_connections": 50000, "processed_bytes_gb": 1}, 2),
    ({"active_connections": 300000}, 3),
    ({"processed_bytes_gb": 0.5, "rule_evaluations": 99999}, 0.5),  # no rule LCU on NLB
])
def test_network_lb_capacity_units_from_the_busiest_dimension(price, values, lcu):
    res = price("aws_lb.nlb", {"load_balancer_type": "network", "internal": False},
                usage=_usage("aws_lb.nlb", **values))
    nlcu = _comp(res, "Load balancer capacity units")
    # elb/us-east-1.csv capacity_units lb_type=network: $0.006 per NLCU-hour
    assert nlcu["monthly_quantity"] == pytest.approx(lcu * 730)
    assert nlcu["monthly_cost"] == pytest.approx(lcu * 730 * 0.006)


def test_legacy_capacity_units_key_wins_over_dimensions(price):
    res = price("aws_lb.app", {"load_balancer_type": "application"},
                usage=_usage("aws_lb.app", capacity_units_per_hour=4, new_connections=25))
    assert _comp(res, "Load balancer capacity units")["monthly_quantity"] == 2920  # 4 x 730


@pytest.mark.parametrize("size_kb,chunks", [(None, 1), (1, 1), (64, 1), (64.5, 2), (256, 4)])
def test_sqs_request_size_counts_started_64_kb_chunks(price, size_kb, chunks):
    values = {"monthly_requests": 1_000_000}
    if size_kb is not None:
        values["request_size_kb"] = size_kb
    res = price("aws_sqs_queue.q", {"name": "q", "fifo_queue": False},
                usage=_usage("aws_sqs_queue.q", **values))
    assert res["after"]["components"][0]["monthly_quantity"] == 1_000_000 * chunks


def test_lambda_duration_without_requests_stays_per_unit_with_a_note(price):
    res = price("aws_lambda_function.fn", {"memory_size": 512, "architectures": ["x86_64"]},
                usage=_usage("aws_lambda_function.fn", request_duration_ms=300))
    assert _comp(res, "Duration")["monthly_quantity"] is None
    assert ("request_duration_ms in the usage file needs monthly_requests; duration shown per "
            "unit") in res["notes"]


def test_legacy_lambda_total_duration_still_priced(price):
    res = price("aws_lambda_function.fn", {"memory_size": 2048, "architectures": ["x86_64"]},
                usage=_usage("aws_lambda_function.fn", monthly_requests=1000,
                             monthly_duration_ms=1_000_000))
    # 1,000,000 ms / 1000 x 2 GB = 2,000 GB-seconds
    assert _comp(res, "Duration")["monthly_quantity"] == 2000


def test_eks_node_group_instances_replace_desired_size(price):
    res = price("aws_eks_node_group.ng", {"instance_types": ["m5.large"],
                                          "scaling_config": [{"desired_size": None}]},
                unknown={"scaling_config": [{"desired_size": True}]},
                usage=_usage("aws_eks_node_group.ng", instances=4))
    assert res["status"] == "priced"
    # 4 nodes x 730 h
    assert _comp(res, "Instance usage")["monthly_quantity"] == 2920
    assert _comp(res, "Node disk")["monthly_quantity"] == 80  # 4 x 20 GB default disk


def test_instance_os_without_a_price_is_partial_not_zero(price):
    res = price("aws_instance.sles", {"instance_type": "m5.large"},
                usage=_usage("aws_instance.sles", operating_system="suse"))
    assert res["status"] == "partial"
    assert "no price in the data for: Instance usage (SUSE, on-demand, m5.large) in us-east-1" \
        in res["notes"]


def test_t2_vcpus_default_from_the_type(price):
    res = price("aws_instance.t2", {"instance_type": "t2.micro",
                                    "credit_specification": [{"cpu_credits": "unlimited"}]},
                region="eu-west-1", usage=_usage("aws_instance.t2", monthly_cpu_credit_hrs=50))
    credits = _comp(res, "CPU credits")
    # 50 h x 1 vCPU (t2.micro) x $0.05 (ec2/eu-west-1.csv cpu_credits t2 Linux)
    assert credits["monthly_quantity"] == 50 and credits["monthly_cost"] == pytest.approx(2.5)


def test_azure_vm_monthly_hours_and_scale_set_instances(price_changes):
    vm = dataclasses.replace(make_change(
        "azurerm_linux_virtual_machine.web",
        {"size": "Standard_D2s_v5", "priority": "Regular", "license_type": None,
         "os_disk": [{"storage_account_type": "Premium_LRS", "disk_size_gb": 30,
                      "diff_disk_settings": []}]}, region="westeurope"), provider="azurerm")
    vmss = dataclasses.replace(make_change(
        "azurerm_linux_virtual_machine_scale_set.web",
        {"sku": "Standard_DS1_v2", "instances": 3, "priority": "Regular",
         "os_disk": [{"storage_account_type": "Standard_LRS", "disk_size_gb": 30,
                      "diff_disk_settings": []}]}, region="westeurope"), provider="azurerm")
    usage = Usage(by_address={"azurerm_linux_virtual_machine.web": {"monthly_hrs": Decimal(100)},
                              "azurerm_linux_virtual_machine_scale_set.web":
                                  {"instances": Decimal(5)}})
    resources = {r["address"]: r for r in price_changes(vm, vmss, usage=usage)}
    hours = _comp(resources["azurerm_linux_virtual_machine.web"], "Virtual machine")
    # 100 h x $0.115 (virtual_machines/westeurope.csv Standard_D2s_v5 Linux)
    assert hours["monthly_quantity"] == 100 and hours["monthly_cost"] == pytest.approx(11.5)
    scale = _comp(resources["azurerm_linux_virtual_machine_scale_set.web"], "Virtual machine")
    assert scale["monthly_quantity"] == 3650  # 5 x 730


def test_google_instance_monthly_hours(price_changes):
    change = dataclasses.replace(make_change(
        "google_compute_instance.vm",
        {"machine_type": "e2-standard-2", "zone": "us-central1-a",
         "boot_disk": [{"initialize_params": [{"size": 10, "type": "pd-standard"}]}]},
        region="us-central1"), provider="google")
    usage = Usage(by_type={"google_compute_instance": {"monthly_hrs": Decimal(365)}})
    [res] = price_changes(change, usage=usage)
    assert _comp(res, "Instance usage")["monthly_quantity"] == 365
    assert res["usage"] == [{"key": "monthly_hrs", "value": 365, "source": "type_default",
                             "entry": "google_compute_instance"}]


def test_preferred_variant_is_priced_when_the_data_has_it(store, monkeypatch):
    """The mechanism behind reserved rates: a preferred variant replaces the component when
    its price exists (here a real on-demand price stands in for a reserved one)."""
    from cost_gate import estimate as estimate_module

    def rule(r: Resource) -> list[Component]:
        base = Component("On-demand", "hours", Decimal(730), PriceRef(
            "ec2", "instance", {"instance_type": "m5.large", "operating_system": "Linux",
                                "tenancy": "Shared"}))
        base.preferred = Component("Preferred", "hours", Decimal(730), PriceRef(
            "ec2", "instance", {"instance_type": "m5.large", "operating_system": "Windows",
                                "tenancy": "Shared"}))
        base.fallback_note = "fell back"
        missing = Component("Missing", "hours", Decimal(730), PriceRef(
            "ec2", "instance", {"instance_type": "m5.large", "operating_system": "Linux",
                                "tenancy": "Shared"}))
        missing.preferred = Component("Nope", "hours", Decimal(730),
                                      PriceRef("ec2", "instance", {"instance_type": "zz"}))
        missing.fallback_note = "reserved pricing is not in the price data"
        return [base, missing]

    monkeypatch.setattr(estimate_module, "rule_for", lambda _type: rule)
    pricer = estimate_module.Pricer(store)
    change = make_change("aws_instance.x", {})
    breakdown, status, notes = pricer.price_side(change, change.after, {})
    assert [c.name for c in breakdown.components] == ["Preferred", "Missing"]
    assert notes == ["reserved pricing is not in the price data"]
