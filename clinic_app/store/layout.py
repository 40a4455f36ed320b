"""The files of a store in its data folder. Light on purpose: the first window needs
it before SQLAlchemy is loaded."""

from __future__ import annotations

from pathlib import Path

DB_FILE = "clinic.db"
KEY_FILE = "clinic.keys"


def store_exists(data_dir: Path) -> bool:
    """True if `data_dir` holds a store (key file or database)."""
    return (data_dir / KEY_FILE).exists() or (data_dir / DB_FILE).exists()
