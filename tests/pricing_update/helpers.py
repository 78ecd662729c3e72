"""Shared helpers for the pricing update tests."""

from __future__ import annotations

from pathlib import Path

from cost_gate.pricing.dataset import read_manifest
from cost_gate.pricing.rows import parse_rows
from cost_gate.pricing.update import UpdateOptions, run_update
from cost_gate.pricing.update.http import Fetcher

SHIPPED = Path(__file__).resolve().parents[2] / "pricing_data"


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(env, sleeps=None, attempts=3) -> Fetcher:
    return Fetcher(env=env, attempts=attempts, sleep=sleeps if sleeps is not None else Sleeps(),
                   timeout=(2.0, 5.0))


def update(env, *, log=None, sleeps=None, attempts=3, **options):
    messages = [] if log is None else log
    return run_update(UpdateOptions(**options), env=env,
                      fetcher=fetcher(env, sleeps, attempts), log=messages.append)


def cache_dir(env) -> Path:
    return Path(env["COST_GATE_CACHE_DIR"]) / "pricing"


def read_rows(root: Path, provider: str, service: str, region: str):
    return parse_rows((root / provider / service / f"{region}.csv").read_text(),
                      provider, service, region)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to prove nothing changed)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def manifest(env) -> dict:
    return read_manifest(cache_dir(env))
