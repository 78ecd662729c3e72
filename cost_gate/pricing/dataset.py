"""Write and verify a dataset directory (rows grouped into files + manifest.json).

Both the shipped snapshot builder and ``pricing update`` write through :func:`write_dataset`,
so every dataset has the same layout and a manifest that can be verified.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cost_gate.pricing.rows import PriceRow, dataset_file, render_rows

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


def choose_newest(candidates: Iterable[PriceRow], rank) -> tuple[dict, list[tuple]]:
    """Keep one row per price key; ``rank(row)`` orders candidates, highest wins.

    Returns the chosen rows by key and the disagreements (same key, different price).
    """
    grouped: dict[tuple, list[PriceRow]] = defaultdict(list)
    for row in candidates:
        grouped[(row.provider, row.service, row.region, *row.key)].append(row)
    chosen: dict[tuple, PriceRow] = {}
    disagreements: list[tuple] = []
    for key, rows in grouped.items():
        rows.sort(key=rank, reverse=True)
        winner = rows[0]
        chosen[key] = winner
        for other in rows[1:]:
            if other.usd_price != winner.usd_price:
                disagreements.append((winner, other))
    return chosen, disagreements


def write_dataset(
    root: Path, rows: Iterable[PriceRow], manifest_extra: dict[str, Any]
) -> dict[str, Any]:
    """Write rows as ``<provider>/<service>/<region>.csv`` files plus ``manifest.json``.

    Files of the dataset that are no longer produced are removed. Returns the manifest.
    """
    by_file: dict[tuple[str, str, str], list[PriceRow]] = defaultdict(list)
    for row in rows:
        by_file[(row.provider, row.service, row.region)].append(row)
    root.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, Any]] = {}
    for (provider, service, region), file_rows in sorted(by_file.items()):
        path = dataset_file(root, provider, service, region)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = render_rows(file_rows).encode()
        path.write_bytes(data)
        rel = path.relative_to(root).as_posix()
        files[rel] = {"rows": len(file_rows), "sha256": hashlib.sha256(data).hexdigest()}
    for stale in root.glob("*/*/*.csv"):
        if stale.relative_to(root).as_posix() not in files:
            stale.unlink()
    manifest = {"format": FORMAT_VERSION, "currency": "USD", **manifest_extra, "files": files}
    (root / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(root: Path) -> dict[str, Any]:
    return json.loads((root / MANIFEST).read_text())


def verify_dataset(root: Path) -> list[str]:
    """Return the problems found (manifest shape, missing, oversized or non-regular files,
    wrong sha256); empty when the dataset is sound. Never blocks on a FIFO or device."""
    from cost_gate.errors import CostGateError
    from cost_gate.limits import MAX_PRICE_FILE_BYTES, read_regular_file
    from cost_gate.pricing.store import DamagedData, read_manifest_checked

    try:
        manifest = read_manifest_checked(root)
    except DamagedData as exc:
        return [f"{root / MANIFEST}: {exc}"]
    except OSError as exc:
        return [f"{root / MANIFEST}: cannot read manifest ({exc.__class__.__name__})"]
    problems = []
    for rel, info in manifest["files"].items():
        try:
            data = read_regular_file(root / rel, MAX_PRICE_FILE_BYTES, "price file")
        except CostGateError as exc:
            problems.append(f"{rel}: {exc.message}")
            continue
        except OSError:
            problems.append(f"{rel}: missing")
            continue
        if hashlib.sha256(data).hexdigest() != info.get("sha256"):
            problems.append(f"{rel}: sha256 mismatch")
    return problems
