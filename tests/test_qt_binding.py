"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python
3.11 dropped a reference to None on every void call, so a running app eventually aborted)."""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QLineEdit


def test_void_calls_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(2000):
        edit.setText("x")
        edit.update()
    gc.collect()
    assert sys.getrefcount(None) - before > -100
