"""Fixtures for the VCS tests: small reports, a stand-in renderer, fake code-host APIs."""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run from a fresh clone without installing
    sys.path.insert(0, str(ROOT))

from tests.vcs.fakes import (  # noqa: E402
    FakeAzureRepos,
    FakeBitbucket,
    FakeGitHub,
    FakeGitLab,
)

TOKEN = "ghp_SECRETtoken1234567890abcdef"

#: A one-resource Terraform plan (JSON) that the real estimator prices.
PLAN = {
    "format_version": "1.2", "terraform_version": "1.7.0",
    "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {
        "region": {"constant_value": "us-east-1"}}}}},
    "resource_changes": [{
        "address": "aws_instance.web", "mode": "managed", "type": "aws_instance",
        "name": "web", "provider_name": "registry.terraform.io/hashicorp/aws",
        "change": {"actions": ["create"], "before": None,
                   "after": {"instance_type": "t3.micro", "tenancy": "default"},
                   "after_unknown": {"id": True}}}],
}


def make_report(delta: float = 12.5, *, gate: str = "pass", resources: int = 1) -> dict:
    """A small schema_version 1 report; ``delta`` per resource."""
    res = []
    for i in range(resources):
        res.append({
            "address": f"aws_instance.web[{i}]",
            "type": "aws_instance",
            "provider": "aws",
            "region": "us-east-1",
            "action": "create" if delta else "no-op",
            "status": "priced",
            "before": None,
            "after": {"monthly_cost": delta, "components": [{
                "name": "Instance usage (t3.micro)", "unit": "hours",
                "monthly_quantity": 730, "unit_price": delta / 730 if delta else 0,
                "monthly_cost": delta, "usage_based": False,
            }]},
            "monthly_delta": delta,
            "notes": [],
        })
    total = delta * resources
    summary = {
        "monthly_before": 0.0,
        "monthly_after": total,
        "monthly_delta": total,
        "percent_delta": None,
        "resource_counts": {"priced": resources, "free": 0, "unsupported": 0, "partial": 0},
        "unsupported_types": {},
    }
    violations = []
    if gate != "pass":
        violations.append({
            "rule": "max_increase", "level": "fail" if gate == "fail" else "warn",
            "limit": 1.0, "actual": total,
            "message": f"monthly increase ${total:.2f} is over the limit $1.00",
        })
    return {
        "schema_version": 1,
        "currency": "USD",
        "hours_per_month": 730,
        "pricing": {"snapshot_date": "2024-05-01", "sources": ["aws-bulk"]},
        "projects": [{
            "name": "main", "source": "plan.json", "input_type": "plan",
            "resources": res, "summary": copy.deepcopy(summary),
        }],
        "summary": summary,
        "gate": {"status": gate, "violations": violations},
    }


def fake_render(report: dict):
    """Stand-in for the project renderer (tests only): headline, rows, totals, gate.

    Honours ``max_chars`` by dropping rows and saying so, like the real one must.
    """

    def render(max_chars):
        s = report["summary"]
        head = f"## 💰 cost-gate: monthly cost change +${s['monthly_delta']:.2f}\n\n"
        rows = [f"| {r['address']} | {r['monthly_delta']:.2f} |"
                for p in report["projects"] for r in p["resources"]]
        table = ["| Resource | Delta |", "| --- | --- |"]
        tail = (f"\n\n**Total:** ${s['monthly_before']:.2f} → ${s['monthly_after']:.2f}\n\n"
                f"**Gate: {report['gate']['status'].upper()}**\n")
        body = head + "\n".join(table + rows) + tail
        if max_chars is not None and len(body) > max_chars:
            note = "\n\n_{n} rows trimmed to fit the comment size limit._"
            keep = rows
            while keep and len(head + "\n".join(table + keep) + note + tail) + 6 > max_chars:
                keep = keep[: len(keep) // 2] if len(keep) > 64 else keep[:-1]
            body = (head + "\n".join(table + keep)
                    + note.format(n=len(rows) - len(keep)) + tail)
        return body

    return render


def serve(httpserver, fake):
    """Route every request on the local test server to ``fake``; its base URL is set."""
    httpserver.expect_request(re.compile(".*")).respond_with_handler(fake.handle)
    fake.base = httpserver.url_for("").rstrip("/")
    return fake


@pytest.fixture(autouse=True)
def _no_settle_pause(monkeypatch):
    """The poster's pause before its last convergence check: none in unit tests."""
    import cost_gate.vcs.poster as poster

    monkeypatch.setattr(poster, "SETTLE_SECONDS", 0.0)


@pytest.fixture
def report():
    return make_report()


@pytest.fixture
def github(httpserver):
    return serve(httpserver, FakeGitHub(token=TOKEN))


@pytest.fixture
def ghes(httpserver):
    return serve(httpserver, FakeGitHub(token=TOKEN, prefix="/api/v3", graphql_path="/api/graphql"))


@pytest.fixture
def gitlab(httpserver):
    return serve(httpserver, FakeGitLab(token=TOKEN))


@pytest.fixture
def azure(httpserver):
    return serve(httpserver, FakeAzureRepos(token=TOKEN))


@pytest.fixture
def bitbucket(httpserver):
    return serve(httpserver, FakeBitbucket(token=TOKEN))


@pytest.fixture
def sleeps(monkeypatch):
    """Record (not perform) retry sleeps."""
    calls: list[float] = []
    import cost_gate.vcs.http as http

    monkeypatch.setattr(http, "default_sleep", calls.append)
    return calls


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
