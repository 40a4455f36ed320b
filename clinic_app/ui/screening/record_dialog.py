"""One screening record, exactly as recorded under its own instrument version.

Shows the header, every section's answers (the drivers of the level highlighted), the
staff notes and the revision history; amends by adding a revision with a reason
(amend_dialog.py); and records the mandated report (report_box.py) and the follow-up
(follow_up_box.py). A store refusal is shown as one line in the dialog and nothing is
saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.errors import ClinicError
from clinic_app.i18n import LANGUAGES, _, current_language, format_date
from clinic_app.store.screenings import ReportDecision, ScreeningRecord
from clinic_app.ui import palette
from clinic_app.ui.common import error_label, heading_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.amend_dialog import AmendDialog
from clinic_app.ui.screening.follow_up_box import FollowUpBox
from clinic_app.ui.screening.report_box import ReportBox
from clinic_app.ui.screening.wording import answer_text, level_text
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def _local(when: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time in this computer's time zone."""
    return when.replace(tzinfo=dt.UTC).astimezone()


def _badge(label: QLabel, level: str) -> None:
    label.setText(level_text(level))
    restyle(label, role="badge", level=level)


def _red_flags_hit(instrument: screening.Instrument, answers: dict[str, str]) -> list[str]:
    return [item_id for item_id in instrument.scoring.red_flags if answers.get(item_id) == "yes"]


