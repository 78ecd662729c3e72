"""GCP rules priced end to end against the shipped price table (one case per priced shape).

Each case is a realistic planned resource; the expectation pins its status, monthly cost, notes
and every cost component (name, unit, monthly quantity, unit price, price source) as priced
against the shipped pricing_data/. Unit prices were checked against the rows of
pricing_data/gcp/<service>/<region>.csv when the expectations were written.
"""

# ruff: noqa: E501

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.rules.conftest import assert_case_pinned, make_change


def inst(mt: str, zone: str = "us-central1-a", **extra: Any) -> dict[str, Any]:
    """google_compute_instance `after` with a 20 GB pd-balanced boot disk."""
    a = {"name": "vm", "machine_type": mt, "zone": zone,
         "boot_disk": [{"initialize_params": [{"image": "debian-cloud/debian-12", "size": 20, "type": "pd-balanced"}]}],
         "scratch_disk": [], "guest_accelerator": [], "scheduling": [{"preemptible": False, "provisioning_model": "STANDARD"}]}
    a.update(extra)
    return a



# google_compute_instance_template referenced by the group managers / from-template instance.
TEMPLATE = {"name_prefix": "web-", "machine_type": "n2-standard-2", "disk": [{"boot": True, "auto_delete": True, "disk_size_gb": 50, "disk_type": "pd-ssd", "source_image": "debian-cloud/debian-12"}], "guest_accelerator": [], "scheduling": [{"preemptible": False}]}
# case -> (address, planned attributes, region, other resources it references)
CASES: dict[str, tuple[str, dict[str, Any], str, dict[str, dict[str, Any]]]] = {
 "n1_sud": ("google_compute_instance.a", inst("n1-standard-4"), "us-central1", {}),
 "custom_ext": ("google_compute_instance.a", inst("n2-custom-4-40960-ext"), "us-central1", {}),
 "custom_n1": ("google_compute_instance.a", inst("custom-2-6144"), "us-central1", {}),
 "n1_gpus_local_ssd": ("google_compute_instance.a", inst("n1-standard-8", scheduling=[{"preemptible": False, "provisioning_model": "STANDARD"}], guest_accelerator=[{"type": "nvidia-tesla-t4", "count": 2}], scratch_disk=[{"interface": "NVME", "size": 375}]), "us-central1", {}),
 "spot": ("google_compute_instance.a", inst("e2-standard-4", scheduling=[{"preemptible": True, "provisioning_model": "SPOT"}]), "us-central1", {}),
 "igm": ("google_compute_instance_group_manager.web", {"name": "web", "zone": "europe-west1-b", "target_size": 3, "version": [{"instance_template": "x", "name": "v1"}]}, "europe-west1", {"google_compute_instance_template.web": TEMPLATE}),
 "rigm": ("google_compute_region_instance_group_manager.web", {"name": "web", "region": "europe-west1", "target_size": 2, "version": [{"instance_template": "x"}]}, "europe-west1", {"google_compute_instance_template.web": TEMPLATE}),
 "from_template": ("google_compute_instance_from_template.a", {"name": "a", "zone": "europe-west1-b", "source_instance_template": "x", "machine_type": None}, "europe-west1", {"google_compute_instance_template.web": TEMPLATE}),
 "reservation": ("google_compute_reservation.r", {"name": "r", "zone": "us-central1-a", "specific_reservation": [{"count": 2, "instance_properties": [{"machine_type": "n2-standard-8", "guest_accelerators": [], "local_ssds": []}]}]}, "us-central1", {}),
 "node_group": ("google_compute_node_group.g", {"name": "g", "zone": "us-central1-a", "initial_size": 1, "node_template": "t"}, "us-central1", {"google_compute_node_template.t": {"name": "t", "region": "us-central1", "node_type": "n1-node-96-624"}}),
 "region_disk": ("google_compute_region_disk.d", {"name": "d", "region": "us-central1", "type": "pd-balanced", "size": 200, "replica_zones": ["us-central1-a", "us-central1-b"]}, "us-central1", {}),
 "disk_default": ("google_compute_disk.d", {"name": "d", "zone": "us-central1-a", "type": "pd-balanced", "size": None}, "us-central1", {}),
 "snapshot": ("google_compute_snapshot.s", {"name": "s", "source_disk": "d", "zone": "us-central1-a"}, "us-central1", {}),
 "address": ("google_compute_address.ip", {"name": "ip", "region": "europe-west1", "address_type": "EXTERNAL"}, "europe-west1", {}),
 "address_internal": ("google_compute_address.ip", {"name": "ip", "region": "europe-west1", "address_type": "INTERNAL"}, "europe-west1", {}),
 "global_peering_range": ("google_compute_global_address.psa", {"name": "psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL", "prefix_length": 16, "network": "vpc"}, "europe-west1", {}),
 "global_address": ("google_compute_global_address.ip", {"name": "ip", "address_type": "EXTERNAL"}, "global", {}),
 "nat": ("google_compute_router_nat.nat", {"name": "nat", "region": "us-central1", "router": "r", "nat_ip_allocate_option": "MANUAL_ONLY", "nat_ips": ["a", "b"], "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES"}, "us-central1", {}),
 "fwd": ("google_compute_forwarding_rule.f", {"name": "f", "region": "us-central1", "load_balancing_scheme": "EXTERNAL", "port_range": "80"}, "us-central1", {}),
 "gfwd": ("google_compute_global_forwarding_rule.f", {"name": "f", "load_balancing_scheme": "EXTERNAL_MANAGED", "port_range": "443"}, "us-central1", {}),
 "vpn": ("google_compute_vpn_tunnel.t", {"name": "t", "region": "europe-west4", "peer_ip": "1.2.3.4", "shared_secret": "x"}, "europe-west4", {}),
 "gke": ("google_container_cluster.c", {"name": "c", "location": "us-central1-a", "initial_node_count": 3, "remove_default_node_pool": False, "enable_autopilot": None, "node_config": [{"machine_type": "e2-standard-4", "disk_size_gb": 100, "disk_type": "pd-standard"}], "node_pool": []}, "us-central1", {}),
 "gke_autopilot": ("google_container_cluster.c", {"name": "c", "location": "us-central1", "enable_autopilot": True}, "us-central1", {}),
 "node_pool": ("google_container_node_pool.p", {"name": "p", "location": "europe-west1", "cluster": "c", "node_count": 1, "node_locations": None, "node_config": [{"machine_type": "n2-standard-4", "disk_size_gb": 50, "disk_type": "pd-balanced", "spot": False, "preemptible": False}]}, "europe-west1", {}),
 "sql": ("google_sql_database_instance.db", {"name": "db", "region": "us-central1", "database_version": "MYSQL_8_0", "settings": [{"tier": "db-n1-standard-2", "availability_type": "ZONAL", "disk_size": 50, "disk_type": "PD_SSD"}]}, "us-central1", {}),
 "sql_custom": ("google_sql_database_instance.db", {"name": "db", "region": "us-central1", "database_version": "POSTGRES_15", "settings": [{"tier": "db-custom-2-7680"}]}, "us-central1", {}),
 "bucket": ("google_storage_bucket.b", {"name": "b", "location": "US-EAST1", "storage_class": "STANDARD"}, "us-east1", {}),
 "bucket_multi": ("google_storage_bucket.b", {"name": "b", "location": "EU", "storage_class": "NEARLINE"}, "eu", {}),
 "topic": ("google_pubsub_topic.t", {"name": "t"}, "us-central1", {}),
 "sub": ("google_pubsub_subscription.s", {"name": "s", "topic": "t"}, "us-central1", {}),
 "fn": ("google_cloudfunctions_function.f", {"name": "f", "region": "us-central1", "runtime": "python311", "available_memory_mb": 256}, "us-central1", {}),
 "run2": ("google_cloud_run_v2_service.s", {"name": "s", "location": "us-central1", "template": [{"containers": [{"image": "x", "resources": [{"limits": {"cpu": "2", "memory": "1Gi"}, "cpu_idle": True}]}]}]}, "us-central1", {}),
 "run1": ("google_cloud_run_service.s", {"name": "s", "location": "us-central1", "template": [{"metadata": [{"annotations": {"run.googleapis.com/cpu-throttling": "false"}}], "spec": [{"containers": [{"image": "x", "resources": [{"limits": {"cpu": "1000m"}}]}]}]}]}, "us-central1", {}),
 "fn2": ("google_cloudfunctions2_function.f", {"name": "f", "location": "us-central1", "service_config": [{"available_cpu": "1", "available_memory": "256M"}]}, "us-central1", {}),
}


