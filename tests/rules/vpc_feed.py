"""Components priced from the aws-price-watcher VPC feed (pricing_data/aws/vpc/), shared by
the VPN, transit gateway and VPC rule tests."""

from __future__ import annotations

import pytest

from tests.rules.conftest import component

PW_VPC = "awspricewatcher-v0rts-2b8a61f1"  # data_date 2025-11-19
DATE = "2025-11-19"
STALE = "priced from data dated 2025-11-19, older than 12 months"


def hours(name: str, price: float, quantity: int = 730) -> dict:
    return component(name, "hours", quantity=quantity, unit_price=price,
                     monthly_cost=pytest.approx(quantity * price), source=PW_VPC,
                     data_date=DATE)


def data(price: float, quantity: float | None = None) -> dict:
    return component("Data processed", "GB", quantity=quantity, unit_price=price,
                     monthly_cost=None if quantity is None else pytest.approx(quantity * price),
                     source=PW_VPC, data_date=DATE, usage_based=True)
