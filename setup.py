"""The one part of the package layout that pyproject.toml cannot express.

The repository keeps the shipped price snapshot at its root (``pricing_data/``) but it is
installed *inside* the package, as ``cost_gate/pricing_data`` — never as a top-level
``pricing_data`` package in site-packages. Everything else lives in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

# Directories holding only data (templates, schemas, price CSVs) are namespace packages, so
# setuptools installs their files as package data.
CODE = find_namespace_packages(include=["cost_gate", "cost_gate.*"], exclude=["*.__pycache__"])
PRICES = find_namespace_packages(where="pricing_data", exclude=["*__pycache__*"])

setup(
    packages=[*CODE, "cost_gate.pricing_data", *(f"cost_gate.pricing_data.{p}" for p in PRICES)],
    package_dir={"cost_gate.pricing_data": "pricing_data"},
)
