"""aws_ecs_service on Fargate priced end to end against the shipped price table.

Unit prices: read from pricing_data/aws/ecs/<region>.csv (product, attributes [source id, sku]).
Monthly costs: worked out by hand next to them.
"""

from __future__ import annotations

from typing import Any

from tests.rules.conftest import component

TOGEN = "togen-prices-aws-json-a5b2dad6"  # data_date 2026-09-06
DATE = "2026-09-06"
VCPU_PRICE = 0.04048  # ecs/us-east-1.csv fargate_vcpu_hours x86_64;linux [togen, 8CESGAFWKAJ98PME]
GB_PRICE = 0.004445  # ecs/us-east-1.csv fargate_gb_hours x86_64;linux [togen, PBZNQUSEXZUC34C9]

TASK = "aws_ecs_task_definition.app"
REFS = {"task_definition": [f"{TASK}.arn", TASK]}
UNKNOWN = {"id": True, "iam_role": True}


def service(**overrides) -> dict[str, Any]:
    return {"name": "app", "launch_type": "FARGATE", "desired_count": 2,
            "capacity_provider_strategy": [], "scheduling_strategy": "REPLICA",
            "network_configuration": [{"assign_public_ip": False}], **overrides}


def task(**overrides) -> dict[str, Any]:
    return {"family": "app", "requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc",
            "cpu": "256", "memory": "512", "runtime_platform": [], **overrides}


def run(price, svc: dict[str, Any] | None = None, task_attrs: dict[str, Any] | None = None,
        **kwargs: Any) -> dict[str, Any]:
    return price("aws_ecs_service.app", svc or service(), unknown=UNKNOWN, references=REFS,
                 others={TASK: task_attrs or task()}, **kwargs)


def test_two_fargate_tasks_of_quarter_vcpu_and_half_gb(price):
    res = run(price)

    assert res["status"] == "priced"
    assert res["notes"] == []
    assert res["after"] == {
        "monthly_cost": 18.02005,  # 14.7752 + 3.24485
        "components": [
            component("Fargate vCPU (2 tasks x 0.25 vCPU)", "vCPU-hours",
                      quantity=365,  # 2 tasks * 256/1024 vCPU * 730 h
                      unit_price=VCPU_PRICE, monthly_cost=14.7752,  # 365 * 0.04048
                      source=TOGEN, data_date=DATE),
            component("Fargate memory (2 tasks x 0.5 GB)", "GB-hours",
                      quantity=730,  # 2 tasks * 512/1024 GB * 730 h
                      unit_price=GB_PRICE, monthly_cost=3.24485,  # 730 * 0.004445
                      source=TOGEN, data_date=DATE),
        ],
    }
    assert res["monthly_delta"] == 18.02005


def test_sizes_written_as_vcpu_and_gb(price):
    res = run(price, service(desired_count=1), task(cpu="1 vCPU", memory="2 GB"))

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 36.0401,  # 29.5504 + 6.4897
        "components": [
            component("Fargate vCPU (1 task x 1 vCPU)", "vCPU-hours", quantity=730,
                      unit_price=VCPU_PRICE, monthly_cost=29.5504,  # 730 * 0.04048
                      source=TOGEN, data_date=DATE),
            component("Fargate memory (1 task x 2 GB)", "GB-hours", quantity=1460,
                      unit_price=GB_PRICE, monthly_cost=6.4897,  # 1460 * 0.004445
                      source=TOGEN, data_date=DATE),
        ],
    }


def test_fargate_spot_finds_no_price_never_the_on_demand_rate(price):
    strategy = [{"capacity_provider": "FARGATE_SPOT", "weight": 1, "base": 0}]
    res = run(price, service(launch_type=None, capacity_provider_strategy=strategy))

    assert res["status"] == "unsupported"
    assert res["notes"] == [
        "FARGATE_SPOT: Fargate Spot prices are not in the price data",
        "no price in the data for: Fargate Spot vCPU (2 tasks x 0.25 vCPU), Fargate Spot "
        "memory (2 tasks x 0.5 GB) in us-east-1"]


