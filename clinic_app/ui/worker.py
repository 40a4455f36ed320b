"""Run slow work (PDF batches, backups) off the UI thread with a progress dialog that
can cancel it. The work function gets `progress(percent, text)` and `cancelled()`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from clinic_app.errors import ClinicError
from clinic_app.i18n import _

Work = Callable[[Callable[[int, str], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self._work, self._signals, self._stop = work, signals, stop

    def run(self) -> None:
        try:
            result = self._work(lambda p, t: self._signals.progress.emit(p, t),
                                self._stop.is_set)
        except ClinicError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the user; logged by the hook
            self._signals.failed.emit(_("Unexpected error: {kind}").format(
                kind=type(exc).__name__))
        else:
            self._signals.finished.emit(result)


class BackgroundTask(QObject):
    """Starts `work` on the thread pool and shows progress; emits `done(result)` or
    `failed(message)` (a cancelled task reports its ClinicError message as failed)."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget, title: str, work: Work) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self.signals = _Signals()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 100, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self._stop.set)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self._runnable = _Runnable(work, self.signals, self._stop)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        self._stop.set()

    def _progress(self, percent: int, text: str) -> None:
        self.dialog.setValue(percent)
        if text:
            self.dialog.setLabelText(text)

    def _finished(self, result: object) -> None:
        self.dialog.reset()
        self.done.emit(result)

    def _failed(self, message: str) -> None:
        self.dialog.reset()
        self.failed.emit(message)