class RecordDialog(QDialog, Retranslatable):
    """The record `code`; emits `changed(code)` after every saved change."""

    changed = Signal(str)

    def __init__(self, store: Store, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="record_dialog")
        self._store = store
        self.code = code.strip().upper()
        self.record: ScreeningRecord | None = None
        self.latest: ScreeningRecord | None = None
        self.instrument: screening.Instrument | None = None
        self.amend_dialog: AmendDialog | None = None
        self.resize(1120, 760)

        self.heading = heading_label()
        self.level = QLabel(objectName="level")
        self.red_flags = QLabel(objectName="red_flags", wordWrap=True)
        restyle(self.red_flags, state="overdue")
        self.facts: dict[str, tuple[QLabel, QLabel]] = {
            key: (QLabel(), QLabel(objectName=f"fact_{key}", wordWrap=True))
            for key in ("date", "site", "grade", "age", "gender", "language", "interpreter",
                        "instrument")}
        self.revision = QComboBox(objectName="revision")
        self.revision_caption = QLabel()
        self.revision_caption.setBuddy(self.revision)
        self.revision_info = QLabel(objectName="revision_info", wordWrap=True)
        restyle(self.revision_info, role="hint")
        self.old_banner = QLabel(objectName="old_revision", wordWrap=True)
        restyle(self.old_banner, role="banner")
        self.answers = QTableWidget(0, 2, objectName="answers")
        self.answers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.answers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.answers.setWordWrap(True)
        self.answers.setShowGrid(False)
        self.answers.verticalHeader().setVisible(False)
        header = self.answers.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 170)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Wrapped rows are measured again once the column has its final width.
        self._row_sizer = QTimer(self, singleShot=True, interval=0)
        self._row_sizer.timeout.connect(self.answers.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._row_sizer.start())
        self.legend = QLabel(objectName="legend", wordWrap=True)
        restyle(self.legend, role="hint")
        self.notes_caption = QLabel()
        restyle(self.notes_caption, role="strong")
        self.notes = QPlainTextEdit(objectName="notes", readOnly=True)
        self.notes.setMaximumHeight(90)
        self.report = ReportBox(store, self._save)
        self.follow_up = FollowUpBox(store, self._save)
        self.error = error_label()
        self.status = QLabel(objectName="status", wordWrap=True)
        restyle(self.status, role="success")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.amend_button = self.buttons.addButton(
            "", QDialogButtonBox.ButtonRole.ActionRole)
        self.amend_button.setObjectName("amend")
        self.amend_button.clicked.connect(self.amend)
        self.buttons.rejected.connect(self.reject)
        self.revision.currentIndexChanged.connect(self._revision_chosen)
        self._build_layout()
        # Enter in a field must never press a button the nurse did not choose.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._load(None)
        self.enable_retranslation()

    def _build_layout(self) -> None:
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading)
        title_row.addWidget(self.level)
        title_row.addStretch()
        facts = QGridLayout()
        facts.setHorizontalSpacing(8)
        # (row, column, columns spanned by the value)
        places = {"date": (0, 0, 1), "site": (0, 2, 1), "grade": (0, 4, 1), "age": (0, 6, 1),
                  "gender": (0, 8, 1), "language": (1, 0, 1), "interpreter": (1, 2, 1),
                  "instrument": (1, 4, 5)}
        for key, (caption, value) in self.facts.items():
            row, column, span = places[key]
            restyle(caption, role="hint")
            restyle(value, role="strong")
            facts.addWidget(caption, row, column)
            facts.addWidget(value, row, column + 1, 1, span)
        for column in range(1, 10, 2):
            facts.setColumnStretch(column, 1)
        revision_row = QHBoxLayout()
        revision_row.addWidget(self.revision_caption)
        revision_row.addWidget(self.revision)
        revision_row.addWidget(self.revision_info, 1)
        left = QVBoxLayout()
        left.addLayout(revision_row)
        left.addWidget(self.old_banner)
        left.addWidget(self.answers, 1)
        left.addWidget(self.legend)
        left.addWidget(self.notes_caption)
        left.addWidget(self.notes)
        right = QVBoxLayout()
        right.addWidget(self.report)
        right.addWidget(self.follow_up)
        right.addStretch()
        right_panel = QWidget()
        right_panel.setLayout(right)
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(right_panel)
        scroll.setMinimumWidth(390)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(scroll, 2)
        bottom = QHBoxLayout()
        messages = QVBoxLayout()
        messages.addWidget(self.error)
        messages.addWidget(self.status)
        bottom.addLayout(messages, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(self.red_flags)
        layout.addLayout(facts)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Screening record {code}").format(code=self.code))
        captions = {"date": _("Date"), "site": _("Site"), "grade": _("Grade"),
                    "age": _("Age"), "gender": _("Gender"),
                    "language": _("Interview language"), "interpreter": _("Interpreter"),
                    "instrument": _("Instrument")}
        for key, (caption, _value) in self.facts.items():
            caption.setText(captions[key] + ":")
        self.revision_caption.setText(_("&Revision:"))
        self.answers.setHorizontalHeaderLabels([_("Question or indicator"),
                                                _("Answer as recorded")])
        self.legend.setText(_("Highlighted: the answers that drove the level of concern. "
                              "Hover over an item for the staff guidance."))
        self.notes_caption.setText(_("Staff notes"))
        self.notes.setPlaceholderText(_("No notes."))
        self.amend_button.setText(_("&Amend..."))
        self.amend_button.setToolTip(_("Add a new revision with a reason; this revision "
                                       "stays readable."))
        self.report.retranslate()
        self.follow_up.retranslate()
        if self.record is not None:
            self._render()

    # -- loading and showing -------------------------------------------------------
    def _load(self, revision: int | None) -> bool:
        """Show `revision` (None: the newest); a refusal becomes the one-line error."""
        try:
            record = self._store.get_screening(self.code, revision)
            instrument = self._store.instrument(record.summary.instrument_id,
                                                record.summary.instrument_version)
        except ClinicError as exc:
            self.error.setText(str(exc))
            if self.record is None:
                self.heading.setText(_("Screening record {code}").format(code=self.code))
                for widget in (self.amend_button, self.revision, self.report,
                               self.follow_up, self.answers, self.notes):
                    widget.setEnabled(False)
            return False
        if record.revision == record.summary.revision:
            self.latest = record
        self.record, self.instrument = record, instrument
        self._render()
        return True

    def _render(self) -> None:
        record, instrument, latest = self.record, self.instrument, self.latest
        assert record is not None and instrument is not None and latest is not None
        lang = current_language()
        summary = record.summary
        newest = record.revision == latest.revision
        self.heading.setText(_("Record {code}").format(code=self.code))
        level = summary.level if newest else screening.score(instrument, record.answers).level
        _badge(self.level, level)
        flags = _red_flags_hit(instrument, record.answers)
        self.red_flags.setVisible(bool(flags))
        self.red_flags.setText(_("Red flags answered yes: {items}").format(
            items="; ".join(instrument.item(i).text.get(lang) for i in flags)))
        values = {
            "date": format_date(summary.screened_on), "site": summary.site,
            "grade": str(summary.grade), "age": str(summary.age), "gender": record.gender,
            "language": LANGUAGES.get(record.interview_language, record.interview_language),
            "interpreter": _("Yes") if record.interpreter_used else _("No"),
            "instrument": f"{instrument.title.get(lang)} ({instrument.id} "
                          f"{instrument.version})",
        }
        for key, (caption, value) in self.facts.items():
            value.setText(values[key])
            caption.setVisible(bool(values[key]))
            value.setVisible(bool(values[key]))
        self._fill_revisions(record)
        self.old_banner.setVisible(not newest)
        self.old_banner.setText(_("You are viewing revision {n}, an earlier revision. It is "
                                  "read-only; the current revision is {current}.").format(
            n=record.revision, current=latest.revision))
        self.amend_button.setEnabled(newest)
        self._fill_answers(record, instrument, lang)
        self.notes.setPlainText(record.notes)
        decision = (ReportDecision(latest.summary.report_decision, latest.report_reason,
                                   latest.report_note)
                    if latest.summary.report_decision else None)
        self.report.show_state(latest.summary, latest.report_agency, decision)
        self.follow_up.show_state(latest.summary)

    def _fill_revisions(self, record: ScreeningRecord) -> None:
        self.revision.blockSignals(True)
        self.revision.clear()
        for number, when, _who, _reason in record.revisions:
            self.revision.addItem(_("{n} of {count} ({date})").format(
                n=number, count=len(record.revisions), date=format_date(_local(when).date())),
                number)
        self.revision.setCurrentIndex(self.revision.findData(record.revision))
        self.revision.blockSignals(False)
        number, when, who, reason = next(r for r in record.revisions if r[0] == record.revision)
        local = _local(when)
        info = _("Recorded {date} at {time} by {user}.").format(
            date=format_date(local.date()), time=local.strftime("%H:%M"), user=who)
        if reason:
            info += " " + _("Reason: {reason}").format(reason=reason)
        self.revision_info.setText(info)

    def _fill_answers(self, record: ScreeningRecord, instrument: screening.Instrument,
                      lang: str) -> None:
        table = self.answers
        table.clearSpans()
        table.setRowCount(sum(1 + len(section.items) for section in instrument.sections))
        drivers = set(record.drivers)
        flags = set(_red_flags_hit(instrument, record.answers))
        bold = QFont()
        bold.setBold(True)
        asked_in = record.interview_language
        row = 0
        for section in instrument.sections:
            head = QTableWidgetItem(section.title.get(lang))
            head.setFont(bold)
            head.setBackground(QBrush(QColor(palette.HEADER)))
            table.setItem(row, 0, head)
            table.setItem(row, 1, QTableWidgetItem(""))
            table.setSpan(row, 0, 1, 2)
            row += 1
            for item in section.items:
                answer = record.answers.get(item.id)
                question = QTableWidgetItem(item.text.get(lang))
                question.setData(ITEM_ROLE, item.id)
                shown = QTableWidgetItem(answer_text(item, answer))
                shown.setData(ITEM_ROLE, item.id)
                tip = item.guidance.get(lang)
                if asked_in != lang:
                    tip = (_("Asked in {language}:").format(
                        language=LANGUAGES.get(asked_in, asked_in))
                        + "\n" + item.text.get(asked_in) + "\n\n" + tip)
                question.setToolTip(tip)
                if item.id in flags or item.id in drivers:
                    swatch = palette.RED_FLAG if item.id in flags else palette.DRIVER
                    for cell in (question, shown):
                        cell.setForeground(QBrush(QColor(swatch.text)))
                        cell.setBackground(QBrush(QColor(swatch.background)))
                    shown.setFont(bold)
                    shown.setToolTip(_("Red flag") if item.id in flags
                                     else _("Drove the level of concern"))
                table.setItem(row, 0, question)
                table.setItem(row, 1, shown)
                row += 1
        table.resizeRowsToContents()

    def answer_shown(self, item_id: str) -> str:
        """The answer text shown for `item_id` ('' if the item is not in the record)."""
        for row in range(self.answers.rowCount()):
            cell = self.answers.item(row, 1)
            if cell is not None and cell.data(ITEM_ROLE) == item_id:
                return cell.text()
        return ""

    def _revision_chosen(self, index: int) -> None:
        number = self.revision.itemData(index)
        if number is not None and self.record is not None and number != self.record.revision:
            self.error.clear()
            self.status.clear()
            self._load(int(number))

    def show_revision(self, number: int) -> None:
        """Show revision `number` (older revisions are read-only)."""
        self.revision.setCurrentIndex(self.revision.findData(number))

    # -- changes ---------------------------------------------------------------------
    def _save(self, change: Callable[[], None], done: str) -> bool:
        """Run a store change; on refusal show the one line and keep the form as typed."""
        self.status.clear()
        try:
            change()
        except ClinicError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self._load(None)
        self.status.setText(done)
        self.changed.emit(self.code)
        return True

    def amend(self) -> AmendDialog | None:
        """Open the amend editor on the newest revision (window-modal, not blocking)."""
        if self.latest is None or self.instrument is None:
            return None
        self.amend_dialog = AmendDialog(self._store, self.latest, self.instrument, self)
        self.amend_dialog.accepted.connect(self._amended)
        self.amend_dialog.open()
        return self.amend_dialog

    def _amended(self) -> None:
        self.error.clear()
        self._load(None)
        assert self.latest is not None
        self.status.setText(_("Saved as revision {n}.").format(n=self.latest.revision))
        self.changed.emit(self.code)
