"""Load lesson files and whole libraries; every problem names file, line and what is wrong."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from curriculum import body as body_checks
from curriculum import frontmatter
from curriculum.fields import check_fields
from curriculum.layout import LayoutParts, parse_relpath, relpath_of, walk
from curriculum.library import Library
from curriculum.model import SOURCE_LANGUAGE, LessonFile, Problem

PathLike = str | Path


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes with CRLF/CR line endings normalised to LF."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data).hexdigest()


MAX_LESSON_BYTES = 1_000_000
"""A lesson file is a few tens of kilobytes; the same cap as one file of a pack."""


def parse_lesson(
    data: bytes, relpath: str, display: str
) -> tuple[LessonFile | None, list[Problem]]:
    """Parse and check one lesson file given its bytes and its layout path.

    Returns the file (None when it has any error) and all problems found.
    """
    where = parse_relpath(relpath, display)
    if isinstance(where, Problem):
        return None, [where]
    try:
        text = frontmatter.decode(data)
        fm = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(display, exc.line, exc.message)]
    fields = check_fields(fm, where, display)
    sections = body_checks.find_sections(fm.body, fm.body_line)
    problems = fields.problems
    problems += body_checks.check_body(
        fm.body, fm.body_line, sections, fields.duration_minutes, display
    )
    problems.sort(key=lambda p: p.line)
    if any(p.is_error for p in problems):
        return None, problems
    lesson_file = LessonFile(
        id=fields.id,
        version=fields.version,
        language=fields.language,
        title=fields.title,
        released=fields.released,
        grade_band=fields.grade_band,
        duration_minutes=fields.duration_minutes,
        objectives=fields.objectives,
        topics=fields.topics,
        sources=fields.sources,
        changelog=fields.changelog,
        source_version=fields.source_version,
        review_status=fields.review_status,
        body=fm.body,
        body_line=fm.body_line,
        sections=sections,
        relpath=relpath,
        path=display,
        sha256=content_hash(data),
        field_lines=fm.key_lines,
    )
    return lesson_file, problems


def load_lesson_file(path: PathLike) -> tuple[LessonFile | None, list[Problem]]:
    """Load one lesson file; its layout path is taken from its last three path parts.

    A translation whose folder has no ``en.md`` is reported here too.
    """
    p = Path(path)
    relpath = "/".join(p.parts[-3:])
    try:
        if p.stat().st_size > MAX_LESSON_BYTES:
            return None, [Problem(str(p), 1, f"the file is larger than {MAX_LESSON_BYTES:,} bytes")]
        data = p.read_bytes()
    except OSError as exc:
        return None, [Problem(str(p), 1, f"cannot read file: {exc.strerror or exc}")]
    lesson_file, problems = parse_lesson(data, relpath, str(p))
    if lesson_file is not None and lesson_file.is_translation:
        if not (p.parent / f"{SOURCE_LANGUAGE}.md").is_file():
            problems.append(_no_english(lesson_file))
            lesson_file = None
    return lesson_file, problems


def _no_english(f: LessonFile) -> Problem:
    return Problem(
        f.path,
        f.line_of("version"),
        f"translation of version {f.version}, which has no English file "
        f"({relpath_of(f.id, f.version, SOURCE_LANGUAGE)})",
    )


def cross_check(
    subject: Iterable[LessonFile],
    reference: dict[str, LessonFile],
    present: set[str],
) -> tuple[list[LessonFile], list[Problem]]:
    """Checks between files: translations need their English file and must agree with it.

    ``reference`` maps layout paths to all loadable files (subject included);
    ``present`` holds layout paths of files that exist even if they failed to load.
    Returns the subject files that pass and the problems found.
    """
    kept: list[LessonFile] = []
    problems: list[Problem] = []
    for f in subject:
        if not f.is_translation:
            kept.append(f)
            continue
        english_path = relpath_of(f.id, f.version, SOURCE_LANGUAGE)
        if english_path not in present and english_path not in reference:
            problems.append(_no_english(f))
            continue
        if f.source_version and f.source_version != f.version:
            source_path = relpath_of(f.id, f.source_version, SOURCE_LANGUAGE)
            if source_path not in present and source_path not in reference:
                problems.append(
                    Problem(
                        f.path,
                        f.line_of("source_version"),
                        f"source_version {f.source_version} has no English file",
                        "warning",
                    )
                )
        english = reference.get(english_path)
        if english is not None:
            problems += _agree_with_english(f, english)
        kept.append(f)
    return kept, problems


def _agree_with_english(f: LessonFile, english: LessonFile) -> list[Problem]:
    problems: list[Problem] = []
    if f.grade_band != english.grade_band:
        problems.append(
            Problem(
                f.path,
                f.line_of("grade_band"),
                f"grade band {f.grade_band} differs from the English file's {english.grade_band}",
                "warning",
            )
        )
    if f.duration_minutes != english.duration_minutes:
        problems.append(
            Problem(
                f.path,
                f.line_of("duration_minutes"),
                f"duration {f.duration_minutes} differs from the English file's "
                f"{english.duration_minutes}",
                "warning",
            )
        )
    if set(f.topics) != set(english.topics):
        problems.append(
            Problem(
                f.path,
                f.line_of("topics"),
                "topics differ from the English file's; topics stay English "
                "keywords in every language",
                "warning",
            )
        )
    return problems


def load_files(
    entries: Iterable[tuple[str, bytes, str]],
) -> tuple[dict[str, LessonFile], set[str], list[Problem]]:
    """Parse (layout path, bytes, display path) entries; the first of a duplicate path wins."""
    loaded: dict[str, LessonFile] = {}
    present: set[str] = set()
    hashes: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for relpath, data, display in entries:
        if relpath in hashes:
            first_display, first_hash = hashes[relpath]
            if content_hash(data) != first_hash:
                problems.append(
                    Problem(display, 1, f"differs from {first_display}, which is used instead")
                )
            continue
        f, file_problems = parse_lesson(data, relpath, display)
        problems += file_problems
        hashes[relpath] = (display, f.sha256 if f else content_hash(data))
        if isinstance(parse_relpath(relpath, display), LayoutParts):
            present.add(relpath)
        if f is not None:
            loaded[relpath] = f
    return loaded, present, problems


def _read_roots(roots: Sequence[Path], problems: list[Problem]) -> list[tuple[str, bytes, str]]:
    entries: list[tuple[str, bytes, str]] = []
    for root in roots:
        if not root.is_dir():
            problems.append(Problem(str(root), 1, "lessons folder not found"))
            continue
        found, walk_problems = walk(root)
        problems += walk_problems
        for relpath, path in found:
            try:
                with open(path, "rb") as handle:
                    entries.append((relpath, handle.read(), str(path)))
            except OSError as exc:
                problems.append(Problem(str(path), 1, f"cannot read file: {exc.strerror or exc}"))
    return entries


def load_library(root: PathLike | Sequence[PathLike]) -> tuple[Library, list[Problem]]:
    """Load every lesson under one or more lesson roots (e.g. bundled, then installed).

    Files with errors are left out and reported; the rest always loads. When two
    roots hold the same layout path the first root wins (a differing copy is reported).
    Markdown is not rendered here; see :func:`curriculum.render_lesson`.
    """
    roots = [Path(root)] if isinstance(root, str | Path) else [Path(r) for r in root]
    problems: list[Problem] = []
    loaded, present, file_problems = load_files(_read_roots(roots, problems))
    problems += file_problems
    kept, cross_problems = cross_check(loaded.values(), loaded, present)
    problems += cross_problems
    return Library(kept), problems
