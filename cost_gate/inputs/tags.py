"""Effective tags of a resource: what the cloud bill would carry, from any input.

Plan and state JSON say them in the attributes: AWS ``tags_all`` (the provider's
``default_tags`` merged under the resource's ``tags``), Google ``terraform_labels`` (the
provider's ``default_labels`` merged under ``labels``) or ``labels``, Azure and others
``tags``. HCL mode has no ``tags_all``: the loader merges the provider's ``default_tags`` /
``default_labels`` itself (:func:`merge_default_tags`) and sets ``ResourceChange.tags``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cost_gate.models import ResourceChange, ResourceSide

# attribute names holding the effective tags, most complete first, per provider
_TAG_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "aws": ("tags_all", "tags"),
    "google": ("terraform_labels", "labels"),
    "google-beta": ("terraform_labels", "labels"),
}
_DEFAULT_ATTRIBUTES = ("tags", "labels")


def tag_attributes(provider: str) -> tuple[str, ...]:
    return _TAG_ATTRIBUTES.get(provider, _DEFAULT_ATTRIBUTES)


def tags_from_attributes(provider: str, side: ResourceSide | None) -> dict[str, str] | None:
    """The first known tag map of ``side`` (None when the resource has none)."""
    if side is None:
        return None
    blocks = side.attributes.get("tag") if provider == "aws" else None
    if isinstance(blocks, list) and blocks and not isinstance(side.attributes.get("tags"),
                                                              Mapping):
        # aws_autoscaling_group: `tag { key, value, propagate_at_launch }` blocks
        return _strings({b.get("key"): b.get("value") for b in blocks
                         if isinstance(b, Mapping) and b.get("key") is not None})
    unknown = side.unknown if isinstance(side.unknown, Mapping) else {}
    for name in tag_attributes(provider):
        value = side.attributes.get(name)
        if unknown.get(name) is True and not isinstance(value, Mapping):
            continue  # known only after apply: try the next, less complete, attribute
        if isinstance(value, Mapping):
            return _strings(value)
    return None


def effective_tags(change: ResourceChange) -> dict[str, str] | None:
    """The resource's effective tags: set by the input, else read from its attributes
    (the after side, or the before side of a deletion)."""
    if change.tags is not None:
        return dict(change.tags)
    return tags_from_attributes(change.provider, change.after or change.before)


def merge_default_tags(provider: str, attributes: Mapping[str, Any],
                       defaults: Mapping[str, Any] | None) -> dict[str, str] | None:
    """HCL mode: the provider's default tags under the resource's own (the resource wins)."""
    own_name = "labels" if provider in ("google", "google-beta") else "tags"
    own = attributes.get(own_name)
    if not isinstance(own, Mapping) and not defaults:
        return None
    merged = _strings(defaults or {})
    if isinstance(own, Mapping):
        merged.update(_strings(own))
    return merged


def _strings(tags: Mapping[Any, Any]) -> dict[str, str]:
    """Tag values as text; values not known yet (None) are left out."""
    out: dict[str, str] = {}
    for key, value in tags.items():
        if value is None or isinstance(value, (Mapping, list)):
            continue
        out[str(key)] = str(value).lower() if isinstance(value, bool) else str(value)
    return out
