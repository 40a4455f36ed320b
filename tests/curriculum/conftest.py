"""Shared fixtures for the curriculum tests: the fixture library and small helpers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum import Library, Problem, load_library

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = FIXTURES / "library"
GOOD_LESSONS = ("healthy-relationships", "online-safety")


@pytest.fixture(scope="session")
def fixture_root() -> Path:
    """The fixture library: two good lessons and one bad lesson per malformed kind."""
    return LIBRARY


@pytest.fixture(scope="session")
def loaded(fixture_root: Path) -> tuple[Library, list[Problem]]:
    """The fixture library, loaded once."""
    return load_library(fixture_root)


@pytest.fixture(scope="session")
def template() -> str:
    """A valid English lesson file to mutate in tests."""
    return (LIBRARY / "healthy-relationships" / "1.0.0" / "en.md").read_text(encoding="utf-8")


@pytest.fixture
def copy_lessons(tmp_path: Path) -> Callable[..., Path]:
    """Copy some fixture lessons into a fresh folder and return it."""

    def copy(*lesson_ids: str, into: str = "lessons") -> Path:
        dest = tmp_path / into
        dest.mkdir(parents=True, exist_ok=True)
        for lesson_id in lesson_ids or GOOD_LESSONS:
            shutil.copytree(LIBRARY / lesson_id, dest / lesson_id)
        return dest

    return copy


def line_of(path: Path, marker: str) -> int:
    """1-based line of the first line containing ``marker``."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if marker in text:
            return number
    raise AssertionError(f"{marker!r} not in {path}")


@pytest.fixture(scope="session")
def find_line() -> Callable[[Path, str], int]:
    """The line_of helper as a fixture."""
    return line_of
