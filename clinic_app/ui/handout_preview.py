"""See a handout's pages before printing; print through Qt's print dialog or save a PDF.

The PDF is built in memory, off the UI thread (`build_and_preview`), and only written to
disk when the user saves it (also off the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.files import WriteError, atomic_write
from clinic_app.i18n import _
from clinic_app.ui.operations import Cancelled, Operation, Progress, Work, run_operation
from clinic_app.ui.retranslate import Retranslatable


class HandoutPreview(QDialog, Retranslatable):
    """Shows `pdf` (bytes); `duplex` asks the printer for long-edge double-sided printing
    (wallet cards are laid out for it). Emits `handed_out` once it is printed or saved."""

    handed_out = Signal()

    def __init__(self, pdf: bytes, title: str, file_name: str, *, duplex: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="handout_preview")
        self.pdf = pdf
        self._title, self._file_name, self._duplex = title, file_name, duplex
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self, objectName="pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel(objectName="info", wordWrap=True)
        self.print_button = QPushButton(objectName="print")
        self.save_button = QPushButton(objectName="save")
        self.close_button = QPushButton(objectName="close")
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(820, 900)
        self.enable_retranslation()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self._title)
        self.print_button.setText(_("Print..."))
        self.save_button.setText(_("Save as PDF..."))
        self.close_button.setText(_("Close"))
        hint = _("{n} page(s).").format(n=self.page_count)
        if self._duplex:
            hint += " " + _("Print double-sided (flip on long edge), then cut along the marks.")
        self.info.setText(hint)

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self._duplex:
            printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.render_to(printer)
            self.handed_out.emit()

    def render_to(self, printer: QPrinter) -> None:
        """Draw every page at the printer's resolution, one page per sheet."""
        painter = QPainter(printer)
        try:
            for index in range(self.page_count):
                if index:
                    printer.newPage()
                target = printer.pageLayout().paintRectPixels(printer.resolution())
                size = self.document.pagePointSize(index)
                scale = min(target.width() / size.width(), target.height() / size.height())
                pixels = QSize(int(size.width() * scale), int(size.height() * scale))
                image = self.document.render(index, pixels)
                painter.drawImage(QRect(QPointF(0, 0).toPoint(), pixels), image)
        finally:
            painter.end()

    def save_pdf(self) -> Operation | None:
        """Ask where to save, then write the PDF off the UI thread (None when cancelled)."""
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF..."), self._file_name,
                                                    "PDF (*.pdf)")
        return self.write_pdf(Path(path)) if path else None

    def write_pdf(self, path: Path) -> Operation:
        """Write the PDF to `path` off the UI thread (a USB stick can be slow); the info
        line says where it went or names the problem."""
        pdf = self.pdf

        def write(_progress: Progress, _cancelled: Cancelled) -> None:
            atomic_write(path, pdf)

        self.save_button.setEnabled(False)
        operation = run_operation(self, write, where="saving a handout PDF",
                                  on_success=lambda _none: self._saved(path),
                                  on_failure=self.info.setText)
        operation.finished.connect(lambda: self.save_button.setEnabled(True))
        return operation

    def save_pdf_to(self, path: Path) -> bool:
        """Write the PDF to `path` at once, on the calling thread; True when written.
        The Save button uses `write_pdf`, which does not hold up the window."""
        try:
            atomic_write(path, self.pdf)
        except WriteError as exc:
            self.info.setText(str(exc))
            return False
        self._saved(path)
        return True

    def _saved(self, path: Path) -> None:
        self.info.setText(_("Saved {path}").format(path=path))
        self.handed_out.emit()


def show_preview(parent: QWidget, pdf: bytes, title: str, file_name: str,
                 duplex: bool = False) -> HandoutPreview:
    dialog = HandoutPreview(pdf, title, file_name, duplex=duplex, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def build_and_preview(parent: QWidget, build: Work, *, where: str, title: str, file_name: str,
                      duplex: bool = False, progress_title: str | None = None,
                      preview_parent: QWidget | None = None,
                      on_preview: Callable[[HandoutPreview], None] | None = None,
                      on_failure: Callable[[str], None] | None = None) -> Operation:
    """Build a handout off the UI thread, then preview it.

    `build(progress, cancelled)` returns the PDF bytes and must not touch widgets. With a
    `progress_title` a progress dialog with Cancel shows, otherwise a busy cursor. On the
    UI thread the preview opens (over `preview_parent`, default `parent`) and is handed to
    `on_preview`; a refusal or error goes to `on_failure` as one clear line."""

    def built(pdf: bytes) -> None:
        over = preview_parent if preview_parent is not None else parent
        preview = show_preview(over, pdf, title, file_name, duplex)
        if on_preview is not None:
            on_preview(preview)

    return run_operation(parent, build, where=where, title=progress_title,
                         on_success=built, on_failure=on_failure)
