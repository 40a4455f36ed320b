"""Lesson packs: a folder or .zip in the lesson layout; validated first, installed all or none."""

from __future__ import annotations

import lzma
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from curriculum.layout import is_quiet_extra, walk
from curriculum.library import Library
from curriculum.loader import content_hash, cross_check, load_files, load_lesson_file, load_library
from curriculum.model import LessonFile, Problem

MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 50_000_000
MAX_ENTRIES = 20_000
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_ENTRY_ERRORS = (
    zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, zlib.error, lzma.LZMAError
)
"""What reading a damaged entry raises: bad CRC, unsupported method, corrupt compressed data."""


class PackError(Exception):
    """Installing a pack failed part-way through writing; nothing was left installed."""


@dataclass(frozen=True, slots=True)
class PackFile:
    """One lesson file of a pack: its layout path and exact bytes."""

    relpath: str
    data: bytes


@dataclass(frozen=True)
class Pack:
    """A read and checked pack. ``problems`` are those found in the pack on its own."""

    source: str
    files: tuple[PackFile, ...]
    lessons: dict[str, LessonFile] = field(repr=False)
    present: frozenset[str] = field(repr=False)
    problems: tuple[Problem, ...] = ()

    @property
    def library(self) -> Library:
        """The pack's loadable lessons as a library."""
        return Library(self.lessons.values())


