"""Local, lazy price lookup over layered datasets.

Layers, most specific first: ``--pricing-dir`` / ``COST_GATE_PRICING_DIR`` (a mirror), the user
cache written by ``cost-gate pricing update``, then the snapshot shipped in ``pricing_data/``.
Each ``(provider, service, region)`` file is read from the first layer that has it, and only
when a resource needs it: a plan touching one region of EC2 reads one small CSV.

Nothing read is trusted: a manifest must have the expected shape, a file must be a regular
file of bounded size whose sha256 matches the manifest, and every price must be a finite,
non-negative number. A damaged user cache is reported once (:attr:`PriceStore.problems`, the
report's ``pricing.notes``) and ignored from then on, so the next layer (the shipped snapshot)
answers; a damaged ``--pricing-dir`` or shipped snapshot is an error. A cache left without
its directory by an update killed between its two renames is put back first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import InvalidOperation
from pathlib import Path
from typing import Any

from cost_gate.errors import CostGateError, PricingDataError
from cost_gate.limits import MAX_PRICE_FILE_BYTES, read_regular_file
from cost_gate.pricing.dataset import MANIFEST
from cost_gate.pricing.rows import Attrs, PriceRow, dataset_file, make_attrs, parse_rows

ENV_PRICING_DIR = "COST_GATE_PRICING_DIR"
ENV_CACHE_DIR = "COST_GATE_CACHE_DIR"


def shipped_dir() -> Path:
    """The snapshot that ships with cost-gate.

    Installed, it is package data at ``cost_gate/pricing_data`` (setup.py maps the
    repository's root ``pricing_data/`` there); in a source checkout or an editable install
    it is ``pricing_data/`` beside the ``cost_gate`` package.
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "pricing_data", package.parent / "pricing_data"):
        if (candidate / MANIFEST).is_file():
            return candidate
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


class DamagedData(Exception):
    """A price directory failed a check (shape, size, checksum, value range)."""


_FILE_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*\.csv$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def manifest_problem(manifest: Any) -> str | None:
    """Why ``manifest`` is not a usable dataset manifest, or None when it is."""
    if not isinstance(manifest, dict):
        return "manifest is not a JSON object"
    files = manifest.get("files")
    if not isinstance(files, dict):
        return "manifest has no `files` object"
    for rel, info in files.items():
        if not _FILE_KEY.match(rel) or ".." in rel:
            return f"manifest lists an unexpected file name {rel[:80]!r}"
        if not isinstance(info, dict) or not _SHA256.match(str(info.get("sha256", ""))):
            return f"manifest entry for {rel} has no sha256"
        rows = info.get("rows", 0)
        if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
            return f"manifest entry for {rel} has a bad row count"
    sources = manifest.get("sources", {})
    if sources is not None and not (
        isinstance(sources, dict) and all(isinstance(v, dict) for v in sources.values())
    ):
        return "manifest `sources` is not an object of objects"
    for key in ("snapshot_date", "as_of", "oldest_data_date", "origin"):
        if manifest.get(key) is not None and not isinstance(manifest[key], str):
            return f"manifest `{key}` is not a string"
    return None


def read_manifest_checked(root: Path) -> dict[str, Any]:
    """The manifest of ``root``, read within the size limit and shape-checked."""
    try:
        data = read_regular_file(root / MANIFEST, MAX_PRICE_FILE_BYTES, "price manifest")
        manifest = json.loads(data)
    except CostGateError as exc:
        raise DamagedData(exc.message) from None
    except (ValueError, RecursionError) as exc:
        raise DamagedData(f"{MANIFEST} is not valid JSON ({type(exc).__name__})") from None
    problem = manifest_problem(manifest)
    if problem:
        raise DamagedData(problem)
    return manifest


def read_price_file(layer: Layer, rel: str) -> list[PriceRow]:
    """Rows of one dataset file after every check; raises :class:`DamagedData`."""
    provider, service, name = rel.split("/")
    path = layer.root / rel
    try:
        data = read_regular_file(path, MAX_PRICE_FILE_BYTES, "price file")
    except CostGateError as exc:
        raise DamagedData(exc.message) from None
    except OSError as exc:
        raise DamagedData(f"{rel}: cannot read ({exc.strerror or exc})") from None
    if hashlib.sha256(data).hexdigest() != layer.manifest["files"][rel]["sha256"]:
        raise DamagedData(f"{rel}: sha256 does not match the manifest (edited or damaged)")
    try:
        rows = parse_rows(data.decode("utf-8"), provider, service, name[: -len(".csv")])
    except (ValueError, InvalidOperation, UnicodeDecodeError) as exc:
        raise DamagedData(f"{rel}: not a price table ({type(exc).__name__})") from None
    for row in rows:
        bad = _row_problem(row)
        if bad:
            raise DamagedData(f"{rel}: {bad} (product {row.product[:40]!r})")
    return rows