def test_strategy_places_the_base_first_then_by_weight(price):
    # 2 tasks: base 1 on FARGATE, the other 1 split 1:3 -> 0.25 FARGATE, 0.75 FARGATE_SPOT
    strategy = [{"capacity_provider": "FARGATE", "weight": 1, "base": 1},
                {"capacity_provider": "FARGATE_SPOT", "weight": 3, "base": 0}]
    res = run(price, service(launch_type=None, capacity_provider_strategy=strategy))

    assert res["status"] == "partial"
    assert res["after"]["components"] == [
        component("Fargate vCPU (1.25 tasks x 0.25 vCPU)", "vCPU-hours",
                  quantity=228.125,  # 1.25 * 0.25 * 730
                  unit_price=VCPU_PRICE, monthly_cost=9.23450,  # 228.125 * 0.04048
                  source=TOGEN, data_date=DATE),
        component("Fargate memory (1.25 tasks x 0.5 GB)", "GB-hours",
                  quantity=456.25,  # 1.25 * 0.5 * 730
                  unit_price=GB_PRICE, monthly_cost=2.02803125,  # 456.25 * 0.004445
                  source=TOGEN, data_date=DATE),
    ]
    assert res["notes"][-1] == (
        "no price in the data for: Fargate Spot vCPU (0.75 tasks x 0.25 vCPU), Fargate Spot "
        "memory (0.75 tasks x 0.5 GB) in us-east-1")


def test_ec2_launch_type_is_priced_through_its_instances(price):
    res = run(price, service(launch_type="EC2"))

    # no charge of its own: free with the reason (the instances are priced as such)
    assert res["status"] == "free"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["tasks run on EC2 instances (EC2 launch type), priced as those "
                            "instances: no charge of their own"]


def test_ec2_capacity_providers_are_priced_through_their_instances(price):
    ec2 = [{"capacity_provider": "asg-provider", "weight": 1, "base": 0}]
    res = run(price, service(launch_type=None, capacity_provider_strategy=ec2))
    assert res["status"] == "free"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == ["tasks run on EC2 instances (EC2 capacity providers: asg-provider), "
                            "priced as those instances: no charge of their own"]

    mixed = [*ec2, {"capacity_provider": "FARGATE", "weight": 1, "base": 0}]
    res = run(price, service(launch_type=None, capacity_provider_strategy=mixed))
    assert res["status"] == "priced"
    assert res["after"]["monthly_cost"] == 9.010025  # half of 18.02005: 1 of 2 tasks
    assert res["notes"] == ["1 of 2 tasks run on EC2 capacity providers (asg-provider): their "
                            "instances are priced on their own"]


def test_arm64_tasks_have_no_price_in_the_data(price):
    platform = [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}]
    res = run(price, task_attrs=task(runtime_platform=platform))

    assert res["status"] == "unsupported"
    assert res["after"] is None
    assert res["notes"] == ["no price in the data for: Fargate vCPU (2 tasks x 0.25 vCPU), "
                            "Fargate memory (2 tasks x 0.5 GB) in us-east-1"]


def test_explicit_x86_64_linux_platform_is_priced(price):
    platform = [{"cpu_architecture": "X86_64", "operating_system_family": "LINUX"}]
    res = run(price, task_attrs=task(runtime_platform=platform))
    assert res["status"] == "priced" and res["after"]["monthly_cost"] == 18.02005


def test_unknown_launch_type_and_missing_task_definition_are_partial(price):
    res = price("aws_ecs_service.app", service(launch_type=None),
                unknown={**UNKNOWN, "launch_type": True}, references=REFS,
                others={TASK: task()})
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: launch_type is known only after apply"]

    res = price("aws_ecs_service.app", service(task_definition="app:3"), unknown=UNKNOWN)
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: task_definition is a task definition not in this "
                            "plan"]


def test_task_definition_without_task_level_cpu_is_partial(price):
    res = run(price, task_attrs=task(cpu=None))
    assert res["status"] == "partial"
    assert res["notes"] == ["not fully priced: aws_ecs_task_definition.app.cpu is not set "
                            "(Fargate needs a task-level value)"]


def test_fargate_in_eu_central_1(price):
    res = run(price, region="eu-central-1")
    assert [(c["unit_price"], c["monthly_cost"]) for c in res["after"]["components"]] == [
        (0.04656, 16.9944),  # ecs/eu-central-1.csv vCPU [togen, CVZB3RCF48N5AH4A]; 365 * 0.04656
        (0.00511, 3.7303),  # ecs/eu-central-1.csv GB [togen, X7HM34A7GZK89N7Y]; 730 * 0.00511
    ]


# --- the cluster's default capacity provider strategy ------------------------------------------

CLUSTER = "aws_ecs_cluster.main"
PROVIDERS = "aws_ecs_cluster_capacity_providers.main"