@dataclass(frozen=True, slots=True)
class InstallResult:
    """What an install did: layout paths added and skipped (identical), or why it refused."""

    added: tuple[str, ...]
    skipped: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the pack was installed (or was already installed)."""
        return not any(p.is_error for p in self.problems)


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic links are not allowed"
    if "\\" in name or "\x00" in name:
        return "the name contains a backslash or NUL"
    if name.startswith("/") or _DRIVE_RE.match(name):
        return "absolute paths are not allowed"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "the path escapes the pack folder ('..')"
    if any(part in ("", ".") for part in parts):
        return "empty or '.' path parts are not allowed"
    if info.flag_bits & 0x1:
        return "encrypted entries are not allowed"
    if info.file_size > MAX_FILE_BYTES:
        return f"larger than {MAX_FILE_BYTES // 1000} kB"
    return None


def _read_zip(path: Path) -> tuple[list[tuple[str, bytes, str]], list[Problem]]:
    problems: list[Problem] = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # ValueError: a name not UTF-8
        return [], [Problem(str(path), 1, f"not a readable zip file: {exc}")]
    entries: list[tuple[str, bytes, str]] = []
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            return [], [Problem(str(path), 1, f"more than {MAX_ENTRIES} entries; refused")]
        seen: set[str] = set()
        total = 0
        for info in infos:
            display = f"{path}/{info.filename}"
            reason = _unsafe_reason(info)
            if reason is not None:
                problems.append(Problem(display, 1, f"zip entry refused: {reason}"))
                continue
            if info.filename in seen:
                problems.append(Problem(display, 1, "zip entry appears twice; refused"))
                continue
            seen.add(info.filename)
            parts = info.filename.rstrip("/").split("/")
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            if not info.filename.endswith(".md"):
                if not is_quiet_extra(info.filename):
                    problems.append(
                        Problem(display, 1, "not a lesson file (.md); ignored", "warning")
                    )
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except _ENTRY_ERRORS as exc:
                problems.append(Problem(display, 1, f"cannot read zip entry: {exc}"))
                continue
            total += len(data)
            if len(data) > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                problems.append(Problem(display, 1, "zip entry is too large; refused"))
                continue
            entries.append((info.filename, data, display))
    return _strip_wrapper_folder(entries), problems


def _strip_wrapper_folder(
    entries: list[tuple[str, bytes, str]],
) -> list[tuple[str, bytes, str]]:
    """Accept a zip of the pack folder itself (``mypack/<id>/<version>/<lang>.md``)."""
    if not entries:
        return entries
    parts = [name.split("/") for name, _, _ in entries]
    tops = {p[0] for p in parts}
    if len(tops) == 1 and all(len(p) == 4 for p in parts):
        return [
            ("/".join(p[1:]), data, display)
            for p, (_, data, display) in zip(parts, entries, strict=True)
        ]
    return entries


def _read_folder(path: Path) -> tuple[list[tuple[str, bytes, str]], list[Problem]]:
    found, problems = walk(path)
    entries: list[tuple[str, bytes, str]] = []
    for relpath, file_path in found:
        try:
            if file_path.stat().st_size > MAX_FILE_BYTES:
                problems.append(Problem(str(file_path), 1, "file is too large; refused"))
                continue
            entries.append((relpath, file_path.read_bytes(), str(file_path)))
        except OSError as exc:
            problems.append(Problem(str(file_path), 1, f"cannot read file: {exc.strerror}"))
    return entries, problems


def read_pack(path: str | Path) -> Pack:
    """Read a pack folder or .zip and check each file on its own (no installed library)."""
    p = Path(path)
    if p.is_dir():
        entries, problems = _read_folder(p)
    elif p.is_file() and zipfile.is_zipfile(p):
        entries, problems = _read_zip(p)
    else:
        return Pack(
            str(p),
            (),
            {},
            frozenset(),
            (Problem(str(p), 1, "not a lesson pack: expected a folder or a .zip file"),),
        )
    lessons, present, file_problems = load_files(entries)
    problems += file_problems
    if not entries and not problems:
        problems.append(Problem(str(p), 1, "the pack holds no lesson files"))
    files = tuple(PackFile(relpath, data) for relpath, data, _ in entries)
    return Pack(str(p), files, lessons, frozenset(present), tuple(problems))


def _check_against(pack: Pack, installed: Library | None) -> list[Problem]:
    """Pack problems plus cross-file checks that may use installed lessons (e.g. English)."""
    reference: dict[str, LessonFile] = {}
    if installed is not None:
        reference.update((f.relpath, f) for f in installed.files())
    reference.update(pack.lessons)
    present = set(pack.present) | set(reference)
    _, cross = cross_check(pack.lessons.values(), reference, present)
    return list(pack.problems) + cross


def validate_pack(path: str | Path, installed: Library | None = None) -> tuple[Pack, list[Problem]]:
    """Read and check a pack; translations may rely on English files in ``installed``."""
    pack = read_pack(path)
    return pack, _check_against(pack, installed)


def plan_install(pack: Pack, installed: Library) -> tuple[list[PackFile], list[Problem]]:
    """Decide what to copy: all files or none.

    New versions and translations are added; a file identical to an installed one is
    skipped; a released version whose content differs is refused, as is any pack with
    an error. Returns (files to add, problems); on any error the list is empty.
    """
    problems = _check_against(pack, installed)
    to_add: list[PackFile] = []
    for pack_file in pack.files:
        existing = installed.file_at(pack_file.relpath)
        if existing is None:
            to_add.append(pack_file)
        elif existing.sha256 != content_hash(pack_file.data):
            problems.append(_differs(pack, pack_file.relpath, existing.path))
    if any(p.is_error for p in problems):
        errors = sum(p.is_error for p in problems)
        problems.append(
            Problem(
                pack.source,
                1,
                f"pack not installed: {errors} error(s) must be fixed first; nothing was installed",
            )
        )
        return [], problems
    return to_add, problems


def _differs(pack: Pack, relpath: str, installed_at: str) -> Problem:
    lesson = pack.lessons.get(relpath)
    line = lesson.line_of("version") if lesson else 1
    display = lesson.path if lesson else f"{pack.source}/{relpath}"
    return Problem(
        display,
        line,
        f"{relpath} is already installed ({installed_at}) with "
        "different content; a released version never changes: give the changed "
        "lesson a new version",
    )


def install_pack(
    pack: Pack | str | Path, target_root: str | Path, installed: Library | None = None
) -> InstallResult:
    """Validate and install a pack into ``target_root``: everything or nothing.

    ``installed`` should be the app's whole library (bundled plus installed lessons);
    when omitted, the lessons already in ``target_root`` are used. Files are written
    to a temporary folder inside ``target_root`` and then moved into place; if a move
    fails, files already moved are removed again and PackError is raised.
    """
    if not isinstance(pack, Pack):
        pack = read_pack(pack)
    target = Path(target_root)
    target.mkdir(parents=True, exist_ok=True)
    if installed is None:
        installed = load_library(target)[0]
    to_add, problems = plan_install(pack, installed)
    adding = {f.relpath for f in to_add}
    skipped = [f.relpath for f in pack.files if f.relpath not in adding]
    if any(p.is_error for p in problems):
        return InstallResult((), (), tuple(problems))
    fresh: list[PackFile] = []
    for pack_file in to_add:  # files on disk that failed to load are not in ``installed``
        dest = target / pack_file.relpath
        if not dest.exists():
            fresh.append(pack_file)
        elif content_hash(dest.read_bytes()) == content_hash(pack_file.data):
            skipped.append(pack_file.relpath)
        else:
            problems.append(_differs(pack, pack_file.relpath, str(dest)))
    if any(p.is_error for p in problems):
        problems.append(Problem(pack.source, 1, "pack not installed; nothing was installed"))
        return InstallResult((), (), tuple(problems))
    _copy_all_or_nothing(fresh, target)
    return InstallResult(tuple(f.relpath for f in fresh), tuple(sorted(skipped)), tuple(problems))


def _copy_all_or_nothing(files: list[PackFile], target: Path) -> None:
    if not files:
        return
    staging = Path(tempfile.mkdtemp(dir=target, prefix=".pack-install-"))
    moved: list[Path] = []
    made_dirs: list[Path] = []
    try:
        for pack_file in files:
            staged = staging / pack_file.relpath
            staged.parent.mkdir(parents=True, exist_ok=True)
            with open(staged, "wb") as handle:
                handle.write(pack_file.data)
                handle.flush()
                os.fsync(handle.fileno())
        for pack_file in files:
            dest = target / pack_file.relpath
            for parent in reversed(dest.relative_to(target).parents[:-1]):
                folder = target / parent
                if not folder.exists():
                    folder.mkdir()
                    made_dirs.append(folder)
            if dest.exists():
                raise PackError(f"{dest} appeared during the install")
            os.replace(staging / pack_file.relpath, dest)
            moved.append(dest)
    except (OSError, PackError) as exc:
        for path in moved:
            path.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise PackError(f"installing the pack failed, nothing was installed: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def validate_path(path: str | Path, installed: Library | None = None) -> list[Problem]:
    """Check a lesson file, a pack folder or a pack .zip (``clinic-app curriculum validate``)."""
    p = Path(path)
    if p.is_file() and p.suffix == ".md":
        return load_lesson_file(p)[1]
    return validate_pack(p, installed)[1]
