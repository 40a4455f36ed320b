"""Rotating log files under the data folder. Log events, never student data:
callers log actions and ids of objects, not answers, notes or names."""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILE = "clinic-app.log"


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send the app's log to data_dir/logs/clinic-app.log (1 MB x 5 files). Idempotent.

    Returns None when the log cannot be written (a read-only or full disk): the app
    goes on, and never claims details were logged."""
    folder = log_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / LOG_FILE
        with path.open("a", encoding="utf-8"):
            pass
    except OSError:
        return None
    root = logging.getLogger("clinic_app")
    root.setLevel(level)
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        if Path(old.baseFilename) == path:
            return path
        root.removeHandler(old)  # one data folder per process: never log to an old one
        try:
            old.close()
        except OSError:
            pass  # its disk filled up or went away: the old log cannot take more anyway
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


def log_unexpected(logger: logging.Logger, exc: BaseException, where: str) -> None:
    """Log an unexpected error by type and stack only. Its message is left out on
    purpose: database errors quote the parameters of the statement, which may hold
    student data."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("unexpected %s in %s\n%s", type(exc).__name__, where, stack)
