"""Writing a finished PDF: to a stream, or to a file atomically (never a partial file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from clinic_app.handouts.errors import HandoutError
from clinic_app.i18n import _

Output = str | Path | BinaryIO


def write_pdf(data: bytes, out: Output) -> None:
    """Write PDF bytes to a binary stream, or to a path via a temporary file and rename."""
    if not isinstance(out, str | Path):
        out.write(data)
        return
    target = Path(out)
    try:
        fd, temp = tempfile.mkstemp(prefix=".handout-", suffix=".pdf.part",
                                    dir=target.parent if str(target.parent) else ".")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise HandoutError(_("Cannot write {file}: {reason}").format(
            file=target, reason=exc.strerror or exc)) from exc
