"""Atomic, merging writes of the user cache dataset.

The new dataset is written and verified in a temp directory beside the cache, then swapped in
with two renames; the previous dataset is removed only once the new one is in place, and
:func:`recover` puts it back if a crash hit between the two renames. A lock file serialises
concurrent updates. Readers never see a half-written cache.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from cost_gate.errors import PricingUpdateError
from cost_gate.pricing.dataset import MANIFEST, choose_newest, verify_dataset, write_dataset
from cost_gate.pricing.rows import PriceRow
from cost_gate.pricing.update.common import Log, UnitResult, now_utc

ORIGIN = "user cache, written by cost-gate pricing update"
_OLD_PREFIX = ".pricing-old-"
_NEW_PREFIX = ".pricing-new-"


def downloads_dir(cache_dir: Path) -> Path:
    return cache_dir.parent / ".pricing-downloads"


@contextlib.contextmanager
def locked(cache_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Exclusive lock for one writer at a time (advisory; POSIX only); waits up to ``wait``
    seconds for another holder, then refuses with a one-line error."""
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(cache_dir.parent / ".pricing.lock", "w") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise PricingUpdateError(
                        f"another `cost-gate pricing update` is writing {cache_dir}; "
                        "try again later"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(cache_dir: Path, log: Log = lambda _m: None) -> None:
    """Finish or undo an update that died between its two renames; drop leftovers.

    With the cache directory missing, a new dataset that was completely written and still
    verifies is moved into place (the update is completed); otherwise the previous dataset
    is put back (rolled back). Call with the lock held.
    """
    parent = cache_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(_OLD_PREFIX + "*"), key=lambda p: p.stat().st_mtime)
    news = sorted(parent.glob(_NEW_PREFIX + "*"), key=lambda p: p.stat().st_mtime)
    if not os.path.lexists(cache_dir) and (olds or news):
        complete = [n for n in news if (n / MANIFEST).is_file() and not verify_dataset(n)]
        if complete and olds:
            os.rename(complete[-1], cache_dir)
            news.remove(complete[-1])
            log(f"completed an interrupted `pricing update`: the new price cache at {cache_dir} "
                "was verified and put in place")
        elif olds:
            os.rename(olds.pop(), cache_dir)
            log(f"rolled back an interrupted `pricing update`: the previous price cache at "
                f"{cache_dir} was restored")
    for leftover in [*olds, *news]:
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(downloads_dir(cache_dir), ignore_errors=True)


def load_cache(cache_dir: Path, log: Log = lambda _m: None) -> tuple[list[PriceRow], dict]:
    """Rows and manifest of the current cache, every file checked as a reader checks it.

    A cache with any damage (manifest shape, size, checksum, value ranges, not a regular
    file) is not merged from: the update rebuilds the cache from scratch.
    """
    from cost_gate.pricing.store import DamagedData, Layer, read_manifest_checked, read_price_file

    if not os.path.lexists(cache_dir / MANIFEST):
        return [], {}
    try:
        manifest = read_manifest_checked(cache_dir)
        layer = Layer("user-cache", cache_dir, manifest)
        rows = [row for rel in manifest["files"] for row in read_price_file(layer, rel)]
    except DamagedData as exc:
        log(f"the price cache at {cache_dir} is damaged ({exc}); rebuilding it from scratch")
        return [], {}
    return rows, manifest


def _rank(row: PriceRow) -> tuple:
    return (row.data_date, row.source, row.sku)


def merge(old_rows: Iterable[PriceRow], results: Iterable[UnitResult]) -> list[PriceRow]:
    """Replace the rows of every refreshed source; keep all others (other regions, 304s)."""
    results = list(results)
    refreshed = {r.source for r in results if not r.not_modified}
    rows = [row for row in old_rows if row.source not in refreshed]
    rows.extend(row for r in results if not r.not_modified for row in r.rows)
    chosen, _ = choose_newest(rows, _rank)
    return list(chosen.values())


def build_manifest_extra(
    rows: list[PriceRow], old_sources: dict[str, Any], results: Iterable[UnitResult]
) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.source] = counts.get(row.source, 0) + 1
    sources: dict[str, Any] = {}
    for name, meta in old_sources.items():
        if counts.get(name):
            sources[name] = dict(meta)
    for result in results:
        meta = dict(result.meta)
        meta["provider"] = result.provider
        sources[result.source] = meta
    for name, meta in sources.items():
        meta["rows"] = counts.get(name, 0)
    dated = [r.data_date for r in rows if r.data_date]
    fetched = [m["fetched_at"][:10] for m in sources.values() if m.get("fetched_at")]
    return {
        "origin": ORIGIN,
        "updated_at": now_utc(),
        # as_of: the day the oldest source in this cache was last confirmed current.
        "as_of": min(fetched) if fetched else date.today().isoformat(),
        "snapshot_date": max(dated) if dated else None,
        "oldest_data_date": min(dated) if dated else None,
        "sources": sources,
    }


def commit(cache_dir: Path, rows: list[PriceRow], extra: dict[str, Any]) -> dict[str, Any]:
    """Write ``rows`` as the new cache dataset, atomically; returns its manifest."""
    parent = cache_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_NEW_PREFIX, dir=parent))
    try:
        manifest = write_dataset(staging, rows, extra)
        problems = verify_dataset(staging)
        if problems:
            raise PricingUpdateError(f"the new price data failed verification: {problems[0]}")
        _swap(staging, cache_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _swap(staging: Path, cache_dir: Path) -> None:
    old = None
    if cache_dir.exists():
        old = cache_dir.parent / f"{_OLD_PREFIX}{uuid.uuid4().hex[:8]}"
        os.rename(cache_dir, old)
    try:
        os.rename(staging, cache_dir)
    except BaseException:
        if old is not None:
            os.rename(old, cache_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
