"""One section (domain) of the instrument: its items, answered by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

import screening
from clinic_app.i18n import _, current_language
from clinic_app.ui.common import heading_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.item_widget import ItemWidget
from clinic_app.ui.style import restyle


class SectionStep(QWidget, Retranslatable):
    """Emits `answered(item_id, value)` for each answer and `finished` after the last item."""

    answered = Signal(str, str)
    finished = Signal()

    def __init__(self, section: screening.Section, index: int, count: int, first_number: int,
                 interview_language: str, read_by_staff: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=f"section_{section.id}")
        self._section = section
        self._index, self._count = index, count
        # What is said to the youth stays in the interview language; what staff read
        # (a staff-rated checklist) follows the interface.
        self._interview_language = interview_language
        self._read_by_staff = read_by_staff
        self.heading = heading_label()
        self.heading.setWordWrap(True)
        self.position = QLabel(objectName="position")
        self.hint = QLabel(objectName="hint", wordWrap=True)
        restyle(self.hint, role="hint")
        self.items: list[ItemWidget] = []
        body = QWidget()
        column = QVBoxLayout(body)
        for offset, item in enumerate(section.items):
            widget = ItemWidget(item, first_number + offset, interview_language, read_by_staff)
            widget.answered.connect(self.answered)
            widget.done.connect(lambda w=widget: self._next_item(w))
            self.items.append(widget)
            column.addWidget(widget)
        column.addStretch()
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.position)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroll, 1)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        language = current_language() if self._read_by_staff else self._interview_language
        self.heading.setText(self._section.title.get(language))
        self.position.setText(_("Section {n} of {total}").format(n=self._index + 1,
                                                                 total=self._count))
        self.hint.setText(_("Answer with one key (shown in brackets). Declined is always "
                            "possible. Enter moves on."))

    def focus_first(self) -> None:
        target = next((w for w in self.items if not w.value), self.items[0] if self.items else None)
        if target is not None:
            target.setFocus()
            self.scroll.ensureWidgetVisible(target)

    def _next_item(self, widget: ItemWidget) -> None:
        position = self.items.index(widget)
        if position + 1 < len(self.items):
            self.items[position + 1].setFocus()
            self.scroll.ensureWidgetVisible(self.items[position + 1])
        else:
            self.finished.emit()
