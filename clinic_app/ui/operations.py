"""The one way the window runs slow work (after Anki's CollectionOp): off the UI thread,
with a busy cursor for short work or a progress dialog with Cancel for long work, and
the result or one clear line delivered back on the UI thread.

    run_operation(parent, lambda progress, cancelled: store.backup(path, progress, cancelled),
                  on_success=show_done, title=_("Making a backup"))

Every operation is registered until it ends: sign-out and quit cancel what is running
and wait for it, so no work outlives the store it uses. Locking the screen does not stop
work (a backup must not stop because nobody touched the mouse); results land behind the
lock screen, which hides everything.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from clinic_app.errors import ClinicError
from clinic_app.i18n import _
from clinic_app.logs import log_unexpected

log = logging.getLogger("clinic_app.ui.operations")

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]

# A progress dialog appears only for work that lasts longer than this.
PROGRESS_DELAY_MS = 300

# The runner's own threads, which never expire: each thread keeps one store connection
# (store/engine.py), so a fixed set of threads keeps a fixed set of connections.
_pool: QThreadPool | None = None


def thread_pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(max(2, min(4, QThreadPool.globalInstance().maxThreadCount())))
        _pool.setExpiryTimeout(-1)
    return _pool


_running: set[Operation] = set()  # work not yet returned (what sign-out waits on)
_undelivered: set[Operation] = set()  # holds each operation until its result is delivered
_registry_lock = threading.Lock()


class Operation(QObject):
    """One piece of work on the thread pool. Exactly one of `succeeded(result)` or
    `failed(message)` is emitted on the UI thread, then `finished()`."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()
    progress = Signal(int, str)  # on the UI thread
    # Emitted on the pool thread and queued to this object, which lives on the UI thread:
    # widgets are only ever touched there.
    _progressed = Signal(int, str)
    _ended = Signal(bool, object)  # (ok, result or message)

    def __init__(self, work: Work, where: str, owner: QObject | None = None) -> None:
        # No Qt parent: the registry keeps the operation until its result is delivered,
        # so a busy cursor is always restored even when its owner closed meanwhile.
        super().__init__(None)
        self.where = where
        self._work = work
        self._stop = threading.Event()
        self._done = threading.Event()
        self._orphaned = False
        self.busy_cursor = False
        if owner is not None:
            owner.destroyed.connect(self._orphan)
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._relay_progress, Qt.ConnectionType.QueuedConnection)

    def _relay_progress(self, percent: int, text: str) -> None:
        if not self._orphaned:
            self.progress.emit(percent, text)

    def _orphan(self) -> None:
        """The owner closed: its work is cancelled and its result goes nowhere."""
        self._orphaned = True
        self._stop.set()

    # -- control -------------------------------------------------------------------
    def start(self) -> Operation:
        with _registry_lock:
            _running.add(self)
            _undelivered.add(self)
        thread_pool().start(_Job(self))
        return self

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    @property
    def running(self) -> bool:
        return not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has returned (the result is delivered later, on the UI
        thread); False when `timeout` seconds passed first."""
        return self._done.wait(timeout)

    # -- pool thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            result = self._work(self._progressed.emit, self._stop.is_set)
        except ClinicError as exc:
            self._end(False, str(exc))
        except Exception as exc:  # noqa: BLE001 - a pool thread must never die silently
            log_unexpected(log, exc, self.where)
            self._end(False, _("Unexpected error ({kind}). Your saved work is safe.").format(
                kind=type(exc).__name__))
        else:
            self._end(True, result)

    def _end(self, ok: bool, payload: object) -> None:
        with _registry_lock:
            _running.discard(self)
        self._done.set()
        self._ended.emit(ok, payload)

    # -- UI thread -----------------------------------------------------------------
    def _deliver(self, ok: bool, payload: object) -> None:
        _undelivered.discard(self)
        if self.busy_cursor:
            QGuiApplication.restoreOverrideCursor()
        if self._orphaned:
            return
        if ok:
            self.succeeded.emit(payload)
        else:
            self.failed.emit(str(payload))
        self.finished.emit()


class _Job(QRunnable):
    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self._operation = operation

    def run(self) -> None:
        self._operation._run()


def run_operation(parent: QWidget | None, work: Work, *, where: str,
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[str], None] | None = None,
                  title: str | None = None, quiet: bool = False) -> Operation:
    """Start `work(progress, cancelled)` off the UI thread.

    With a `title` the work is long: a progress dialog with Cancel shows after
    PROGRESS_DELAY_MS. Without one the work is short: a busy cursor shows until it ends,
    unless `quiet` (work the user did not ask for, e.g. a count beside a list).
    `where` names the operation in the log (never any student data)."""
    operation = Operation(work, where, parent)
    if on_success is not None:
        operation.succeeded.connect(on_success)
    if on_failure is not None:
        operation.failed.connect(on_failure)
    if title is not None:
        _attach_progress_dialog(operation, parent, title)
    elif not quiet:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        operation.busy_cursor = True
    return operation.start()


def _attach_progress_dialog(operation: Operation, parent: QWidget | None, title: str) -> None:
    dialog = QProgressDialog(title, _("Cancel"), 0, 100, parent)
    dialog.setObjectName("operation_progress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DELAY_MS)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    dialog.canceled.connect(operation.cancel)

    def progressed(percent: int, text: str) -> None:
        dialog.setValue(max(0, min(percent, 99)))  # 100 would close it before the result
        if text:
            dialog.setLabelText(text)

    operation.progress.connect(progressed)
    operation.finished.connect(dialog.reset)
    operation.finished.connect(dialog.deleteLater)
    operation.progress_dialog = dialog  # type: ignore[attr-defined]


def running_operations() -> list[Operation]:
    with _registry_lock:
        return list(_running)


def cancel_and_wait_all(timeout: float = 30.0) -> bool:
    """Cancel every running operation and wait for each to return (sign-out, quit).
    True when all returned within `timeout` seconds in all."""
    pending = running_operations()
    for operation in pending:
        operation.cancel()
    deadline = time.monotonic() + timeout
    return all([operation.wait(max(0.0, deadline - time.monotonic())) for operation in pending])