EXPECTED: dict[str, dict[str, Any]] = {'n1_sud': {'status': 'priced',
            'monthly_cost': 99.089489,
            'components': [('Instance usage (on-demand, n1-standard-4)',
                            'hours',
                            730,
                            0.189999,
                            'cyclenerd-pricing-yml'),
                           ('Sustained-use discount (Instance usage (on-demand, n1-standard-4))',
                            'hours',
                            -219,
                            0.189999,
                            'cyclenerd-pricing-yml'),
                           ('Boot disk (pd-balanced, 20 GB)',
                            'GB-months',
                            20,
                            0.1,
                            'cyclenerd-pricing-yml')],
            'notes': ['sustained-use discount of 30% for N1 assumes the instance runs the whole '
                      'month']},
 'custom_ext': {'status': 'priced',
                'monthly_cost': 258.49864,
                'components': [('Custom N2 n2-custom-4-40960-ext: 4 vCPUs',
                                'vCPU-hours',
                                2920,
                                0.033174,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Custom N2 n2-custom-4-40960-ext: 32 GiB memory',
                                'GiB-hours',
                                23360,
                                0.004446,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Custom N2 n2-custom-4-40960-ext: 8 GiB extended memory',
                                'GiB-hours',
                                5840,
                                0.00955,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Boot disk (pd-balanced, 20 GB)',
                                'GB-months',
                                20,
                                0.1,
                                'cyclenerd-pricing-yml')],
                'notes': ['N2 gets a sustained-use discount whose schedule is not in the price '
                          'data: priced at the on-demand rate',
                          'priced from data dated 2023-10-30, older than 12 months']},
 'custom_n1': {'status': 'priced',
               'monthly_cost': 49.535264,
               'components': [('Custom N1 custom-2-6144: 2 vCPUs',
                               'vCPU-hours',
                               1460,
                               0.033174,
                               'sagemath-gcloud-pricing-csv-47ad7f83'),
                              ('Custom N1 custom-2-6144: 6 GiB memory',
                               'GiB-hours',
                               4380,
                               0.004446,
                               'sagemath-gcloud-pricing-csv-47ad7f83'),
                              ('Sustained-use discount (Custom N1 custom-2-6144: 2 vCPUs)',
                               'vCPU-hours',
                               -438,
                               0.033174,
                               'sagemath-gcloud-pricing-csv-47ad7f83'),
                              ('Sustained-use discount (Custom N1 custom-2-6144: 6 GiB memory)',
                               'GiB-hours',
                               -1314,
                               0.004446,
                               'sagemath-gcloud-pricing-csv-47ad7f83'),
                              ('Boot disk (pd-balanced, 20 GB)',
                               'GB-months',
                               20,
                               0.1,
                               'cyclenerd-pricing-yml')],
               'notes': ['sustained-use discount of 30% for N1 assumes the instance runs the whole '
                         'month',
                         'priced from data dated 2023-10-30, older than 12 months']},
 'n1_gpus_local_ssd': {'status': 'priced',
                       'monthly_cost': 737.178978,
                       'components': [('Instance usage (on-demand, n1-standard-8)',
                                       'hours',
                                       730,
                                       0.379998,
                                       'cyclenerd-pricing-yml'),
                                      ('Sustained-use discount (Instance usage (on-demand, '
                                       'n1-standard-8))',
                                       'hours',
                                       -219,
                                       0.379998,
                                       'cyclenerd-pricing-yml'),
                                      ('GPU (nvidia-tesla-t4 x2)',
                                       'hours',
                                       1460,
                                       0.35,
                                       'sagemath-gcloud-pricing-csv-47ad7f83'),
                                      ('Boot disk (pd-balanced, 20 GB)',
                                       'GB-months',
                                       20,
                                       0.1,
                                       'cyclenerd-pricing-yml'),
                                      ('Scratch disk 0 (local SSD, 375 GB)',
                                       'GB-months',
                                       375,
                                       0.08,
                                       'cyclenerd-pricing-yml')],
                       'notes': ['sustained-use discount of 30% for N1 assumes the instance runs '
                                 'the whole month',
                                 'priced from data dated 2023-10-30, older than 12 months']},
 'spot': {'status': 'priced',
          'monthly_cost': 60.70952,
          'components': [('Instance usage (Spot, e2-standard-4)',
                          'hours',
                          730,
                          0.080424,
                          'cyclenerd-pricing-yml'),
                         ('Boot disk (pd-balanced, 20 GB)',
                          'GB-months',
                          20,
                          0.1,
                          'cyclenerd-pricing-yml')],
          'notes': []},
 'igm': {'status': 'priced',
         'monthly_cost': 259.46646,
         'components': [('Instance usage (on-demand, n2-standard-2 x3)',
                         'hours',
                         2190,
                         0.106834,
                         'cyclenerd-pricing-yml'),
                        ('Boot disk x3 (pd-ssd, 50 GB)',
                         'GB-months',
                         150,
                         0.17,
                         'cyclenerd-pricing-yml')],
         'notes': ['N2 gets a sustained-use discount whose schedule is not in the price data: '
                   'priced at the on-demand rate']},
 'rigm': {'status': 'priced',
          'monthly_cost': 172.97764,
          'components': [('Instance usage (on-demand, n2-standard-2 x2)',
                          'hours',
                          1460,
                          0.106834,
                          'cyclenerd-pricing-yml'),
                         ('Boot disk x2 (pd-ssd, 50 GB)',
                          'GB-months',
                          100,
                          0.17,
                          'cyclenerd-pricing-yml')],
          'notes': ['N2 gets a sustained-use discount whose schedule is not in the price data: '
                    'priced at the on-demand rate']},
 'from_template': {'status': 'priced',
                   'monthly_cost': 86.48882,
                   'components': [('Instance usage (on-demand, n2-standard-2)',
                                   'hours',
                                   730,
                                   0.106834,
                                   'cyclenerd-pricing-yml'),
                                  ('Boot disk (pd-ssd, 50 GB)',
                                   'GB-months',
                                   50,
                                   0.17,
                                   'cyclenerd-pricing-yml')],
                   'notes': ['N2 gets a sustained-use discount whose schedule is not in the price '
                             'data: priced at the on-demand rate']},
 'reservation': {'status': 'priced',
                 'monthly_cost': 567.16912,
                 'components': [('Instance usage (on-demand, n2-standard-8 x2)',
                                 'hours',
                                 1460,
                                 0.388472,
                                 'cyclenerd-pricing-yml')],
                 'notes': ['N2 gets a sustained-use discount whose schedule is not in the price '
                           'data: priced at the on-demand rate']},
 'node_group': {'status': 'priced',
                'monthly_cost': 4559.870832,
                'components': [('Sole-tenant node (n1-node-96-624 x1): 96 vCPUs',
                                'vCPU-hours',
                                70080,
                                0.031611,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Sole-tenant node (n1-node-96-624 x1): 624 GB memory',
                                'GiB-hours',
                                455520,
                                0.004237,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Sole-tenant node (n1-node-96-624 x1): sole-tenancy premium, vCPUs',
                                'vCPU-hours',
                                70080,
                                0.0031611,
                                'sagemath-gcloud-pricing-csv-47ad7f83'),
                               ('Sole-tenant node (n1-node-96-624 x1): sole-tenancy premium, '
                                'memory',
                                'GiB-hours',
                                455520,
                                0.0004237,
                                'sagemath-gcloud-pricing-csv-47ad7f83')],
                'notes': ['priced from data dated 2023-10-30, older than 12 months']},
 'region_disk': {'status': 'priced',
                 'monthly_cost': 40,
                 'components': [('Regional persistent disk (regional pd-balanced, 200 GB)',
                                 'GB-months',
                                 200,
                                 0.2,
                                 'cyclenerd-pricing-yml')],
                 'notes': []},
 'disk_default': {'status': 'priced',
                  'monthly_cost': 10,
                  'components': [('Persistent disk (pd-balanced, 100 GB)',
                                  'GB-months',
                                  100,
                                  0.1,
                                  'cyclenerd-pricing-yml')],
                  'notes': ['size not set; assumed 100 GB, the default size of a pd-balanced '
                            'disk']},
 'snapshot': {'status': 'priced',
              'monthly_cost': 0,
              'components': [('Snapshot storage',
                              'GB-months',
                              None,
                              0.05,
                              'cyclenerd-pricing-yml')],
              'notes': []},
 'address': {'status': 'priced',
             'monthly_cost': 3.65,
             'components': [('External IP address (in use)',
                             'hours',
                             730,
                             0.005,
                             'cyclenerd-pricing-yml')],
             'notes': ['priced as in use by a VM; a reserved address that is not in use is billed '
                       'at the higher unused rate']},
 'address_internal': {'status': 'free',
                      'monthly_cost': 0,
                      'components': [],
                      'notes': ['internal address: no charge']},
 'global_peering_range': {'status': 'free',
                          'monthly_cost': 0,
                          'components': [],
                          'notes': ['internal address: no charge']},
 'global_address': {'status': 'unsupported',
                    'monthly_cost': None,
                    'components': [],
                    'notes': ['global external IP address: the price data has no global '
                              '(region-less) IP address price']},
 'nat': {'status': 'priced',
         'monthly_cost': 7.3,
         'components': [('NAT gateway (per VM using it, up to 32 VMs)',
                         'VM-hours',
                         None,
                         0.0014,
                         'gcp-nat-pricing-page'),
                        ('Data processed', 'GiB', None, 0.045, 'gcp-nat-pricing-page'),
                        ('NAT IP addresses (x2)', 'hours', 1460, 0.005, 'gcp-nat-pricing-page')],
         'notes': ['with more than 32 VMs the gateway charge is capped at the per-gateway hourly '
                   'rate']},
 'fwd': {'status': 'priced',
         'monthly_cost': 18.25,
         'components': [('Forwarding rule',
                         'hours',
                         730,
                         0.025,
                         'gcp-load-balancing-pricing-page')],
         'notes': ["priced at the rate for a project's first 5 forwarding rules; each rule past 5 "
                   'is billed at the lower per-rule rate']},
 'gfwd': {'status': 'priced',
          'monthly_cost': 18.25,
          'components': [('Forwarding rule',
                          'hours',
                          730,
                          0.025,
                          'gcp-load-balancing-pricing-page')],
          'notes': ["priced at the rate for a project's first 5 forwarding rules; each rule past 5 "
                    'is billed at the lower per-rule rate']},
 'vpn': {'status': 'priced',
         'monthly_cost': 36.5,
         'components': [('VPN tunnel', 'hours', 730, 0.05, 'cyclenerd-pricing-yml')],
         'notes': []},
 'gke': {'status': 'priced',
         'monthly_cost': 378.5100196,
         'components': [('Cluster management fee',
                         'hours',
                         730,
                         0.1,
                         'morpheus-gcp-price-sync-gcp-skus-json-c46139ce'),
                        ('Instance usage (on-demand, e2-standard-4 x3)',
                         'hours',
                         2190,
                         0.13402284,
                         'cyclenerd-pricing-yml'),
                        ('Default node pool boot disks x3 (pd-standard, 100 GB)',
                         'GB-months',
                         300,
                         0.04,
                         'cyclenerd-pricing-yml')],
         'notes': ['priced from data dated 2025-08-08, older than 12 months']},
 'gke_autopilot': {'status': 'priced',
                   'monthly_cost': 73,
                   'components': [('Cluster management fee',
                                   'hours',
                                   730,
                                   0.1,
                                   'morpheus-gcp-price-sync-gcp-skus-json-c46139ce')],
                   'notes': ['Autopilot pod vCPU: no price in the data for us-central1, not shown',
                             'Autopilot pod memory: no price in the data for us-central1, not '
                             'shown',
                             'priced from data dated 2025-08-08, older than 12 months']},
 'node_pool': {'status': 'priced',
               'monthly_cost': 482.93292,
               'components': [('Instance usage (on-demand, n2-standard-4 x3)',
                               'hours',
                               2190,
                               0.213668,
                               'cyclenerd-pricing-yml'),
                              ('Nodes boot disks x3 (pd-balanced, 50 GB)',
                               'GB-months',
                               150,
                               0.1,
                               'cyclenerd-pricing-yml')],
               'notes': ["regional location: nodes priced in 3 zones (GKE's default for a regional "
                         'cluster)',
                         'N2 gets a sustained-use discount whose schedule is not in the price '
                         'data: priced at the on-demand rate']},
 'sql': {'status': 'partial',
         'monthly_cost': 98.623,
         'components': [('Cloud SQL instance (db-n1-standard-2, zonal)',
                         'hours',
                         730,
                         0.1351,
                         'dbcost-dbinstance-json-a777ac9e')],
         'notes': ['no price in the data for: Storage (PD_SSD, 50 GB) in us-central1',
                   'priced from data dated 2023-03-10, older than 12 months']},
 'sql_custom': {'status': 'unsupported',
                'monthly_cost': None,
                'components': [],
                'notes': ['Cloud SQL tier db-custom-2-7680: only the legacy db-n1 tiers have '
                          'prices in the shipped data']},
 'bucket': {'status': 'priced',
            'monthly_cost': 0,
            'components': [('Standard storage', 'GB-months', None, 0.02, 'cyclenerd-pricing-yml'),
                           ('Class A operations',
                            'operations',
                            None,
                            5e-06,
                            'gcp-cloud-storage-pricing-examples-page'),
                           ('Class B operations',
                            'operations',
                            None,
                            4e-07,
                            'gcp-cloud-storage-pricing-examples-page')],
            'notes': []},
 'bucket_multi': {'status': 'priced',
                  'monthly_cost': 0,
                  'components': [('Nearline storage',
                                  'GB-months',
                                  None,
                                  0.015,
                                  'cyclenerd-pricing-yml')],
                  'notes': []},
 'topic': {'status': 'priced',
           'monthly_cost': 0,
           'components': [('Message throughput', 'TiB', None, 40, 'gcp-pubsub-pricing-page')],
           'notes': []},
 'sub': {'status': 'priced',
         'monthly_cost': 0,
         'components': [('Message throughput', 'TiB', None, 40, 'gcp-pubsub-pricing-page')],
         'notes': []},
 'fn': {'status': 'priced',
        'monthly_cost': 0,
        'components': [('Invocations',
                        'invocations',
                        None,
                        4e-07,
                        'gcp-cloud-functions-pricing-page-2021-01-10')],
        'notes': ['Compute time: no price in the data for us-central1, not shown',
                  'priced from data dated 2021-01-10, older than 12 months']},
 'run2': {'status': 'priced',
          'monthly_cost': 0,
          'components': [('CPU allocated during requests (2 vCPU)',
                          'vCPU-seconds',
                          None,
                          2.4e-05,
                          'gcp-cloud-run-pricing-page')],
          'notes': ['CPU at the Tier 1 rate: us-central1 is a Tier 1 Cloud Run region',
                    'Memory: no price in the data for us-central1, not shown',
                    'Requests: no price in the data for us-central1, not shown']},
 'run1': {'status': 'priced',
          'monthly_cost': 0,
          'components': [('CPU always allocated (1 vCPU)',
                          'vCPU-seconds',
                          None,
                          1.8e-05,
                          'gcp-cloud-run-pricing-page')],
          'notes': ['CPU at the Tier 1 rate: us-central1 is a Tier 1 Cloud Run region',
                    'Memory: no price in the data for us-central1, not shown',
                    'Requests: no price in the data for us-central1, not shown']},
 'fn2': {'status': 'priced',
         'monthly_cost': 0,
         'components': [('CPU allocated during requests (1 vCPU)',
                         'vCPU-seconds',
                         None,
                         2.4e-05,
                         'gcp-cloud-run-pricing-page')],
         'notes': ['CPU at the Tier 1 rate: us-central1 is a Tier 1 Cloud Run region',
                   'Memory: no price in the data for us-central1, not shown',
                   'Requests: no price in the data for us-central1, not shown']}}

