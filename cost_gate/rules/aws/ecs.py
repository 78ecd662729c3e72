"""ECS: aws_ecs_service and aws_ecs_task_set tasks on Fargate.

A Fargate task is billed for the task definition's ``cpu`` (1024 units = 1 vCPU) and
``memory`` (MiB; 1024 = 1 GB) every hour it runs, plus ephemeral storage above the included
20 GB. Where tasks run: the service's ``capacity_provider_strategy``, else its ``launch_type``,
else the cluster's default strategy (``aws_ecs_cluster_capacity_providers``); with none of them
ECS uses the EC2 launch type. A strategy places its ``base`` tasks first, the rest by
``weight``. Tasks on EC2 (launch type or capacity providers) have no charge of their own (their
instances are priced as such: the service is $0 with a note);
FARGATE_SPOT and Fargate Arm/Windows/ephemeral-storage prices are not in the data, so those
tasks find no price (partial or unsupported, never another rate).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NoCharge,
    NotPriceable,
    PriceRef,
    Resource,
    monthly,
)

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
FREE_EPHEMERAL_GB = 20
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb)?\s*$", re.IGNORECASE)
EC2_LAUNCH_TYPE = "EC2 launch type"  # placement key of tasks launched on the EC2 launch type


def fargate_components(task: Resource, tasks: Decimal, *, spot: bool = False) -> list[Component]:
    """vCPU, memory and extra ephemeral storage of ``tasks`` tasks of ``task`` all month."""
    vcpu = task_size(task, "cpu") / 1024
    memory_gb = task_size(task, "memory") / 1024
    architecture = str(task.get("runtime_platform.0.cpu_architecture", "X86_64")).lower()
    family = str(task.get("runtime_platform.0.operating_system_family", "LINUX"))
    attrs = {"os": "linux" if family.upper() == "LINUX" else family.lower(),
             "architecture": architecture}
    kind = "Fargate Spot" if spot else "Fargate"
    if spot:
        attrs["purchase_option"] = "spot"
    label = f"{tasks.normalize():f} tasks" if tasks != 1 else "1 task"
    comps = [
        monthly(f"{kind} vCPU ({label} x {vcpu.normalize():f} vCPU)", "vCPU-hours",
                tasks * vcpu * HOURS_PER_MONTH, PriceRef("ecs", "fargate_vcpu_hours", attrs)),
        monthly(f"{kind} memory ({label} x {memory_gb.normalize():f} GB)", "GB-hours",
                tasks * memory_gb * HOURS_PER_MONTH, PriceRef("ecs", "fargate_gb_hours", attrs)),
    ]
    ephemeral = task.number("ephemeral_storage.0.size_in_gib")
    if ephemeral is not None and ephemeral > FREE_EPHEMERAL_GB:
        extra = ephemeral - FREE_EPHEMERAL_GB
        comps.append(monthly(f"{kind} ephemeral storage above {FREE_EPHEMERAL_GB} GB ({label} x "
                             f"{extra.normalize():f} GB)", "GB-hours",
                             tasks * extra * HOURS_PER_MONTH,
                             PriceRef("ecs", "fargate_ephemeral_storage", attrs)))
    return comps


def placement(r: Resource, tasks: Decimal, cluster: Resource | None) -> dict[str, Decimal]:
    """Tasks per capacity provider ("FARGATE", "FARGATE_SPOT", or an EC2 provider's name)."""
    if r.is_unknown("capacity_provider_strategy"):
        raise MissingAttribute("capacity_provider_strategy")
    strategy = r.blocks("capacity_provider_strategy")
    if strategy:
        return split(r, "capacity_provider_strategy", strategy, tasks)
    if r.is_unknown("launch_type"):
        default = cluster_strategy(r, cluster)
        if default is None:
            raise MissingAttribute("launch_type")
        return default(tasks)
    launch_type = r.string("launch_type", unknown_ok=True)
    if launch_type == "FARGATE":
        return {"FARGATE": tasks}
    if launch_type == "EC2":
        return {EC2_LAUNCH_TYPE: tasks}
    if launch_type == "EXTERNAL":
        raise NotPriceable("EXTERNAL launch type (ECS Anywhere): no price in the data")
    default = cluster_strategy(r, cluster)
    if default is None:
        raise MissingAttribute("launch_type",
                               "not set (the cluster's default capacity provider strategy "
                               "decides; the cluster is not in this plan)")
    return default(tasks)


def cluster_strategy(r: Resource, cluster: Resource | None):
    """The cluster's default capacity provider strategy as a task splitter; None when the
    cluster is not in the plan."""
    if cluster is None:
        return None
    for providers in cluster.referrers("aws_ecs_cluster_capacity_providers"):
        if providers.is_unknown("default_capacity_provider_strategy"):
            raise MissingAttribute(f"{providers.address}.default_capacity_provider_strategy")
        strategy = providers.blocks("default_capacity_provider_strategy")
        if strategy:
            r.note(f"tasks placed by the default capacity provider strategy of "
                   f"{providers.address}")
            return lambda tasks: split(providers, "default_capacity_provider_strategy",
                                       strategy, tasks)
    r.note("no launch type, capacity provider strategy or cluster default strategy: ECS uses "
           "the EC2 launch type")
    return lambda tasks: {EC2_LAUNCH_TYPE: tasks}


def split(owner: Resource, path: str, strategy: list, tasks: Decimal) -> dict[str, Decimal]:
    """Place ``tasks`` by a capacity provider strategy: bases first, the rest by weight."""
    shares: dict[str, Decimal] = {}
    weights: dict[str, Decimal] = {}
    left = tasks
    for i, item in enumerate(strategy):
        name = item.get("capacity_provider")
        if not isinstance(name, str) or not name:
            raise MissingAttribute(f"{path}.{i}.capacity_provider")
        base = owner.number(f"{path}.{i}.base", 0) or Decimal(0)
        placed = min(left, base)
        shares[name] = shares.get(name, Decimal(0)) + placed
        left -= placed
        weights[name] = weights.get(name, Decimal(0)) + (owner.number(f"{path}.{i}.weight", 0)
                                                         or Decimal(0))
    total = sum(weights.values())
    if left > 0:
        if total == 0:
            raise MissingAttribute(f"{path}.weight", "0 for every provider")
        for name, weight in weights.items():
            shares[name] = shares.get(name, Decimal(0)) + left * weight / total
    return {name: share for name, share in shares.items() if share > 0}


def fargate_tasks(r: Resource, tasks: Decimal, task: Resource,
                  cluster: Resource | None) -> list[Component]:
    """The Fargate components of ``tasks`` tasks placed as ``r`` says."""
    shares = placement(r, tasks, cluster) if tasks > 0 else {"FARGATE": tasks}
    ec2 = {name: n for name, n in shares.items() if name not in FARGATE_PROVIDERS}
    if ec2 and len(ec2) == len(shares):
        where = (EC2_LAUNCH_TYPE if EC2_LAUNCH_TYPE in ec2
                 else f"EC2 capacity providers: {', '.join(sorted(ec2))}")
        raise NoCharge(f"tasks run on EC2 instances ({where}), priced as those instances: no "
                       "charge of their own")
    comps: list[Component] = []
    if "FARGATE" in shares:
        comps += fargate_components(task, shares["FARGATE"])
    if "FARGATE_SPOT" in shares:
        r.note("FARGATE_SPOT: Fargate Spot prices are not in the price data")
        comps += fargate_components(task, shares["FARGATE_SPOT"], spot=True)
    if ec2:
        placed = sum(ec2.values())
        r.note(f"{placed.normalize():f} of {tasks.normalize():f} tasks run on EC2 capacity "
               f"providers ({', '.join(sorted(ec2))}): their instances are priced on their own")
    return comps


def referenced_task(r: Resource) -> Resource:
    task = r.referenced("task_definition")
    if task is None:
        raise MissingAttribute("task_definition", "a task definition not in this plan")
    return task


@register("aws_ecs_service")
def aws_ecs_service(r: Resource) -> list[Component]:
    if r.is_unknown("desired_count"):
        raise MissingAttribute("desired_count")
    if r.get("desired_count") is None:
        r.note("desired_count not set; the AWS provider's default is 0 tasks")
    tasks = r.number("desired_count", 0, integer=True) or Decimal(0)
    task = referenced_task(r)
    return fargate_tasks(r, tasks, task, r.referenced("cluster"))


@register("aws_ecs_task_set")
def aws_ecs_task_set(r: Resource) -> list[Component]:
    """A task set runs ``scale`` percent of its service's desired count (rounded up)."""
    service = r.referenced("service")
    if service is None:
        raise MissingAttribute("service", "a service not in this plan")
    if service.is_unknown("desired_count"):
        raise MissingAttribute(f"{service.address}.desired_count")
    desired = service.number("desired_count", 0, integer=True) or Decimal(0)
    if r.is_unknown("scale.0.value"):
        raise MissingAttribute("scale.0.value")
    percent = r.number("scale.0.value", 0, maximum=100) or Decimal(0)
    if not r.blocks("scale"):
        r.note("scale not set: the task set runs 0% of the service's tasks (AWS's default)")
    tasks = (desired * percent / 100).to_integral_value(rounding=ROUND_CEILING)
    task = referenced_task(r)
    return fargate_tasks(r, tasks, task, r.referenced("cluster"))


def task_size(task: Resource, name: str) -> Decimal:
    """Task-level cpu units or memory MiB; "1 vCPU" / "2 GB" are converted (x 1024)."""
    path = f"{task.address}.{name}"
    if task.is_unknown(name):
        raise MissingAttribute(path)
    value = task.get(name)
    if value is None or value == "":
        raise MissingAttribute(path, "not set (Fargate needs a task-level value)")
    match = _SIZE.match(str(value))
    if match is None:
        raise MissingAttribute(path, f"not a size we can read ({value!r})")
    number = Decimal(match.group(1))
    return number * 1024 if match.group(2) else number


