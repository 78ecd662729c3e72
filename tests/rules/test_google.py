"""google_compute_instance and google_compute_disk priced end to end against the shipped table.

Unit prices were read from pricing_data/gcp/compute/<region>.csv (product, attributes [source
id]); monthly costs are worked out by hand in the comment next to each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from tests.rules.conftest import component, make_change

CYCLENERD = "cyclenerd-pricing-yml"  # data_date 2026-07-30
DEFAULT_TYPE_NOTE = "boot disk type not in the plan; assumed pd-standard (the provider default)"
N2_NOTE = ("N2 gets a sustained-use discount whose schedule is not in the price data: priced "
           "at the on-demand rate")
DEFAULT_SIZE_NOTE = ("boot disk size not in the plan (set by the image); assumed 10 GB, the size "
                     "of the usual public images")


@pytest.fixture
def price(price_changes) -> Callable[..., dict[str, Any]]:
    """Create one google resource in ``region`` (from its zone) and return its report dict."""

    def run(address: str, attributes: dict[str, Any], *, unknown: Any = None,
            region: str = "us-central1") -> dict[str, Any]:
        change = dataclasses.replace(
            make_change(address, attributes, unknown=unknown, region=region), provider="google")
        (mine,) = [r for r in price_changes(change) if r["address"] == address]
        return mine

    return run


def gcp(name: str, unit: str, quantity: int, unit_price: float, cost: float) -> dict[str, Any]:
    return component(name, unit, quantity=quantity, unit_price=unit_price, monthly_cost=cost,
                     source=CYCLENERD, data_date="2026-07-30")


def instance(machine_type: str, zone: str, *, boot: dict[str, Any] | None = None,
             **extra: Any) -> dict[str, Any]:
    """google_compute_instance `after` as `terraform show -json` prints it for a create."""
    attrs: dict[str, Any] = {
        "name": "app", "machine_type": machine_type, "zone": zone,
        "allow_stopping_for_update": None, "can_ip_forward": False,
        "boot_disk": [{"auto_delete": True, "mode": "READ_WRITE",
                       "initialize_params": [{"image": "debian-cloud/debian-12", **(boot or {})}]}],
        "attached_disk": [], "scratch_disk": [], "guest_accelerator": [],
        "network_interface": [{"network": "default", "access_config": []}],
        "scheduling": [{"preemptible": False, "provisioning_model": "STANDARD",
                        "automatic_restart": True}],
        "labels": {"env": "prod"},
    }
    attrs.update(extra)
    return attrs


INSTANCE_UNKNOWN = {"id": True, "instance_id": True, "cpu_platform": True,
                    "boot_disk": [{"source": True, "device_name": True,
                                   "initialize_params": [{"labels": True}]}]}
DEFAULTS_UNKNOWN = {**INSTANCE_UNKNOWN, "boot_disk": [{
    "source": True, "initialize_params": [{"size": True, "type": True}]}]}


# --- google_compute_instance ---------------------------------------------------------------


def test_n2_standard_4_with_a_50_gb_balanced_boot_disk(price):
    res = price("google_compute_instance.app",
                instance("n2-standard-4", "europe-west4-a",
                         boot={"size": 50, "type": "pd-balanced"}),
                unknown=INSTANCE_UNKNOWN, region="europe-west4")

    assert res["status"] == "priced"
    assert res["region"] == "europe-west4"
    assert res["notes"] == [N2_NOTE]
    assert res["after"] == {
        "monthly_cost": 161.59736,  # 156.09736 + 5.5
        "components": [
            # compute/europe-west4.csv instance machine_type=n2-standard-4 [cyclenerd-pricing-yml]
            gcp("Instance usage (on-demand, n2-standard-4)", "hours", 730, 0.213832,
                156.09736),  # 730 * 0.213832
            # compute/europe-west4.csv disk type=pd-balanced [cyclenerd-pricing-yml]
            gcp("Boot disk (pd-balanced, 50 GB)", "GB-months", 50, 0.11, 5.5),  # 50 * 0.11
        ],
    }


def test_boot_disk_type_and_size_left_to_defaults_are_assumed_with_notes(price):
    res = price("google_compute_instance.app", instance("e2-medium", "us-central1-c"),
                unknown=DEFAULTS_UNKNOWN)

    assert res["status"] == "priced"
    assert res["notes"] == [DEFAULT_TYPE_NOTE, DEFAULT_SIZE_NOTE]
    assert res["after"] == {
        "monthly_cost": 24.8591683,  # 24.4591683 + 0.4
        "components": [
            # compute/us-central1.csv instance machine_type=e2-medium [cyclenerd-pricing-yml]
            gcp("Instance usage (on-demand, e2-medium)", "hours", 730, 0.03350571,
                24.4591683),  # 730 * 0.03350571
            # compute/us-central1.csv disk type=pd-standard [cyclenerd-pricing-yml]
            gcp("Boot disk (pd-standard, 10 GB)", "GB-months", 10, 0.04, 0.4),  # 10 * 0.04
        ],
    }


def test_boot_disk_from_a_separate_disk_resource_is_priced_there(price):
    attrs = instance("n2-standard-4", "europe-west2-b",
                     boot_disk=[{"auto_delete": False, "initialize_params": [],
                                 "source": "projects/p/zones/europe-west2-b/disks/root"}])
    res = price("google_compute_instance.app", attrs, unknown={"id": True},
                region="europe-west2")

    assert res["status"] == "priced"
    assert res["notes"] == [N2_NOTE, "boot disk attached from a separate disk resource, priced there"]
    assert res["after"] == {
        "monthly_cost": 182.68104,
        # compute/europe-west2.csv instance machine_type=n2-standard-4 [cyclenerd-pricing-yml]
        "components": [gcp("Instance usage (on-demand, n2-standard-4)", "hours", 730, 0.250248,
                           182.68104)],  # 730 * 0.250248
    }


def test_windows_image_notes_the_license_that_is_not_included(price):
    res = price("google_compute_instance.app",
                instance("e2-medium", "us-central1-c",
                         boot={"image": "windows-cloud/windows-2022", "size": 50,
                               "type": "pd-balanced"}),
                unknown=INSTANCE_UNKNOWN)

    assert res["status"] == "partial"  # a fixed charge is missing: the delta is unknown
    assert res["notes"] == ["not fully priced: the OS license charge of premium image "
                            "windows-cloud/windows-2022 is not in the price data"]
    assert res["after"]["components"]  # the machine and boot disk stay priced


# --- google_compute_disk -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attrs", "region", "name", "size", "unit_price", "cost"),
    [
        # compute/europe-west2.csv disk type=pd-ssd [cyclenerd-pricing-yml]: 100 * 0.204
        ({"type": "pd-ssd", "size": 100, "zone": "europe-west2-a"}, "europe-west2",
         "Persistent disk (pd-ssd, 100 GB)", 100, 0.204, 20.4),
        # compute/asia-northeast1.csv disk type=pd-standard [cyclenerd-pricing-yml]: 200 * 0.052
        ({"type": None, "size": 200, "zone": "asia-northeast1-b"}, "asia-northeast1",
         "Persistent disk (pd-standard, 200 GB)", 200, 0.052, 10.4),
    ],
)
def test_persistent_disk_is_gb_months_of_its_type(price, attrs, region, name, size,
                                                  unit_price, cost):
    res = price("google_compute_disk.data", {"name": "data", **attrs}, region=region)

    assert res["status"] == "priced"
    assert res["after"] == {"monthly_cost": cost,
                            "components": [gcp(name, "GB-months", size, unit_price, cost)]}


def test_disk_sized_by_its_image_is_partial(price):
    res = price("google_compute_disk.data",
                {"name": "data", "type": "pd-balanced", "image": "debian-cloud/debian-12",
                 "zone": "us-central1-a", "size": None},
                unknown={"size": True, "id": True})

    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: size is known only after apply"]


def test_hyperdisk_without_a_price_is_unsupported_not_zero(price):
    res = price("google_compute_disk.data",
                {"name": "data", "type": "hyperdisk-balanced", "size": 100,
                 "zone": "us-central1-a"})

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["notes"][0].startswith("no price in the data for: Persistent disk "
                                      "(hyperdisk-balanced, 100 GB) in us-central1")
