"""Build ``pricing_data/regions.json``: the known regions of each cloud, shipped with the prices.

A region outside its provider's list is a typo or a place no price list knows, so resources
there are reported as unpriced with a ``region`` finding (see :mod:`cost_gate.regions`).
The lists are facts taken at build time from authoritative sources:

- AWS: every partition's regions in botocore's ``data/endpoints.json`` (the SDK's own list);
- Azure: the ARM region names that carry prices in the saved Azure Retail Prices extracts
  (``azure/vm_ondemand_linux_by_region.csv``, ``azure/managed_disks_by_region.csv``);
- GCP: the ``region:`` section of the Cyclenerd ``gcp/pricing.yml`` (one entry per region),
  plus its ``dual-region:`` names and ``multi-region:`` Cloud Storage locations (``us``,
  ``eu``, ``asia``: the ``location`` a bucket names).

Called once from :func:`cost_gate.pricing.snapshot.build_snapshot`.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

REGIONS_FILE = "regions.json"
_AZURE_FILES = ("azure/vm_ondemand_linux_by_region.csv", "azure/managed_disks_by_region.csv")
_GCP_YAML = "gcp/pricing.yml"
_GCP_REGION = re.compile(r"^  ([a-z]+-[a-z]+\d+):\s*$")
_GCP_LOCATION = re.compile(r"^  ([a-z0-9-]+):\s*$")
_GCP_SECTIONS = ("region:", "dual-region:", "multi-region:")


def aws_regions() -> tuple[list[str], str]:
    """All AWS regions in botocore's endpoint data, and a provenance string."""
    try:
        import botocore
    except ImportError:
        raise RuntimeError(
            "botocore is needed to build the AWS region list: pip install -e '.[test]'"
        ) from None
    data = json.loads((Path(botocore.__file__).parent / "data" / "endpoints.json").read_text())
    regions = sorted({name for part in data["partitions"] for name in part.get("regions", {})})
    return regions, f"botocore {botocore.__version__} data/endpoints.json (all partitions)"


def azure_regions(sources: Path) -> list[str]:
    out: set[str] = set()
    for rel in _AZURE_FILES:
        with (sources / rel).open(newline="") as handle:
            for row in csv.DictReader(handle):
                region = (row.get("region") or "").strip().lower()
                if region and region != "global":
                    out.add(region)
    return sorted(out)


def gcp_regions(sources: Path) -> list[str]:
    from cost_gate.pricing.snapshot_azure_gcp import GCS_MULTI_REGIONS

    out: list[str] = []
    section = ""
    with (sources / _GCP_YAML).open() as handle:
        for line in handle:
            if not line.startswith(" "):
                section = line.rstrip() if line.rstrip() in _GCP_SECTIONS else ""
                continue
            if not section:
                continue
            match = (_GCP_REGION if section == "region:" else _GCP_LOCATION).match(line)
            if match:
                name = match.group(1)
                out.append(GCS_MULTI_REGIONS.get(name, name) if section == "multi-region:"
                           else name)
    return sorted(set(out))


def write_region_lists(shared: Path, out: Path) -> dict:
    """Write ``out/regions.json`` from ``shared/pricing-sources``; returns what was written."""
    sources = shared / "pricing-sources"
    aws, aws_source = aws_regions()
    doc = {
        "providers": {
            "aws": {"source": aws_source, "regions": aws},
            "azure": {"source": "ARM region names in " + " and ".join(_AZURE_FILES),
                      "regions": azure_regions(sources)},
            "gcp": {"source": f"region: section of {_GCP_YAML} (Cyclenerd)",
                    "regions": gcp_regions(sources)},
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / REGIONS_FILE).write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
    return doc