@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_components_are_pinned(price_changes, case):
    assert_case_pinned(price_changes, CASES[case], EXPECTED[case], "google")


def test_n1_partial_month_sustained_use(price):
    """`monthly_hrs` of a half month: the first quarter at 100%, the second at 80% -> 10% off."""
    from decimal import Decimal

    from cost_gate.rules.google.compute import sustained_use_share
    from cost_gate.usage.loader import parse_usage

    assert sustained_use_share(Decimal("0.5")) == Decimal("0.9")
    assert sustained_use_share(Decimal("0.1")) == Decimal(1)
    usage = parse_usage({"version": 0.1, "resource_usage": {
        "google_compute_instance.a": {"monthly_hrs": 365}}})
    full = price("google_compute_instance.a", inst("n1-standard-4"), region="us-central1")
    half = price("google_compute_instance.a", inst("n1-standard-4"), region="us-central1",
                 usage=usage)
    hours = {c["name"]: c for c in half["after"]["components"]}
    machine = hours["Instance usage (on-demand, n1-standard-4)"]
    assert machine["monthly_quantity"] == 365
    discount = hours["Sustained-use discount (Instance usage (on-demand, n1-standard-4))"]
    assert discount["monthly_quantity"] == -36.5
    full_machine = {c["name"]: c for c in full["after"]["components"]}[machine["name"]]
    assert full_machine["unit_price"] == machine["unit_price"]
    assert any("runs 365 hours a month" in n for n in half["notes"])