def _row_problem(row: PriceRow) -> str | None:
    if not row.usd_price.is_finite() or row.usd_price < 0:
        return f"price {row.usd_price} is not a finite, non-negative number"
    if not row.tier_start.is_finite() or row.tier_start < 0:
        return f"tier start {row.tier_start} is out of range"
    if row.tier_end is not None and (not row.tier_end.is_finite()
                                     or row.tier_end < row.tier_start):
        return f"tier end {row.tier_end} is out of range"
    return None


@dataclass
class PriceStore:
    layers: list[Layer]
    _files: dict[tuple[str, str, str], dict[tuple[str, Attrs], list[PriceRow]] | None] = field(
        default_factory=dict
    )
    used_files: dict[tuple[str, str, str], Layer] = field(default_factory=dict)
    #: One line per damaged/recovered directory (shown once in the report and on stderr).
    problems: list[str] = field(default_factory=list)
    #: Layers dropped as damaged (``pricing verify`` still reports them).
    damaged: list[Layer] = field(default_factory=list)

    @classmethod
    def from_dirs(cls, dirs: list[tuple[str, Path]]) -> PriceStore:
        layers = []
        problems: list[str] = []
        damaged: list[Layer] = []
        for origin, root in dirs:
            if origin == "user-cache":
                note = recover_interrupted_update(root)
                if note:
                    problems.append(note)
            if not os.path.lexists(root / MANIFEST):
                continue
            try:
                manifest = read_manifest_checked(root)
            except DamagedData as exc:
                if origin != "user-cache":
                    raise PricingDataError(f"price directory {root} is damaged: {exc}") from None
                problems.append(_ignored(root, str(exc)))
                damaged.append(Layer(origin, root, {}))
                continue
            layers.append(Layer(origin, root, manifest))
        if not layers:
            raise PricingDataError("no price data found (pricing_data/ missing?)")
        return cls(layers, problems=problems, damaged=damaged)

    @classmethod
    def default(
        cls, pricing_dir: str | Path | None = None, env: Mapping[str, str] | None = None
    ) -> PriceStore:
        env = os.environ if env is None else env
        dirs: list[tuple[str, Path]] = []
        explicit = pricing_dir or env.get(ENV_PRICING_DIR)
        if explicit:
            path = Path(explicit)
            if not os.path.lexists(path / MANIFEST):
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
        rel = f"{provider}/{service}/{region}.csv"
        while True:
            layer = self._layer_for(provider, service, region)
            if layer is None:
                break
            try:
                rows = read_price_file(layer, rel)
                break
            except DamagedData as exc:
                if layer.origin != "user-cache":
                    path = dataset_file(layer.root, provider, service, region)
                    raise PricingDataError(f"price file {path} is damaged: {exc}") from None
                # the whole cache is ignored from now on; the next layer answers
                self.problems.append(_ignored(layer.root, str(exc)))
                self.layers.remove(layer)
                self.damaged.append(layer)
        index: dict[tuple[str, Attrs], list[PriceRow]] | None = None
        if layer is not None:
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
        described: dict[str, Any] = {
            "snapshot_date": primary.get("snapshot_date"),
            "origins": origins or [self.layers[-1].origin],
        }
        if self.problems:
            described["notes"] = list(self.problems)
        return described


def _ignored(root: Path, reason: str) -> str:
    return (f"the price cache at {root} is damaged ({reason}); it is ignored and the shipped "
            "prices are used: run `cost-gate pricing update` to rebuild it")


def recover_interrupted_update(cache_dir: Path) -> str | None:
    """Finish or roll back an update killed between its two renames; a note, or None.

    Only acts when the cache directory is missing and an update left its directories
    beside it; takes the update lock (waiting briefly) so it never races a running update.
    """
    parent = cache_dir.parent
    try:
        if os.path.lexists(cache_dir) or not parent.is_dir() or not any(
            name.startswith((".pricing-old-", ".pricing-new-")) for name in os.listdir(parent)
        ):
            return None
    except OSError:
        return None
    from cost_gate.pricing.update import cache

    messages: list[str] = []
    try:
        with cache.locked(cache_dir, wait=5.0):
            cache.recover(cache_dir, messages.append)
    except (CostGateError, OSError):
        return (f"an interrupted `pricing update` left the price cache at {cache_dir} "
                "incomplete and it could not be repaired now; shipped prices are used")
    return messages[0] if messages else None
