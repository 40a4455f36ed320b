"""Semantic versions (MAJOR.MINOR.PATCH) as used in lesson folders and front matter."""

from __future__ import annotations

import re

VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

VersionKey = tuple[int, int, int]


def is_version(text: object) -> bool:
    """True when ``text`` is a string of the form MAJOR.MINOR.PATCH."""
    return isinstance(text, str) and VERSION_RE.match(text) is not None


def version_key(text: str) -> VersionKey:
    """Sort key for a version string; raises ValueError for anything but MAJOR.MINOR.PATCH."""
    match = VERSION_RE.match(text)
    if match is None:
        raise ValueError(f"not a version (MAJOR.MINOR.PATCH): {text!r}")
    return int(match[1]), int(match[2]), int(match[3])


def sort_versions(versions: list[str]) -> list[str]:
    """The given versions, oldest first."""
    return sorted(versions, key=version_key)
