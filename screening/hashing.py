"""Canonical content hash of an instrument version, so a released version cannot change."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from screening.model import Instrument, NextStep


def _is_unset_addition(f: dataclasses.Field[Any], value: Any) -> bool:
    """A field added after the first release, left at its default: hashing it would
    change the hash of every version released before it existed."""
    return bool(f.metadata.get("added")) and value == f.default


def _canonical(value: Any) -> Any:
    if isinstance(value, NextStep):
        data = _fields(value)
        levels = data.pop("levels")
        # One level is stored as the string it was in the first release.
        data["level"] = levels[0] if len(levels) == 1 else levels
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


def _fields(value: Any) -> dict[str, Any]:
    data = {
        f.name: _canonical(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if f.compare and not _is_unset_addition(f, getattr(value, f.name))
    }
    data["__type__"] = type(value).__name__
    return data


def canonical_json(instrument: Instrument) -> str:
    """The definition's content as canonical JSON (sorted keys, no whitespace, UTF-8).

    Layout, comments and key order in the TOML file do not change it; where the
    file was read from is left out.
    """
    return json.dumps(
        _canonical(instrument), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(instrument: Instrument) -> str:
    """'sha256:<hex>' of the canonical content; equal content gives an equal hash."""
    digest = hashlib.sha256(canonical_json(instrument).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"
