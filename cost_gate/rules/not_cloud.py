"""Providers whose resources are not cloud resources: no cloud bill line of their own.

Their resources are counted apart (status ``not-cloud``), never as ``unsupported``: Kubernetes
objects, Helm releases, utility providers (random, null, time, tls, local, archive, ...),
source-control settings, and the mock providers Terraform's own tests use. Any cost they cause
shows up on the cloud resources they run on. Types listed in :mod:`cost_gate.rules.free` stay
``free``.
"""

NOT_CLOUD_PROVIDERS = frozenset(
    {
        # workloads on a cluster whose nodes are priced themselves
        "kubernetes", "helm", "kubectl",
        # Terraform utility providers
        "terraform", "null", "random", "time", "tls", "local", "archive", "external", "http",
        "template", "cloudinit", "dns",
        # source control and CI settings
        "github", "gitlab",
        # mock providers of Terraform's own test suites
        "test", "tfcoremock", "example", "corner",
    }
)


def is_not_cloud(provider: str) -> bool:
    """``provider`` is a short provider name as in the report (``kubernetes``, ``null``)."""
    return provider in NOT_CLOUD_PROVIDERS
