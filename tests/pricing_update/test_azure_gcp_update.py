"""Azure Retail Prices paging and GCP Cloud Billing Catalog paging, mapped to our rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.azure_mapper import map_retail_item
from cost_gate.pricing.gcp_mapper import unit_price
from cost_gate.pricing.store import PriceStore
from tests.pricing_update.conftest import GCP_KEY
from tests.pricing_update.helpers import cache_dir, manifest, read_rows, update


def test_azure_follows_three_pages(fake, env):
    log: list[str] = []
    update(env, providers=["azure"], services=["virtual_machines"], regions=["westeurope"],
           log=log)
    calls = [args for path, args, _ in fake.hits if path == "/api/retail/prices"]
    assert len(calls) == 3
    assert calls[0]["$filter"] == ("serviceName eq 'Virtual Machines' and armRegionName eq "
                                   "'westeurope' and priceType eq 'Consumption'")
    assert [c.get("$skip") for c in calls] == [None, "2", "4"]
    rows = {(r.product, r.attrs): r.usd_price
            for r in read_rows(cache_dir(env), "azure", "virtual_machines", "westeurope")}
    assert rows == {
        ("vm", (("arm_sku_name", "standard_d2s_v5"), ("os", "Linux"))): Decimal("0.115"),
        ("vm", (("arm_sku_name", "standard_d2s_v5"), ("os", "Windows"))): Decimal("0.207"),
        ("vm", (("arm_sku_name", "standard_d4s_v5"), ("os", "Linux"))): Decimal("0.23"),
    }  # spot, low priority and reservation items dropped
    assert any("3 pages" in line for line in log)


def test_azure_disks(fake, env):
    update(env, providers=["azure"], services=["managed_disks"], regions=["westeurope"])
    rows = {(r.product, r.attrs): (r.unit, r.usd_price)
            for r in read_rows(cache_dir(env), "azure", "managed_disks", "westeurope")}
    assert rows == {
        ("disk", (("sku", "P10_LRS"),)): ("month", Decimal("21.68")),
        ("disk", (("sku", "E10_LRS"),)): ("month", Decimal("9.6")),
        ("capacity", (("disk_type", "premium_ssd_v2"), ("redundancy", "LRS"))):
            ("GiB-hour", Decimal("0.00013")),
    }


def test_azure_unknown_region_stores_nothing(fake, env):
    log: list[str] = []
    summary = update(env, providers=["azure"], services=["virtual_machines"],
                     regions=["atlantis"], log=log)
    assert not summary.written
    assert any("no prices found" in line for line in log)


def test_azure_mapper_ignores_other_currencies_and_types():
    item = {"currencyCode": "EUR", "retailPrice": 1, "armRegionName": "westeurope",
            "type": "Consumption", "serviceName": "Virtual Machines", "unitOfMeasure": "1 Hour",
            "armSkuName": "Standard_D2s_v5", "productName": "Virtual Machines Dsv5 Series"}
    assert map_retail_item(item, "virtual_machines") is None
    item["currencyCode"] = "USD"
    assert map_retail_item(item, "virtual_machines") is not None
    item["type"] = "DevTestConsumption"
    assert map_retail_item(item, "virtual_machines") is None


def test_gcp_pages_and_derived_machine_types(fake, env):
    log: list[str] = []
    update(env, providers=["gcp"], regions=["us-central1"], gcp_api_key=GCP_KEY, log=log)
    calls = [args for path, args, _ in fake.hits if path.endswith("/skus")]
    assert [c.get("pageToken") for c in calls] == [None, "CAESBggDEJ6dBA"]
    assert all(c["key"] == GCP_KEY and c["currencyCode"] == "USD" for c in calls)
    rows = read_rows(cache_dir(env), "gcp", "compute", "us-central1")
    by = {(r.product, r.attrs): r.usd_price for r in rows}
    assert by[("vcpu", (("family", "e2"),))] == Decimal("0.02181159")
    assert by[("ram", (("family", "n2"),))] == Decimal("0.004237")
    assert by[("disk", (("type", "pd-balanced"),))] == Decimal("0.1")
    assert by[("disk", (("type", "pd-standard"),))] == Decimal("0.04")
    # Same figures as the Cyclenerd snapshot in ../shared/pricing-sources/gcp
    assert by[("instance", (("machine_type", "e2-standard-4"),))] == Decimal("0.13402284")
    assert by[("instance", (("machine_type", "e2-standard-2"),))] == Decimal("0.06701142")
    assert by[("instance", (("machine_type", "n2-standard-2"),))] == Decimal("0.097118")
    # spot and custom SKUs are not on-demand predefined prices; Frankfurt is another region
    assert len([r for r in rows if r.product == "vcpu"]) == 2
    assert all(GCP_KEY not in line for line in log)
    assert GCP_KEY not in (cache_dir(env) / "manifest.json").read_text()
    store = PriceStore.default(env=env)
    assert store.lookup("gcp", "compute", "us-central1", "instance",
                        {"machine_type": "n2-standard-2"})


def test_gcp_without_key_is_a_clear_error(fake, env):
    with pytest.raises(PricingUpdateError) as info:
        update(env, providers=["gcp"], regions=["us-central1"])
    assert "GOOGLE_API_KEY" in info.value.one_line() and "--gcp-api-key" in info.value.one_line()
    assert fake.hits == []


def test_gcp_key_from_environment_and_default_providers(fake, env):
    env = {**env, "GOOGLE_API_KEY": GCP_KEY}
    summary = update(env, regions=["us-central1"], services=["compute"])
    assert summary.updated == ["gcp-billing-catalog-compute-us-central1"]


def test_gcp_wrong_key_error_does_not_print_it(fake, env):
    with pytest.raises(PricingUpdateError) as info:
        update(env, providers=["gcp"], regions=["us-central1"], gcp_api_key="WRONG-KEY-123")
    assert "WRONG-KEY-123" not in info.value.one_line()
    assert "404" in info.value.one_line()


def test_unit_price_units_and_nanos():
    assert unit_price({"unitPrice": {"units": "1", "nanos": 500000000}}) == Decimal("1.5")
    assert unit_price({"unitPrice": {"units": "0", "nanos": 21811590}}) == Decimal("0.02181159")


def test_providers_share_one_cache(fake, env):
    update(env, providers=["aws"], services=["elb"], regions=["us-east-1"])
    update(env, providers=["azure"], services=["virtual_machines"], regions=["westeurope"])
    files = manifest(env)["files"]
    assert {"aws/elb/us-east-1.csv", "azure/virtual_machines/westeurope.csv"} <= set(files)
