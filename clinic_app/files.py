"""One way to write a file the app hands to a user or keeps: a temporary file beside
the target, fsync, rename, and nothing left behind on failure. A full disk or a
read-only folder becomes one clear message; the target is never half-written."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from clinic_app.errors import ClinicError
from clinic_app.i18n import _


class WriteError(ClinicError):
    """A file could not be written; nothing was changed."""


def write_problem(path: Path, exc: OSError) -> WriteError:
    """The message for an OSError while writing `path`."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteError(_("The disk is full; nothing was saved ({path}).").format(path=path))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return WriteError(_("{folder} cannot be written to (read-only or no permission); "
                            "nothing was saved.").format(folder=path.parent))
    if exc.errno == errno.ENOENT:
        return WriteError(_("The folder {folder} does not exist.").format(folder=path.parent))
    return WriteError(_("Could not write {path}: {reason}").format(
        path=path, reason=exc.strerror or type(exc).__name__))


@contextmanager
def atomic_path(target: Path, *, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`.

    `private` makes the file readable by this account only (0600), as store files are."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise write_problem(target, exc) from exc
    temp = Path(name)
    try:
        os.close(handle)
        if not private:
            os.chmod(temp, 0o666 & ~_umask())
        yield temp
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    except OSError as exc:
        raise write_problem(target, exc) from exc
    finally:
        temp.unlink(missing_ok=True)


def atomic_write(target: Path, data: bytes | Callable[[BinaryIO], None], *,
                 private: bool = False) -> None:
    """Write `data` (bytes, or a function that writes to a binary handle) to `target`."""
    with atomic_path(target, private=private) as temp, temp.open("wb") as handle:
        if isinstance(data, bytes):
            handle.write(data)
        else:
            data(handle)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
