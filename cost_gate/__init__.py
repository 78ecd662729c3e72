"""cost-gate: price Terraform changes, report the monthly cost delta, gate the build."""

__version__ = "0.1.0"
