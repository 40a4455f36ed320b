"""Semantic versions: checking and ordering (MAJOR.MINOR.PATCH, no pre-release tags)."""

from __future__ import annotations

import re

_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def is_semver(version: str) -> bool:
    """True for a plain semantic version such as 1.0.0 (no leading zeros, no suffix)."""
    return _SEMVER.fullmatch(version) is not None


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key for a semantic version; ValueError when it is not one."""
    match = _SEMVER.fullmatch(version)
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version like 1.0.0")
    major, minor, patch = (int(part) for part in match.groups())
    return (major, minor, patch)
