"""Lesson curriculum: model, loader and validator, library queries, rendering, diff, packs.

Pure Python; never imports Qt or the application.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from curriculum.diff import DiffLine, FieldChange, Hunk, LessonDiff, diff_files, diff_versions
    from curriculum.library import Library, SearchHit
    from curriculum.loader import load_lesson_file, load_library, parse_lesson
    from curriculum.manifest import check_manifest, compute_manifest, unlisted_files, write_manifest
    from curriculum.model import (
        GRADE_BANDS,
        LANGUAGES,
        REQUIRED_SECTIONS,
        SOURCE_LANGUAGE,
        ChangelogEntry,
        Lesson,
        LessonFile,
        LessonVersion,
        Problem,
        Section,
        TranslationStatus,
    )
    from curriculum.packs import (
        InstallResult,
        Pack,
        PackError,
        PackFile,
        install_pack,
        plan_install,
        validate_pack,
        validate_path,
    )
    from curriculum.paths import bundled_lessons_root
    from curriculum.render import render_lesson, render_markdown

__all__ = [
    "GRADE_BANDS",
    "LANGUAGES",
    "REQUIRED_SECTIONS",
    "SOURCE_LANGUAGE",
    "ChangelogEntry",
    "DiffLine",
    "FieldChange",
    "Hunk",
    "InstallResult",
    "Lesson",
    "LessonDiff",
    "LessonFile",
    "LessonVersion",
    "Library",
    "Pack",
    "PackError",
    "PackFile",
    "Problem",
    "SearchHit",
    "Section",
    "TranslationStatus",
    "bundled_lessons_root",
    "check_manifest",
    "compute_manifest",
    "diff_files",
    "diff_versions",
    "install_pack",
    "load_lesson_file",
    "load_library",
    "parse_lesson",
    "plan_install",
    "render_lesson",
    "render_markdown",
    "unlisted_files",
    "validate_pack",
    "validate_path",
    "write_manifest",
]

_LAZY = {
    "ChangelogEntry": "curriculum.model",
    "DiffLine": "curriculum.diff",
    "FieldChange": "curriculum.diff",
    "GRADE_BANDS": "curriculum.model",
    "Hunk": "curriculum.diff",
    "InstallResult": "curriculum.packs",
    "LANGUAGES": "curriculum.model",
    "Lesson": "curriculum.model",
    "LessonDiff": "curriculum.diff",
    "LessonFile": "curriculum.model",
    "LessonVersion": "curriculum.model",
    "Library": "curriculum.library",
    "Pack": "curriculum.packs",
    "PackError": "curriculum.packs",
    "PackFile": "curriculum.packs",
    "Problem": "curriculum.model",
    "REQUIRED_SECTIONS": "curriculum.model",
    "SOURCE_LANGUAGE": "curriculum.model",
    "SearchHit": "curriculum.library",
    "Section": "curriculum.model",
    "TranslationStatus": "curriculum.model",
    "bundled_lessons_root": "curriculum.paths",
    "check_manifest": "curriculum.manifest",
    "compute_manifest": "curriculum.manifest",
    "diff_files": "curriculum.diff",
    "diff_versions": "curriculum.diff",
    "install_pack": "curriculum.packs",
    "load_lesson_file": "curriculum.loader",
    "load_library": "curriculum.loader",
    "parse_lesson": "curriculum.loader",
    "plan_install": "curriculum.packs",
    "render_lesson": "curriculum.render",
    "render_markdown": "curriculum.render",
    "unlisted_files": "curriculum.manifest",
    "validate_pack": "curriculum.packs",
    "validate_path": "curriculum.packs",
    "write_manifest": "curriculum.manifest",
}


def __getattr__(name: str) -> Any:
    """Import submodules on first use, so loading lessons does not pull in Markdown or nh3."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'curriculum' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