def test_cloud_run_in_a_tier_2_region_has_no_cpu_price(price_changes):
    """europe-west2 (London) is a Tier 2 Cloud Run region: the Tier 1 CPU rate is not used."""
    attrs = {"name": "s", "location": "europe-west2", "template": [{"containers": [
        {"image": "x", "resources": [{"limits": {"cpu": "1"}, "cpu_idle": True}]}]}]}
    change = dataclasses.replace(make_change("google_cloud_run_v2_service.s", attrs,
                                             region="europe-west2"), provider="google")
    (res,) = price_changes(change)

    assert res["status"] == "unsupported"  # every charge is usage-based and none has a price
    assert res["notes"][:2] == [
        "europe-west2 is a Tier 2 Cloud Run region: its CPU rate is not in the data (only "
        "Tier 1's is)",
        "CPU allocated during requests (1 vCPU): no price in the data for europe-west2, not "
        "shown"]



def test_global_resources_need_no_region(tmp_path):
    """google_compute_global_* resources are global: a plan without a provider region prices
    them (a global forwarding rule from the region-less rows; a peering range is free)."""
    import json

    from cost_gate.api import build_report

    def change(rtype: str, name: str, after: dict) -> dict:
        return {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name,
                "provider_name": "registry.terraform.io/hashicorp/google",
                "change": {"actions": ["create"], "before": None, "after": after,
                           "after_unknown": {"id": True}}}

    plan = {"format_version": "1.2", "terraform_version": "1.11.0", "resource_changes": [
        change("google_compute_global_address", "psa", {
            "name": "psa", "purpose": "VPC_PEERING", "address_type": "INTERNAL",
            "prefix_length": 16}),
        change("google_compute_global_forwarding_rule", "https", {
            "name": "https", "port_range": "443", "load_balancing_scheme": "EXTERNAL_MANAGED"}),
    ]}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    report = build_report([str(path)], env={})
    got = {r["address"]: (r["region"], r["status"], r["monthly_delta"])
           for r in report["projects"][0]["resources"]}
    assert got == {
        "google_compute_global_address.psa": ("global", "free", 0),
        # network/global.csv forwarding_rule scope=first_5: 730 x 0.025
        "google_compute_global_forwarding_rule.https": ("global", "priced", 18.25),
    }
    assert report["findings"] == []
