"""Canonical content hash of an instrument version, so a released version cannot change."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from screening.model import Instrument


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {
            f.name: _canonical(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.compare
        }
        data["__type__"] = type(value).__name__
        return data
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    return value


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
