"""Import a lesson pack from the app: choose a folder or .zip, validate, install or explain."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.i18n import _
from clinic_app.services.lessons import problem_line
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.services.lessons import LessonsService


class ImportReportDialog(QDialog):
    """The outcome of an import: one summary line and the details (problems or files)."""

    def __init__(self, title: str, summary: str, details: list[str], *, failed: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="import_report")
        self.failed = failed
        self.setWindowTitle(title)
        self.summary = QLabel(summary, objectName="summary", wordWrap=True)
        restyle(self.summary, role="error" if failed else "subheading")
        self.details = QPlainTextEdit("\n".join(details), objectName="details")
        self.details.setReadOnly(True)
        self.details.setVisible(bool(details))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(720, 360 if details else 140)


def choose_pack(parent: QWidget, from_zip: bool) -> Path | None:
    """Ask for a pack .zip or folder; None when cancelled."""
    if from_zip:
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Import lesson pack (.zip)"), "", _("Lesson packs (*.zip)"))
    else:
        name = QFileDialog.getExistingDirectory(parent, _("Import lesson pack (folder)"))
    return Path(name) if name else None


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, as the report will say it."""

    summary: str
    details: list[str] = field(default_factory=list)
    failed: bool = False

    def dialog(self, parent: QWidget | None = None) -> ImportReportDialog:
        """The (not yet shown) report of this outcome."""
        return ImportReportDialog(_("Import lesson pack"), self.summary, self.details,
                                  failed=self.failed, parent=parent)


def import_pack(service: LessonsService, path: Path) -> ImportOutcome:
    """Validate, then install all or nothing; says what happened.

    Runs on the operations runner's thread: no widgets here. The service checks the
    permission first, then validates the whole pack against the installed library and
    installs nothing when any file has an error; it reloads the library after an install.
    """
    try:
        result = service.import_pack(path)
    except ClinicError as exc:
        return ImportOutcome(str(exc), failed=True)
    problems = [problem_line(p) for p in result.problems]
    if not result.ok:
        return ImportOutcome(
            _("{name} was not installed: fix these problems first. Nothing was "
              "changed.").format(name=path.name), problems, failed=True)
    if not result.added:
        return ImportOutcome(
            _("{name} is already installed; nothing was changed.").format(name=path.name),
            problems)
    lessons = sorted({relpath.split("/")[0] for relpath in result.added})
    titles = [f"{service.lesson_title(lesson_id)} ({lesson_id})" for lesson_id in lessons]
    return ImportOutcome(
        _("Installed {files} lesson file(s) in {lessons} lesson(s) from {name}.").format(
            files=len(result.added), lessons=len(lessons), name=path.name),
        titles + [""] + list(result.added) + problems)
