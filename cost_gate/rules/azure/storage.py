"""Storage accounts: azurerm_storage_account, blob storage of general-purpose v2 accounts.

``azure/blob_storage``: ``data_stored`` (access tier, redundancy; volume tiers), ``operations``
(per operation), ``retrieval`` (GB). All usage-based; usage keys as Infracost names them.
"""

from __future__ import annotations

from cost_gate.rules import USAGE_ONLY, register
from cost_gate.rules.azure.compute import PROVIDER
from cost_gate.rules.base import Component, NotPriceable, PriceRef, Resource, usage

REDUNDANCY = {"LRS": "LRS", "ZRS": "ZRS", "GRS": "GRS", "RAGRS": "RA-GRS", "GZRS": "GZRS",
              "RAGZRS": "RA-GZRS"}
OPERATIONS = (("write", "Write operations", "monthly_write_operations"),
              ("read", "Read operations", "monthly_read_operations"),
              ("list", "List and create container operations",
               "monthly_list_and_create_container_operations"),
              ("other", "All other operations", "monthly_other_operations"))


def _ref(product: str, attrs: dict[str, str]) -> PriceRef:
    return PriceRef("blob_storage", product, attrs, provider=PROVIDER)


@register("azurerm_storage_account", kind=USAGE_ONLY)
def azurerm_storage_account(r: Resource) -> list[Component]:
    kind = r.string("account_kind") or "StorageV2"
    tier = r.string("account_tier") or "Standard"
    if kind != "StorageV2" or tier != "Standard":
        raise NotPriceable(f"{tier} {kind} storage accounts: only Standard general-purpose v2 "
                           "blob storage is priced")
    replication = r.string("account_replication_type", required=True).upper()
    redundancy = REDUNDANCY.get(replication)
    if redundancy is None:
        raise NotPriceable(f"replication type {replication} is not priced")
    access = (r.string("access_tier") or "Hot").lower()
    attrs = {"access_tier": access, "redundancy": redundancy}
    r.note("blob storage only (files, queues and tables are not priced)")
    comps = [Component(f"Blob data stored ({access.capitalize()}, {redundancy})", "GB-months",
                       None, _ref("data_stored", attrs), usage_based=True, tiered=True,
                       usage_key="storage_gb")]
    for operation, label, key in OPERATIONS:
        comps.append(usage(label, "operations", _ref("operations", {**attrs,
                                                                     "operation": operation}),
                           key))
    if access != "hot":
        comps.append(usage("Data retrieval", "GB", _ref("retrieval", attrs),
                           "monthly_data_retrieval_gb"))
    return comps
