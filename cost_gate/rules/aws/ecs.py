"""ECS: aws_ecs_service tasks on Fargate (Linux, x86_64).

A Fargate service runs ``desired_count`` tasks all month, each billed for the task definition's
``cpu`` (1024 units = 1 vCPU) and ``memory`` (MiB; 1024 = 1 GB). Tasks on the EC2 launch type
run on EC2 instances that are priced as such. FARGATE_SPOT is priced at on-demand rates (an
upper bound). The data has Linux x86_64 Fargate prices only; ephemeral storage above 20 GB is not
priced.
"""

from __future__ import annotations

import re
from decimal import Decimal

from cost_gate.models import HOURS_PER_MONTH
from cost_gate.rules import register
from cost_gate.rules.base import (
    Component,
    MissingAttribute,
    NotPriceable,
    PriceRef,
    Resource,
    monthly,
    to_decimal,
)

FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
FREE_EPHEMERAL_GB = 20
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(vcpu|gb)?\s*$", re.IGNORECASE)


@register("aws_ecs_service")
def aws_ecs_service(r: Resource) -> list[Component]:
    if _fargate_spot(r):
        r.note("FARGATE_SPOT tasks priced at on-demand Fargate rates (an upper bound)")
    if r.is_unknown("desired_count"):
        raise MissingAttribute("desired_count")
    if r.get("desired_count") is None:
        r.note("desired_count not set; the AWS provider's default is 0 tasks")
    tasks = to_decimal(r.get("desired_count", 0))
    task = r.referenced("task_definition")
    if task is None:
        raise MissingAttribute("task_definition", "a task definition not in this plan")
    vcpu = _size(task, "cpu") / 1024
    memory_gb = _size(task, "memory") / 1024
    ephemeral = task.get("ephemeral_storage.0.size_in_gib")
    if ephemeral is not None and to_decimal(ephemeral) > FREE_EPHEMERAL_GB:
        r.note(f"ephemeral storage above {FREE_EPHEMERAL_GB} GB is billed separately; "
               "no price in the data")
    architecture = str(task.get("runtime_platform.0.cpu_architecture", "X86_64")).lower()
    family = str(task.get("runtime_platform.0.operating_system_family", "LINUX"))
    attrs = {"os": "linux" if family.upper() == "LINUX" else family.lower(),
             "architecture": architecture}
    label = f"{tasks} tasks" if tasks != 1 else "1 task"
    return [
        monthly(f"Fargate vCPU ({label} x {vcpu.normalize():f} vCPU)", "vCPU-hours",
                tasks * vcpu * HOURS_PER_MONTH, PriceRef("ecs", "fargate_vcpu_hours", attrs)),
        monthly(f"Fargate memory ({label} x {memory_gb.normalize():f} GB)", "GB-hours",
                tasks * memory_gb * HOURS_PER_MONTH, PriceRef("ecs", "fargate_gb_hours", attrs)),
    ]


def _fargate_spot(r: Resource) -> bool:
    """True on Fargate Spot, False on Fargate; raises when the tasks do not run on Fargate."""
    if r.is_unknown("capacity_provider_strategy"):
        raise MissingAttribute("capacity_provider_strategy")
    strategy = r.blocks("capacity_provider_strategy")
    if strategy:
        providers = [b.get("capacity_provider") for b in strategy]
        if any(not isinstance(p, str) or not p for p in providers):
            raise MissingAttribute("capacity_provider_strategy.capacity_provider")
        fargate = [p for p in providers if p in FARGATE_PROVIDERS]
        if not fargate:
            raise NotPriceable("tasks run on EC2 instances priced separately "
                               "(EC2 capacity providers)")
        if len(fargate) < len(providers):
            raise NotPriceable("the capacity provider strategy mixes Fargate and EC2 capacity "
                               "providers; how tasks are split between them is not priced")
        return "FARGATE_SPOT" in fargate
    if r.is_unknown("launch_type"):
        raise MissingAttribute("launch_type")
    launch_type = r.get("launch_type")
    if launch_type == "FARGATE":
        return False
    if launch_type == "EC2":
        raise NotPriceable("EC2 launch type: tasks run on EC2 instances priced separately")
    if launch_type == "EXTERNAL":
        raise NotPriceable("EXTERNAL launch type (ECS Anywhere): no price in the data")
    raise MissingAttribute("launch_type",
                           "not set (the cluster's default capacity provider strategy decides)")


def _size(task: Resource, name: str) -> Decimal:
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
