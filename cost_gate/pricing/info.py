"""What the active price data is, where it comes from, and how old it is.

:func:`pricing_info` describes every layer of a :class:`~cost_gate.pricing.store.PriceStore`
(coverage, sources, dates) and which layer serves each provider/service/region;
:func:`staleness_warning` is the one-line warning shown in `pricing info`, in report footers and
in the JSON ``pricing`` block when the data in use is older than :data:`MAX_AGE_DAYS`.

Age of a layer: the user cache is as old as its least recently fetched source (``as_of``); the
shipped snapshot and mirrors without ``as_of`` are as old as their ``snapshot_date``. Age of a
price row: the later of its ``data_date`` and the day its source was fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

MAX_AGE_DAYS = 90
UPDATE_HINT = "run `cost-gate pricing update` or point --pricing-dir at a fresher mirror"


def _parse(text: Any) -> date | None:
    if not text or not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def manifest_as_of(manifest: Mapping[str, Any]) -> date | None:
    """The day a dataset was last known current (``as_of``, else ``snapshot_date``)."""
    return _parse(manifest.get("as_of")) or _parse(manifest.get("snapshot_date"))


def _fetched_by_source(layers: Iterable[Any]) -> dict[str, date]:
    out: dict[str, date] = {}
    for layer in layers:
        for name, meta in (layer.manifest.get("sources") or {}).items():
            fetched = _parse((meta or {}).get("fetched_at"))
            if fetched:
                out[name] = fetched
    return out


def _source_dates(layers: Iterable[Any]) -> dict[str, date]:
    """Source id -> the later of its data date and its fetch date (first layer listing it)."""
    out: dict[str, date] = {}
    for layer in layers:
        for name, meta in (layer.manifest.get("sources") or {}).items():
            if name in out:
                continue
            dates = [d for d in (_parse((meta or {}).get("data_date")),
                                 _parse((meta or {}).get("fetched_at"))) if d]
            if dates:
                out[name] = max(dates)
    return out


def data_age(
    source: Any,
    today: date | None = None,
    *,
    rows: Iterable[Any] | None = None,
    sources: Iterable[str] | None = None,
) -> dict[str, Any]:
    """``{"as_of", "age_days", "stale", "origin"}`` for a PriceStore or a manifest dict.

    With ``rows`` (objects with ``data_date`` and ``source``, e.g. the PriceRows that priced a
    report) the age is that of the oldest row; with ``sources`` (source ids used) that of the
    oldest source. Otherwise it is the oldest layer that served a lookup.
    """
    today = today or date.today()
    as_of: date | None = None
    origin = None
    if isinstance(source, Mapping):
        as_of = manifest_as_of(source)
        origin = source.get("origin")
    elif sources is not None and rows is None:
        known = _source_dates(source.layers)
        for name in sources:
            when = known.get(name)
            if when and (as_of is None or when < as_of):
                as_of, origin = when, name
    elif rows is not None:
        fetched = _fetched_by_source(source.layers)
        for row in rows:
            dates = [d for d in (_parse(row.data_date), fetched.get(row.source)) if d]
            if not dates:
                continue
            row_date = max(dates)
            if as_of is None or row_date < as_of:
                as_of, origin = row_date, row.source
    else:
        used = list({id(x): x for x in source.used_files.values()}.values()) or source.layers[:1]
        for layer in used:
            layer_date = manifest_as_of(layer.manifest)
            if layer_date and (as_of is None or layer_date < as_of):
                as_of, origin = layer_date, layer.origin
    age = (today - as_of).days if as_of else None
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "age_days": age,
        "stale": age is not None and age > MAX_AGE_DAYS,
        "origin": origin,
    }


def staleness_warning(
    source: Any,
    today: date | None = None,
    *,
    rows: Iterable[Any] | None = None,
    sources: Iterable[str] | None = None,
) -> str | None:
    """One line when the data (layers used, manifest, ``rows`` or ``sources``) is > 90 days old."""
    if sources is not None:
        sources = list(sources)
    age = data_age(source, today, rows=rows, sources=sources)
    if not age["stale"]:
        return None
    by_source = rows is not None or sources is not None
    what = f"source {age['origin']}" if by_source else f"{age['origin'] or 'price data'}"
    return (
        f"prices are {age['age_days']} days old ({what}, as of {age['as_of']}; "
        f"policy: {MAX_AGE_DAYS} days): {UPDATE_HINT}"
    )


def report_fields(
    store: Any,
    today: date | None = None,
    *,
    rows: Iterable[Any] | None = None,
    sources: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Fields to merge into the report's JSON ``pricing`` block (age + the warning line)."""
    rows = list(rows) if rows is not None else None
    sources = list(sources) if sources is not None else None
    age = data_age(store, today, rows=rows, sources=sources)
    return {
        "as_of": age["as_of"],
        "age_days": age["age_days"],
        "stale": age["stale"],
        "max_age_days": MAX_AGE_DAYS,
        "staleness_warning": staleness_warning(store, today, rows=rows, sources=sources),
    }


