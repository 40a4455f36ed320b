"""The folder layout ``<lesson-id>/<version>/<lang>.md`` and walking a lessons folder."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from curriculum.model import LANGUAGES, Problem
from curriculum.versions import is_version

LESSON_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MANIFEST_NAME = "MANIFEST.json"
_QUIET_TOP_LEVEL = re.compile(r"^(MANIFEST\.json|README(\.\w+)?|LICEN[CS]E(-\w+)?(\.\w+)?)$", re.I)


@dataclass(frozen=True, slots=True)
class LayoutParts:
    """What a lesson file's place in the layout says: lesson id, version, language."""

    lesson_id: str
    version: str
    language: str


def relpath_of(lesson_id: str, version: str, language: str) -> str:
    """The layout path of a lesson file, relative to the lessons root."""
    return f"{lesson_id}/{version}/{language}.md"


def parse_relpath(relpath: str, display: str) -> LayoutParts | Problem:
    """Split ``<lesson-id>/<version>/<lang>.md`` or explain (as a Problem) why it does not fit."""
    parts = relpath.split("/")
    if len(parts) != 3:
        return Problem(
            display, 1, "not in the lesson layout <lesson-id>/<version>/<lang>.md; file ignored"
        )
    lesson_id, version, name = parts
    if not LESSON_ID_RE.match(lesson_id):
        return Problem(
            display, 1, f"folder {lesson_id!r} is not a lesson id (lowercase letters, digits, '-')"
        )
    if not is_version(version):
        return Problem(display, 1, f"folder {version!r} is not a version (MAJOR.MINOR.PATCH)")
    language = name[:-3]
    if language not in LANGUAGES:
        return Problem(
            display, 1, f"file name {name!r}: language must be one of {', '.join(LANGUAGES)}"
        )
    return LayoutParts(lesson_id, version, language)


def is_quiet_extra(relpath: str) -> bool:
    """Top-level files that may sit beside lessons without a warning (manifest, README, licence)."""
    return "/" not in relpath and _QUIET_TOP_LEVEL.match(relpath) is not None


def walk(root: Path) -> tuple[list[tuple[str, Path]], list[Problem]]:
    """All ``.md`` files under root as (relative posix path, path); symlinks are refused.

    Other files give a warning (except a top-level manifest, README or licence);
    hidden files and folders (starting with '.') are skipped.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            problems.append(Problem(folder, 1, f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if entry.is_symlink():
                problems.append(Problem(entry.path, 1, "symbolic links are not allowed; refused"))
            elif entry.is_dir():
                stack.append((entry.path, rel + "/"))
            elif entry.name.endswith(".md"):
                if is_quiet_extra(rel):
                    continue
                found.append((rel, Path(entry.path)))
            elif not is_quiet_extra(rel):
                problems.append(
                    Problem(entry.path, 1, "not a lesson file (.md); ignored", "warning")
                )
    found.sort()
    return found, problems
