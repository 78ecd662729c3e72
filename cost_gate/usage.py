"""Usage estimates for usage-based charges, from a YAML usage file.

Without an estimate a usage-based charge is shown as "$X per unit" and left out of the totals;
with one it is priced and counted. Format::

    version: 1
    resource_type_default_usage:      # applies to every resource of the type
      aws_nat_gateway:
        monthly_data_processed_gb: 100
    resource_usage:                   # by address; `aws_lb.app` also covers aws_lb.app[0], ...
      aws_nat_gateway.main:
        monthly_data_processed_gb: 2500
      module.web.aws_lb.app:
        capacity_units_per_hour: 3

Keys per type: aws_nat_gateway, aws_elb ``monthly_data_processed_gb``; aws_lb/aws_alb
``capacity_units_per_hour`` (average LCUs); aws_instance, aws_autoscaling_group
``monthly_cpu_credit_vcpu_hours``; aws_s3_bucket ``monthly_storage_gb`` (average GB stored),
``monthly_tier1_requests`` (PUT/COPY/POST/LIST), ``monthly_tier2_requests`` (GET and others);
aws_lambda_function ``monthly_requests``, ``monthly_duration_ms`` (total execution time of all
requests; GB-seconds = ms / 1000 x memory_size / 1024); aws_sqs_queue, aws_apigatewayv2_api
``monthly_requests``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cost_gate.errors import InputError

_INDEX = re.compile(r"\[[^\]]*\]$")


@dataclass
class Usage:
    by_address: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    by_type: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def for_resource(self, address: str, resource_type: str) -> Mapping[str, Decimal]:
        """Type defaults, overridden by the address without index, then the exact address."""
        merged: dict[str, Decimal] = dict(self.by_type.get(resource_type, {}))
        merged.update(self.by_address.get(_INDEX.sub("", address), {}))
        merged.update(self.by_address.get(address, {}))
        return merged


def _numbers(section: Any, where: str, name: str) -> dict[str, dict[str, Decimal]]:
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise InputError(f"{name}: `{where}` must be a mapping")
    out: dict[str, dict[str, Decimal]] = {}
    for key, values in section.items():
        if not isinstance(values, dict):
            raise InputError(f"{name}: `{where}.{key}` must be a mapping of usage keys")
        parsed = {}
        for usage_key, value in values.items():
            try:
                number = Decimal(str(value))
            except InvalidOperation:
                number = Decimal(-1)
            if isinstance(value, bool) or not number.is_finite() or number < 0:
                raise InputError(f"{name}: `{where}.{key}.{usage_key}` must be a "
                                 f"non-negative number, got {value!r}")
            parsed[str(usage_key)] = number
        out[str(key)] = parsed
    return out


def load_usage_file(path: str) -> Usage:
    import yaml

    try:
        doc = yaml.safe_load(Path(path).read_text())
    except FileNotFoundError:
        raise InputError(f"{path}: no such usage file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read usage file ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{path}: not valid YAML{where}") from None
    if doc is None:
        return Usage()
    if not isinstance(doc, dict):
        raise InputError(f"{path}: a usage file is a YAML mapping")
    return Usage(
        by_address=_numbers(doc.get("resource_usage"), "resource_usage", path),
        by_type=_numbers(doc.get("resource_type_default_usage"), "resource_type_default_usage",
                         path),
    )
