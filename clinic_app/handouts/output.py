"""Writing a finished PDF: to a stream, or to a file atomically (never a partial file)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from clinic_app.files import WriteError, atomic_write
from clinic_app.handouts.errors import HandoutError

Output = str | Path | BinaryIO


def write_pdf(data: bytes, out: Output) -> None:
    """Write PDF bytes to a binary stream, or to a path via a temporary file and rename."""
    if not isinstance(out, str | Path):
        out.write(data)
        return
    try:
        atomic_write(Path(out), data)
    except WriteError as exc:
        raise HandoutError(str(exc)) from exc