def with_cluster(price_changes, strategy: list[dict[str, Any]] | None,
                 svc: dict[str, Any] | None = None) -> dict[str, Any]:
    """A service without launch type or strategy on a cluster (+ its capacity providers)."""
    from tests.rules.conftest import make_change

    changes = [
        make_change("aws_ecs_service.app", svc or service(launch_type=None),
                    unknown={**UNKNOWN, "launch_type": True},
                    references={**REFS, "cluster": [f"{CLUSTER}.id", CLUSTER]}),
        make_change(TASK, task()),
        make_change(CLUSTER, {"name": "main"}),
    ]
    if strategy is not None:
        changes.append(make_change(
            PROVIDERS, {"cluster_name": "main", "capacity_providers": ["FARGATE", "FARGATE_SPOT"],
                        "default_capacity_provider_strategy": strategy},
            references={"cluster_name": [f"{CLUSTER}.name", CLUSTER]}))
    return {r["address"]: r for r in price_changes(*changes)}["aws_ecs_service.app"]


def test_service_uses_the_cluster_default_strategy(price_changes):
    res = with_cluster(price_changes, [{"base": 0, "capacity_provider": "FARGATE", "weight": 1}])

    assert res["status"] == "priced"
    assert res["after"]["monthly_cost"] == 18.02005  # 2 tasks on FARGATE, as above
    assert res["notes"] == ["tasks placed by the default capacity provider strategy of "
                            f"{PROVIDERS}"]


def test_cluster_default_strategy_with_spot_is_partial(price_changes):
    # as terraform plans it: FARGATE_SPOT weight 3, FARGATE base 1 weight 1; 4 tasks ->
    # 1 base + 3 by weight (0.75 FARGATE, 2.25 FARGATE_SPOT)
    strategy = [{"base": 0, "capacity_provider": "FARGATE_SPOT", "weight": 3},
                {"base": 1, "capacity_provider": "FARGATE", "weight": 1}]
    res = with_cluster(price_changes, strategy, service(launch_type=None, desired_count=4))

    assert res["status"] == "partial"
    assert [c["name"] for c in res["after"]["components"]] == [
        "Fargate vCPU (1.75 tasks x 0.25 vCPU)", "Fargate memory (1.75 tasks x 0.5 GB)"]


def test_cluster_without_default_strategy_means_the_ec2_launch_type(price_changes):
    res = with_cluster(price_changes, None)

    assert res["status"] == "free"
    assert res["after"] == {"monthly_cost": 0, "components": []}
    assert res["notes"] == [
        "no launch type, capacity provider strategy or cluster default strategy: ECS uses the "
        "EC2 launch type",
        "tasks run on EC2 instances (EC2 launch type), priced as those instances: no charge of "
        "their own"]


def test_ephemeral_storage_above_20_gb_finds_no_price(price):
    res = run(price, task_attrs=task(ephemeral_storage=[{"size_in_gib": 50}]))

    assert res["status"] == "partial"
    assert res["after"]["monthly_cost"] == 18.02005  # vCPU and memory are priced
    assert res["notes"] == ["no price in the data for: Fargate ephemeral storage above 20 GB "
                            "(2 tasks x 30 GB) in us-east-1"]


# --- aws_ecs_task_set -----------------------------------------------------------------------------

def test_task_set_runs_its_scale_percent_of_the_service(price_changes):
    from tests.rules.conftest import make_change

    task_set = make_change(
        "aws_ecs_task_set.blue",
        {"launch_type": "FARGATE", "scale": [{"unit": "PERCENT", "value": 50}],
         "capacity_provider_strategy": []},
        unknown={"service": True, "task_definition": True, "cluster": True},
        references={"service": ["aws_ecs_service.app.id", "aws_ecs_service.app"],
                    "task_definition": [f"{TASK}.arn", TASK]})
    svc = make_change("aws_ecs_service.app", service(desired_count=3), references=REFS)
    resources = {r["address"]: r for r in price_changes(task_set, svc, make_change(TASK, task()))}
    res = resources["aws_ecs_task_set.blue"]

    assert res["status"] == "priced"
    assert res["after"] == {
        "monthly_cost": 18.02005,  # 50% of 3 tasks, rounded up: 2 tasks (as the service test)
        "components": [
            component("Fargate vCPU (2 tasks x 0.25 vCPU)", "vCPU-hours", quantity=365,
                      unit_price=VCPU_PRICE, monthly_cost=14.7752,  # 365 * 0.04048
                      source=TOGEN, data_date=DATE),
            component("Fargate memory (2 tasks x 0.5 GB)", "GB-hours", quantity=730,
                      unit_price=GB_PRICE, monthly_cost=3.24485,  # 730 * 0.004445
                      source=TOGEN, data_date=DATE),
        ],
    }