def _coverage(files: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rel, info in sorted(files.items()):
        provider, service, name = rel.split("/")
        entry = out.setdefault(provider, {}).setdefault(service, {"regions": [], "rows": 0})
        entry["regions"].append(name[: -len(".csv")])
        entry["rows"] += int(info.get("rows", 0))
    return out


def pricing_info(store: Any, today: date | None = None) -> dict[str, Any]:
    """Everything `pricing info` shows, as plain data (also its ``--json`` output)."""
    today = today or date.today()
    layers = []
    served: dict[str, str] = {}
    for layer in store.layers:
        manifest = layer.manifest
        files = manifest.get("files", {})
        for rel in files:
            served.setdefault(rel, layer.origin)
        sources = []
        for name, meta in sorted((manifest.get("sources") or {}).items()):
            meta = meta or {}
            dated = _parse(meta.get("fetched_at")) or _parse(meta.get("data_date"))
            sources.append({
                "id": name,
                "provider": meta.get("provider") or name.split("-")[0],
                "description": meta.get("description"),
                "url": meta.get("url"),
                "data_date": meta.get("data_date"),
                "fetched_at": meta.get("fetched_at"),
                "etag": meta.get("etag"),
                "last_modified": meta.get("last_modified"),
                "rows": meta.get("rows"),
                "age_days": (today - dated).days if dated else None,
                "stale": bool(dated and (today - dated).days > MAX_AGE_DAYS),
            })
        age = data_age(manifest, today)
        stale_rows = sum(int(src["rows"] or 0) for src in sources if src["stale"])
        undated_rows = sum(int(src["rows"] or 0) for src in sources
                           if not (src["fetched_at"] or src["data_date"]))
        layers.append({
            "origin": layer.origin,
            "path": str(layer.root),
            "description": manifest.get("origin"),
            "snapshot_date": manifest.get("snapshot_date"),
            "oldest_data_date": manifest.get("oldest_data_date"),
            "as_of": age["as_of"],
            "age_days": age["age_days"],
            "stale": age["stale"],
            "files": len(files),
            "rows": sum(int(f.get("rows", 0)) for f in files.values()),
            "rows_from_stale_sources": stale_rows,
            "rows_from_undated_sources": undated_rows,
            "coverage": _coverage(files),
            "sources": sources,
        })
    order = {layer.origin: i for i, layer in enumerate(store.layers)}
    active: dict[str, dict[str, dict[str, list[str]]]] = {}
    for rel, origin in sorted(served.items(), key=lambda kv: (order[kv[1]], kv[0])):
        provider, service, name = rel.split("/")
        by_origin = active.setdefault(provider, {}).setdefault(service, {})
        by_origin.setdefault(origin, []).append(name[: -len(".csv")])
    active = {p: dict(sorted(svcs.items())) for p, svcs in sorted(active.items())}
    warnings = []
    for layer in store.layers:
        if any(o == layer.origin for svc in active.values() for s in svc.values() for o in s):
            warning = staleness_warning(layer.manifest, today)
            if warning:
                warnings.append(f"{layer.origin}: {warning}")
    return {
        "today": today.isoformat(),
        "max_age_days": MAX_AGE_DAYS,
        "layers": layers,
        "active": active,
        "warnings": warnings,
    }


def render_info(info: Mapping[str, Any]) -> str:
    """Plain-text rendering of :func:`pricing_info` (stable, CI-log friendly)."""
    lines = []
    for layer in info["layers"]:
        stale = "  STALE" if layer["stale"] else ""
        lines.append(f"[{layer['origin']}] {layer['path']}")
        if layer["description"]:
            lines.append(f"  {layer['description']}")
        lines.append(
            f"  as of {layer['as_of'] or 'unknown'} ({layer['age_days']} days){stale}; "
            f"newest data {layer['snapshot_date'] or '-'}, oldest {layer['oldest_data_date'] or '-'}"
        )
        lines.append(f"  {layer['files']} files, {layer['rows']} rows")
        if layer["rows_from_stale_sources"] or layer["rows_from_undated_sources"]:
            lines.append(
                f"  note: {layer['rows_from_stale_sources']} rows come from sources older than "
                f"{info['max_age_days']} days, {layer['rows_from_undated_sources']} from sources "
                "with no stated date"
            )
        for provider, services in layer["coverage"].items():
            for service, cov in services.items():
                regions = cov["regions"]
                shown = ", ".join(regions[:6]) + (f" (+{len(regions) - 6} more)"
                                                  if len(regions) > 6 else "")
                lines.append(f"  {provider}/{service}: {cov['rows']} rows; {shown}")
        if layer["sources"]:
            lines.append("  sources:")
        for src in layer["sources"]:
            when = src["fetched_at"] or src["data_date"] or "date unknown"
            flag = f"  (older than {info['max_age_days']} days)" if src["stale"] else ""
            lines.append(f"    {src['id']}: {src['rows']} rows, {when}{flag}")
            if src["url"]:
                lines.append(f"      {src['url']}")
    lines.append("active prices (first layer listing a file wins):")
    for provider, services in info["active"].items():
        for service, by_origin in services.items():
            parts = [f"{origin} ({len(regions)} regions)" for origin, regions in by_origin.items()]
            lines.append(f"  {provider}/{service}: " + ", ".join(parts))
    for warning in info["warnings"]:
        lines.append(f"warning: {warning}")
    if not info["warnings"]:
        lines.append(f"no staleness warning (policy: {info['max_age_days']} days)")
    return "\n".join(lines) + "\n"
