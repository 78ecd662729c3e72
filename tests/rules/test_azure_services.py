"""Azure rules priced end to end against the shipped price table (one case per priced shape).

Each case is a realistic planned resource; the expectation pins its status, monthly cost, notes
and every cost component (name, unit, monthly quantity, unit price, price source) as priced
against the shipped pricing_data/. Unit prices were checked against the rows of
pricing_data/azure/<service>/<region>.csv when the expectations were written.
"""

# ruff: noqa: E501

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.rules.conftest import assert_case_pinned, make_change

NODE_POOL = {"name": "default", "vm_size": "Standard_D4s_v5", "node_count": 3, "os_disk_size_gb": 128, "os_disk_type": "Managed", "os_sku": "Ubuntu", "min_count": None}

# case -> (address, planned attributes, region, other resources it references)
CASES: dict[str, tuple[str, dict[str, Any], str, dict[str, dict[str, Any]]]] = {
 "legacy_vmss": ("azurerm_virtual_machine_scale_set.s", {"name": "s", "location": "westeurope", "sku": [{"name": "Standard_D2s_v5", "tier": "Standard", "capacity": 2}], "os_profile_windows_config": [], "os_profile_linux_config": [{"disable_password_authentication": True}], "storage_profile_os_disk": [{"managed_disk_type": "Premium_LRS", "caching": "ReadWrite", "create_option": "FromImage"}], "storage_profile_data_disk": [{"lun": 0, "managed_disk_type": "StandardSSD_LRS", "disk_size_gb": 256, "create_option": "Empty"}]}, "westeurope", {}),
 "orchestrated": ("azurerm_orchestrated_virtual_machine_scale_set.s", {"name": "s", "location": "northeurope", "sku_name": "Standard_D2s_v5", "instances": 2, "platform_fault_domain_count": 1, "os_profile": [{"linux_configuration": [{"admin_username": "a"}], "windows_configuration": []}], "os_disk": [{"storage_account_type": "Premium_LRS", "caching": "ReadWrite", "disk_size_gb": 64, "diff_disk_settings": []}], "data_disk": []}, "northeurope", {}),
 "windows_vmss": ("azurerm_windows_virtual_machine_scale_set.s", {"name": "s", "location": "swedencentral", "sku": "Standard_D4s_v5", "instances": 2, "priority": "Regular", "license_type": None, "os_disk": [{"storage_account_type": "StandardSSD_LRS", "caching": "ReadWrite", "disk_size_gb": 127, "diff_disk_settings": []}], "data_disk": []}, "swedencentral", {}),
 "dedicated_host": ("azurerm_dedicated_host.h", {"name": "h", "location": "eastus", "sku_name": "DSv3-Type3", "platform_fault_domain": 0, "license_type": "None"}, "eastus", {}),
 "aks": ("azurerm_kubernetes_cluster.k", {"name": "k", "location": "eastus", "sku_tier": "Standard", "default_node_pool": [NODE_POOL]}, "eastus", {}),
 "aks_free": ("azurerm_kubernetes_cluster.k", {"name": "k", "location": "westeurope", "sku_tier": "Free", "default_node_pool": [{**NODE_POOL, "node_count": None, "min_count": 2, "os_disk_type": "Ephemeral"}]}, "westeurope", {}),
 "aks_pool": ("azurerm_kubernetes_cluster_node_pool.p", {"name": "p", "vm_size": "Standard_E8as_v5", "node_count": 2, "os_type": "Linux", "os_disk_size_gb": 64, "os_disk_type": "Managed", "priority": "Regular"}, "westeurope", {}),
 "service_plan": ("azurerm_service_plan.p", {"name": "p", "location": "eastus", "os_type": "Linux", "sku_name": "P1v3", "worker_count": 2}, "eastus", {}),
 "service_plan_consumption": ("azurerm_service_plan.p", {"name": "p", "location": "eastus", "os_type": "Linux", "sku_name": "Y1", "worker_count": None}, "eastus", {}),
 "service_plan_elsewhere": ("azurerm_service_plan.p", {"name": "p", "location": "westeurope", "os_type": "Windows", "sku_name": "S1", "worker_count": 1}, "westeurope", {}),
 "app_service_plan": ("azurerm_app_service_plan.p", {"name": "p", "location": "eastus", "kind": "Windows", "reserved": False, "sku": [{"tier": "Standard", "size": "S1", "capacity": 3}]}, "eastus", {}),
 "mssql_gp": ("azurerm_mssql_database.db", {"name": "db", "server_id": "x", "sku_name": "GP_Gen5_2", "max_size_gb": 100, "zone_redundant": False, "license_type": "BasePrice", "elastic_pool_id": None}, "eastus", {}),
 "mssql_license_included": ("azurerm_mssql_database.db", {"name": "db", "server_id": "x", "sku_name": "GP_Gen5_4", "max_size_gb": 50, "zone_redundant": True, "license_type": "LicenseIncluded", "elastic_pool_id": None}, "eastus", {}),
 "mssql_bc_westeurope": ("azurerm_mssql_database.db", {"name": "db", "server_id": "x", "sku_name": "BC_Gen5_2", "max_size_gb": 200, "zone_redundant": False, "license_type": "BasePrice", "elastic_pool_id": None}, "westeurope", {}),
 "mssql_dtu": ("azurerm_mssql_database.db", {"name": "db", "server_id": "x", "sku_name": "S0", "max_size_gb": 250}, "eastus", {}),
 "sql_database_legacy": ("azurerm_sql_database.db", {"name": "db", "location": "eastus", "requested_service_objective_name": "GP_Gen5_2", "max_size_gb": 32, "edition": "GeneralPurpose"}, "eastus", {}),
 "elasticpool": ("azurerm_mssql_elasticpool.p", {"name": "p", "location": "eastus", "sku": [{"name": "GP_Gen5", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 4}], "max_size_gb": 100, "zone_redundant": False, "license_type": "BasePrice"}, "eastus", {}),
 "managed_instance": ("azurerm_mssql_managed_instance.mi", {"name": "mi", "location": "westeurope", "sku_name": "GP_Gen5", "vcores": 8, "storage_size_in_gb": 256, "license_type": "BasePrice"}, "westeurope", {}),
 "lb_standard": ("azurerm_lb.lb", {"name": "lb", "location": "westeurope", "sku": "Standard", "frontend_ip_configuration": [{"name": "fe"}]}, "westeurope", {}),
 "lb_basic": ("azurerm_lb.lb", {"name": "lb", "location": "westeurope", "sku": "Basic"}, "westeurope", {}),
 "appgw": ("azurerm_application_gateway.gw", {"name": "gw", "location": "eastus", "sku": [{"name": "WAF_v2", "tier": "WAF_v2", "capacity": None}], "autoscale_configuration": [{"min_capacity": 2, "max_capacity": 10}]}, "eastus", {}),
 "appgw_outside_eastus": ("azurerm_application_gateway.gw", {"name": "gw", "location": "westeurope", "sku": [{"name": "Standard_v2", "tier": "Standard_v2", "capacity": 2}]}, "westeurope", {}),
 "public_ip": ("azurerm_public_ip.ip", {"name": "ip", "location": "westeurope", "sku": "Standard", "allocation_method": "Static"}, "westeurope", {}),
 "storage_hot_eastus": ("azurerm_storage_account.sa", {"name": "sa", "location": "eastus", "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "GRS", "access_tier": "Hot"}, "eastus", {}),
 "storage_cool_westeurope": ("azurerm_storage_account.sa", {"name": "sa", "location": "westeurope", "account_kind": "StorageV2", "account_tier": "Standard", "account_replication_type": "LRS", "access_tier": "Cool"}, "westeurope", {}),
 "storage_premium": ("azurerm_storage_account.sa", {"name": "sa", "location": "westeurope", "account_kind": "FileStorage", "account_tier": "Premium", "account_replication_type": "LRS"}, "westeurope", {}),
}


EXPECTED: dict[str, dict[str, Any]] = {'legacy_vmss': {'status': 'priced',
                 'monthly_cost': 217.9144,
                 'components': [('Virtual machine (Linux, Standard_D2s_v5)',
                                 'hours',
                                 1460,
                                 0.115,
                                 'pricingradar-latest-vm-eu-west-1b7f5544'),
                                ('OS disk (Premium SSD P4, 30 GiB)',
                                 'disk-months',
                                 2,
                                 5.8072,
                                 'flexera-azure-md'),
                                ('Data disk LUN 0 (Standard SSD E15, 256 GiB)',
                                 'disk-months',
                                 2,
                                 19.2,
                                 'flexera-azure-md')],
                 'notes': ['OS disk size not in the plan (set by the image); assumed 30 GiB, the '
                           'usual size of Linux marketplace images']},
 'orchestrated': {'status': 'priced',
                  'monthly_cost': 176.634,
                  'components': [('Virtual machine (Linux, Standard_D2s_v5)',
                                  'hours',
                                  1460,
                                  0.107,
                                  'pricingradar-latest-vm-northeurope-6d33a657'),
                                 ('OS disk (Premium SSD P6, 64 GiB)',
                                  'disk-months',
                                  2,
                                  10.207,
                                  'flexera-azure-md')],
                  'notes': []},
 'windows_vmss': {'status': 'priced',
                  'monthly_cost': 585.68,
                  'components': [('Virtual machine (Windows, Standard_D4s_v5)',
                                  'hours',
                                  1460,
                                  0.388,
                                  'pricingradar-latest-vm-swedencentral-1b7f5544'),
                                 ('OS disk (Standard SSD E10, 127 GiB)',
                                  'disk-months',
                                  2,
                                  9.6,
                                  'flexera-azure-md')],
                  'notes': []},
 'dedicated_host': {'status': 'priced',
                    'monthly_cost': 3084.25,
                    'components': [('Dedicated host (DSv3-Type3)',
                                    'hours',
                                    730,
                                    4.225,
                                    'karpenter-azure')],
                    'notes': []},
 'aks': {'status': 'priced',
         'monthly_cost': 552.61,
         'components': [('Control plane (Standard tier)',
                         'hours',
                         730,
                         0.1,
                         'finfocus-azure-testdata-aks-0d26960a'),
                        ('Default node pool: Virtual machine (Linux, Standard_D4s_v5) x3',
                         'hours',
                         2190,
                         0.192,
                         'karpenter-azure'),
                        ('Default node pool: OS disks (Premium SSD P10, 128 GiB)',
                         'disk-months',
                         3,
                         19.71,
                         'flexera-azure-md')],
         'notes': ['Default node pool: node OS disks assumed Premium SSD (LRS)']},
 'aks_free': {'status': 'priced',
              'monthly_cost': 335.8,
              'components': [('Default node pool: Virtual machine (Linux, Standard_D4s_v5) x2',
                              'hours',
                              1460,
                              0.23,
                              'pricingradar-latest-vm-eu-west-1b7f5544')],
              'notes': ['Default node pool: node count managed by the autoscaler: priced at '
                        'min_count',
                        'Default node pool: ephemeral OS disks, no managed-disk charge']},
 'aks_pool': {'status': 'priced',
              'monthly_cost': 822.5344,
              'components': [('Node pool: Virtual machine (Linux, Standard_E8as_v5) x2',
                              'hours',
                              1460,
                              0.548,
                              'pricingradar-latest-vm-eu-west-1b7f5544'),
                             ('Node pool: OS disks (Premium SSD P6, 64 GiB)',
                              'disk-months',
                              2,
                              11.2272,
                              'flexera-azure-md')],
              'notes': ['Node pool: node OS disks assumed Premium SSD (LRS)']},
 'service_plan': {'status': 'priced',
                  'monthly_cost': 226.3,
                  'components': [('App Service plan (Linux, P1v3) x2',
                                  'hours',
                                  1460,
                                  0.155,
                                  'finfocus-azure-testdata-appservice-0d26960a')],
                  'notes': []},
 'service_plan_consumption': {'status': 'unsupported',
                              'monthly_cost': None,
                              'components': [],
                              'notes': ['consumption plan Y1: billed per execution, no prices in '
                                        'the data']},
 'service_plan_elsewhere': {'status': 'unsupported',
                            'monthly_cost': None,
                            'components': [],
                            'notes': ['no price in the data for: App Service plan (Windows, S1) x1 '
                                      'in westeurope']},
 'app_service_plan': {'status': 'priced',
                      'monthly_cost': 219,
                      'components': [('App Service plan (Windows, S1) x3',
                                      'hours',
                                      2190,
                                      0.1,
                                      'finfocus-azure-testdata-appservice-0d26960a')],
                      'notes': []},
 'mssql_gp': {'status': 'priced',
              'monthly_cost': 233.73682,
              'components': [('Compute (GP_Gen5_2, 2 vCores)',
                              'vCore-hours',
                              1460,
                              0.152217,
                              'finfocus-azure-testdata-sqldb-compute-3fada400'),
                             ('Storage (100 GB)',
                              'GB-months',
                              100,
                              0.115,
                              'flexera-azure-db-storage')],
              'notes': []},
 'mssql_license_included': {'status': 'partial',
                            'monthly_cost': 722.65724,
                            'components': [('Compute (GP_Gen5_4, 4 vCores)',
                                            'vCore-hours',
                                            2920,
                                            0.152217,
                                            'finfocus-azure-testdata-sqldb-compute-3fada400'),
                                           ('Zone redundancy (4 vCores)',
                                            'vCore-hours',
                                            2920,
                                            0.09133,
                                            'finfocus-azure-testdata-sqldb-compute-3fada400'),
                                           ('Storage (50 GB)',
                                            'GB-months',
                                            50,
                                            0.23,
                                            'finfocus-azure-testdata-sqldb-storage-0d26960a')],
                            'notes': ['no price in the data for: SQL license (4 vCores, License '
                                      'Included) in eastus']},
 'mssql_bc_westeurope': {'status': 'partial',
                         'monthly_cost': 59.5,
                         'components': [('Storage (200 GB)',
                                         'GB-months',
                                         200,
                                         0.2975,
                                         'flexera-azure-db-storage')],
                         'notes': ['no price in the data for: Compute (BC_Gen5_2, 2 vCores) in '
                                   'westeurope']},
 'mssql_dtu': {'status': 'unsupported',
               'monthly_cost': None,
               'components': [],
               'notes': ['SKU S0: only vCore SKUs (GP_/BC_/HS_) are priced; DTU tiers have no '
                         'price in the data']},
 'sql_database_legacy': {'status': 'partial',
                         'monthly_cost': 225.91682,
                         'components': [('Compute (GP_Gen5_2, 2 vCores)',
                                         'vCore-hours',
                                         1460,
                                         0.152217,
                                         'finfocus-azure-testdata-sqldb-compute-3fada400'),
                                        ('Storage (32 GB)',
                                         'GB-months',
                                         32,
                                         0.115,
                                         'flexera-azure-db-storage')],
                         'notes': ['no price in the data for: SQL license (2 vCores, License '
                                   'Included) in eastus']},
 'elasticpool': {'status': 'priced',
                 'monthly_cost': 455.97364,
                 'components': [('Compute (GP_Gen5, 4 vCores)',
                                 'vCore-hours',
                                 2920,
                                 0.152217,
                                 'finfocus-azure-testdata-sqldb-compute-3fada400'),
                                ('Storage (100 GB)',
                                 'GB-months',
                                 100,
                                 0.115,
                                 'flexera-azure-db-storage')],
                 'notes': []},
 'managed_instance': {'status': 'partial',
                      'monthly_cost': 35.0336,
                      'components': [('Storage (256 GB)',
                                      'GB-months',
                                      256,
                                      0.13685,
                                      'flexera-azure-sqlmi-storage')],
                      'notes': ['no price in the data for: Managed instance compute (GP_Gen5, 8 '
                                'vCores) in westeurope']},
 'lb_standard': {'status': 'priced',
                 'monthly_cost': 18.25,
                 'components': [('Load-balancing and outbound rules (first 5)',
                                 'hours',
                                 730,
                                 0.025,
                                 'finfocus-azure-testdata-lb-9a4ba7ec'),
                                ('Data processed',
                                 'GB',
                                 None,
                                 0.005,
                                 'finfocus-azure-testdata-lb-9a4ba7ec')],
                 'notes': ['no load-balancing or outbound rule of it in the plan: priced for 1-5 '
                           'rules (one hourly charge); each rule past 5 adds the per-rule rate, '
                           'and a load balancer without rules is not charged']},
 'lb_basic': {'status': 'priced',
              'monthly_cost': 0,
              'components': [],
              'notes': ['Basic load balancer: no charge']},
 'appgw': {'status': 'priced',
           'monthly_cost': 533.63,
           'components': [('Gateway (WAF_v2)',
                           'hours',
                           730,
                           0.443,
                           'azure-docs-appgw-understanding-pricing'),
                          ('Capacity units (minimum 2 instances x 10)',
                           'CU-hours',
                           14600,
                           0.0144,
                           'azure-docs-appgw-understanding-pricing'),
                          ('Capacity units (additional, average per hour)',
                           'CU-hours',
                           None,
                           0.0144,
                           'azure-docs-appgw-understanding-pricing')],
           'notes': ["Application Gateway prices are Microsoft's East US example prices"]},
 'appgw_outside_eastus': {'status': 'unsupported',
                          'monthly_cost': None,
                          'components': [],
                          'notes': ["Application Gateway prices are Microsoft's East US example "
                                    'prices',
                                    'Capacity units (additional, average per hour): no price in '
                                    'the data for westeurope, not shown',
                                    'no price in the data for: Gateway (Standard_v2), Capacity '
                                    'units (fixed 2 instances x 10) in westeurope']},
 'public_ip': {'status': 'unsupported',
               'monthly_cost': None,
               'components': [],
               'notes': ['no prices for Azure public IP addresses are shipped in the price data']},
 'storage_hot_eastus': {'status': 'priced',
                        'monthly_cost': 0,
                        'components': [('Blob data stored (Hot, GRS)',
                                        'GB-months',
                                        None,
                                        0.0458,
                                        'finfocus-azure-testdata-storageaccount-0d26960a')],
                        'notes': ['blob storage only (files, queues and tables are not priced)',
                                  'Write operations: no price in the data for eastus, not shown',
                                  'Read operations: no price in the data for eastus, not shown',
                                  'List and create container operations: no price in the data for '
                                  'eastus, not shown',
                                  'All other operations: no price in the data for eastus, not '
                                  'shown']},
 'storage_cool_westeurope': {'status': 'priced',
                             'monthly_cost': 0,
                             'components': [('Blob data stored (Cool, LRS)',
                                             'GB-months',
                                             None,
                                             0.01,
                                             'pricingradar-latest-storage-eu-west-25ddcc86'),
                                            ('Write operations',
                                             'operations',
                                             None,
                                             1e-05,
                                             'pricingradar-latest-storage-eu-west-25ddcc86'),
                                            ('Read operations',
                                             'operations',
                                             None,
                                             1e-06,
                                             'pricingradar-latest-storage-eu-west-25ddcc86'),
                                            ('Data retrieval',
                                             'GB',
                                             None,
                                             0.01,
                                             'pricingradar-latest-storage-eu-west-25ddcc86')],
                             'notes': ['blob storage only (files, queues and tables are not '
                                       'priced)',
                                       'List and create container operations: no price in the data '
                                       'for westeurope, not shown',
                                       'All other operations: no price in the data for westeurope, '
                                       'not shown']},
 'storage_premium': {'status': 'unsupported',
                     'monthly_cost': None,
                     'components': [],
                     'notes': ['Premium FileStorage storage accounts: only Standard '
                               'general-purpose v2 blob storage is priced']}}

@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_components_are_pinned(price_changes, case):
    assert_case_pinned(price_changes, CASES[case], EXPECTED[case], "azurerm")



def _azure(address: str, attrs: dict, references: dict | None = None):
    change = make_change(address, attrs, region="westeurope", references=references)
    return dataclasses.replace(change, provider="azurerm")


@pytest.mark.parametrize(("lb_rules", "outbound_rules", "overage"), [(3, 1, None), (5, 2, 2)])
def test_standard_lb_rules_beyond_five_are_billed_per_rule_hour(price_changes, lb_rules,
                                                                outbound_rules, overage):
    lb = _azure("azurerm_lb.lb", {"name": "lb", "location": "westeurope", "sku": "Standard"})
    refs = {"loadbalancer_id": ["azurerm_lb.lb"]}
    rules = [_azure(f"azurerm_lb_rule.r[{i}]", {"name": f"r{i}", "protocol": "Tcp"}, refs)
             for i in range(lb_rules)]
    outbound = [_azure(f"azurerm_lb_outbound_rule.o[{i}]", {"name": f"o{i}"}, refs)
                for i in range(outbound_rules)]
    nat = _azure("azurerm_lb_nat_rule.ssh", {"name": "ssh"}, refs)  # inbound NAT: not billed
    resources = {r["address"]: r for r in price_changes(lb, *rules, *outbound, nat)}
    res = resources["azurerm_lb.lb"]

    assert res["status"] == "priced"
    assert res["notes"] == []
    # load_balancer/global.csv rules kind=included 0.025/hour, kind=overage 0.01/rule-hour
    # [finfocus-azure-testdata-lb-9a4ba7ec]
    got = [(c["name"], c["monthly_quantity"], c["unit_price"], c["monthly_cost"])
           for c in res["after"]["components"] if not c["usage_based"]]
    want = [("Load-balancing and outbound rules (first 5)", 730, 0.025, 18.25)]
    if overage:
        want.append(("Rules beyond the first 5 (x2)", 1460, 0.01, 14.6))  # 2 x 730 x 0.01
    assert got == want
    assert {resources[a]["status"] for a in resources if a != "azurerm_lb.lb"} == {"free"}
