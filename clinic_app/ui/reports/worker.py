"""Build a report off the UI thread (QThreadPool), with progress and cancel."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, Signal

from clinic_app.errors import ClinicError
from clinic_app.i18n import _
from clinic_app.logs import log_unexpected

if TYPE_CHECKING:
    from clinic_app.reports import ReportRequest
    from clinic_app.store.facade import Store


class ReportSignals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)  # Report
    failed = Signal(str)


class ReportJob(QRunnable):
    """Runs store.build_counts_report in a pool thread; emits the result or one clear line."""

    def __init__(self, store: Store, request: ReportRequest) -> None:
        super().__init__()
        self.signals = ReportSignals()
        self._store = store
        self._request = request
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            report = self._store.build_counts_report(
                self._request, progress=self.signals.progress.emit,
                cancelled=self._cancel.is_set)
        except ClinicError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # never let a pool thread die silently
            import logging

            log_unexpected(logging.getLogger("clinic_app.ui.reports"), exc, "building a report")
            self.signals.failed.emit(_("Unexpected error while building the report; details "
                                       "were written to the log."))
        else:
            self.signals.finished.emit(report)
