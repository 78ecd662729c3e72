"""Local, lazy price lookup over layered datasets.

Layers, most specific first: ``--pricing-dir`` / ``COST_GATE_PRICING_DIR`` (a mirror), the user
cache written by ``cost-gate pricing update``, then the snapshot shipped in ``pricing_data/``.
Each ``(provider, service, region)`` file is read from the first layer that has it, and only
when a resource needs it: a plan touching one region of EC2 reads one small CSV.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cost_gate.errors import PricingDataError
from cost_gate.pricing.dataset import MANIFEST
from cost_gate.pricing.rows import Attrs, PriceRow, dataset_file, make_attrs, parse_rows

ENV_PRICING_DIR = "COST_GATE_PRICING_DIR"
ENV_CACHE_DIR = "COST_GATE_CACHE_DIR"


def shipped_dir() -> Path:
    """The snapshot that ships with cost-gate (repo checkout or installed package data)."""
    here = Path(__file__).resolve().parent.parent.parent / "pricing_data"
    if (here / MANIFEST).is_file():
        return here
    import importlib.util

    spec = importlib.util.find_spec("pricing_data")
    if spec and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if (Path(location) / MANIFEST).is_file():
                return Path(location)
    raise PricingDataError("the shipped price table (pricing_data/) is missing from this install")


def user_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where `pricing update` writes: $COST_GATE_CACHE_DIR, else the OS user cache dir."""
    env = os.environ if env is None else env
    if env.get(ENV_CACHE_DIR):
        return Path(env[ENV_CACHE_DIR]) / "pricing"
    from platformdirs import user_cache_dir as _platform_cache

    return Path(_platform_cache("cost-gate")) / "pricing"


@dataclass
class Layer:
    origin: str  # "pricing-dir" | "user-cache" | "shipped"
    root: Path
    manifest: dict[str, Any]


@dataclass
class PriceStore:
    layers: list[Layer]
    _files: dict[tuple[str, str, str], dict[tuple[str, Attrs], list[PriceRow]] | None] = field(
        default_factory=dict
    )
    used_files: dict[tuple[str, str, str], Layer] = field(default_factory=dict)

    @classmethod
    def from_dirs(cls, dirs: list[tuple[str, Path]]) -> PriceStore:
        layers = []
        for origin, root in dirs:
            try:
                manifest = json.loads((root / MANIFEST).read_text())
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as exc:
                raise PricingDataError(f"{root / MANIFEST} is unreadable: {exc}") from None
            layers.append(Layer(origin, root, manifest))
        if not layers:
            raise PricingDataError("no price data found (pricing_data/ missing?)")
        return cls(layers)

    @classmethod
    def default(
        cls, pricing_dir: str | Path | None = None, env: Mapping[str, str] | None = None
    ) -> PriceStore:
        env = os.environ if env is None else env
        dirs: list[tuple[str, Path]] = []
        explicit = pricing_dir or env.get(ENV_PRICING_DIR)
        if explicit:
            path = Path(explicit)
            if not (path / MANIFEST).is_file():
                raise PricingDataError(f"{path} is not a cost-gate price directory (no {MANIFEST})")
            dirs.append(("pricing-dir", path))
        dirs.append(("user-cache", user_cache_dir(env)))
        dirs.append(("shipped", shipped_dir()))
        return cls.from_dirs(dirs)

    def _layer_for(self, provider: str, service: str, region: str) -> Layer | None:
        rel = f"{provider}/{service}/{region}.csv"
        for layer in self.layers:
            if rel in layer.manifest.get("files", {}):
                return layer
        return None

    def _load(self, provider: str, service: str, region: str):
        key = (provider, service, region)
        if key in self._files:
            return self._files[key]
        layer = self._layer_for(provider, service, region)
        index: dict[tuple[str, Attrs], list[PriceRow]] | None = None
        if layer is not None:
            path = dataset_file(layer.root, provider, service, region)
            try:
                rows = parse_rows(path.read_text(), provider, service, region)
            except (OSError, ValueError) as exc:
                raise PricingDataError(f"price file {path} is unreadable: {exc}") from None
            index = {}
            for row in rows:
                index.setdefault((row.product, row.attrs), []).append(row)
            for tiers in index.values():
                tiers.sort(key=lambda r: r.tier_start)
            self.used_files[key] = layer
        self._files[key] = index
        return index

    def lookup(
        self, provider: str, service: str, region: str, product: str, attrs: Mapping[str, object]
    ) -> list[PriceRow]:
        """All tiers of the one price matching exactly; empty when we have no such price."""
        index = self._load(provider, service, region)
        if not index:
            return []
        return index.get((product, make_attrs(dict(attrs))), [])

    def note_used(self, keys: set[tuple[str, str, str]]) -> None:
        """Record price files another process read for this run (parallel projects)."""
        for key in keys:
            if key not in self.used_files:
                layer = self._layer_for(*key)
                if layer is not None:
                    self.used_files[key] = layer

    def known_region(self, provider: str, region: str) -> bool:
        prefix = f"{provider}/"
        suffix = f"/{region}.csv"
        return any(
            rel.startswith(prefix) and rel.endswith(suffix)
            for layer in self.layers
            for rel in layer.manifest.get("files", {})
        )

    def describe_used(self) -> dict[str, Any]:
        """The `pricing` block of the report: which layers and sources actually priced this run."""
        origins = sorted({layer.origin for layer in self.used_files.values()})
        primary = self.layers[0].manifest
        return {
            "snapshot_date": primary.get("snapshot_date"),
            "origins": origins or [self.layers[-1].origin],
        }
