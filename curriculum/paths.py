"""Where the bundled lessons live."""

from __future__ import annotations

from pathlib import Path


def bundled_lessons_root() -> Path:
    """The ``lessons`` folder shipped inside the ``curriculum`` package."""
    return Path(__file__).resolve().parent / "lessons"
