#!/usr/bin/env python3
"""Rebuild pricing_data/ from the saved public price sources (../shared/pricing-sources).

Usage: python scripts/build_pricing_data.py [--shared ../shared] [--out pricing_data]
The output is deterministic: rebuilding from the same sources gives no diff.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cost_gate.pricing.snapshot import build_snapshot  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "pricing_data")
    args = parser.parse_args()
    if not (args.shared / "pricing-sources").is_dir():
        print(f"error: {args.shared}/pricing-sources not found", file=sys.stderr)
        return 2
    manifest = build_snapshot(args.shared, args.out)
    total = sum(f["rows"] for f in manifest["files"].values())
    print(f"wrote {len(manifest['files'])} files, {total} rows to {args.out}")
    for source, info in sorted(manifest["sources"].items()):
        print(f"  {source}: {info['rows']} rows (data date {info['data_date'] or 'unknown'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
