"""The files of a store in its data folder. Light on purpose: the first window needs
it before SQLAlchemy is loaded."""

from __future__ import annotations

import os
import stat
from pathlib import Path

DB_FILE = "clinic.db"
KEY_FILE = "clinic.keys"
LESSONS_FOLDER = "lessons"
"""Where imported lesson packs are installed, inside the data folder."""


PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
STORE_FILES = (DB_FILE, KEY_FILE, DB_FILE + "-wal", DB_FILE + "-shm")


def store_exists(data_dir: Path) -> bool:
    """True if `data_dir` holds a store (key file or database)."""
    return (data_dir / KEY_FILE).exists() or (data_dir / DB_FILE).exists()


def lesson_roots(data_dir: Path) -> list[Path]:
    """The folders the installed lesson library loads from: the bundled sample
    curriculum, then the packs installed in the data folder (if any)."""
    from curriculum.paths import bundled_lessons_root

    roots = [bundled_lessons_root()]
    if (data_dir / LESSONS_FOLDER).is_dir():
        roots.append(data_dir / LESSONS_FOLDER)
    return roots


def make_private_folder(path: Path) -> None:
    """Create `path` (and parents) readable by this account only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    tighten_permissions(path)


def tighten_permissions(data_dir: Path) -> list[str]:
    """Make the data folder and the store's files private to this account (POSIX).

    Any other local account could otherwise copy the database and the wrapped keys and
    guess passwords offline. Returns the names whose permissions were too open."""
    if os.name != "posix":
        return []
    fixed = []
    targets = [(data_dir, PRIVATE_FOLDER), (data_dir / "logs", PRIVATE_FOLDER)]
    targets += [(data_dir / name, PRIVATE_FILE) for name in STORE_FILES]
    for path, mode in targets:
        try:
            current = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if current & 0o077:
            try:
                path.chmod(mode)
            except OSError:
                continue  # a read-only medium: doctor still reports it as too open
            fixed.append(path.name or str(path))
    return fixed
