"""One question or indicator, with answer buttons with single-key shortcuts.

A youth-answered question is said to the student, so it stays in the interview language;
a staff-rated indicator is read by the staff member, so it follows the interface language,
as the staff guidance always does."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.i18n import _, current_language
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.answers import ANSWER_KEYS, answer_label
from clinic_app.ui.style import restyle


class ItemWidget(QFrame, Retranslatable):
    """Emits `answered(item_id, value)`; `done` asks the page to move on."""

    answered = Signal(str, str)
    done = Signal()

    def __init__(self, item: screening.Item, number: int, interview_language: str,
                 read_by_staff: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=f"item_{item.id}")
        self.item = item
        self.value = ""
        self._number = number
        self._interview_language = interview_language
        self._read_by_staff = read_by_staff
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question = QLabel(wordWrap=True, objectName="question")
        self.guidance = QLabel(wordWrap=True, objectName="guidance")
        restyle(self.guidance, role="hint")
        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.note: QLineEdit | None = None
        row = QHBoxLayout()
        if item.type == screening.model.NOTE:
            self.note = QLineEdit(objectName="note")
            self.note.setMaxLength(screening.model.NOTE_MAX_LENGTH)
            self.note.textChanged.connect(lambda text: self._set(text, emit_done=False))
            self.note.returnPressed.connect(self.done)
            row.addWidget(self.note)
        else:
            for value in item.answer_values():
                button = QPushButton(checkable=True, objectName=f"answer_{value}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _checked=False, v=value: self._set(v))
                self.group.addButton(button)
                self.buttons[value] = button
                row.addWidget(button)
            row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.guidance)
        layout.addLayout(row)
        self.enable_retranslation()

    @property
    def text_language(self) -> str:
        """The language of the question and its options: the reader's."""
        return current_language() if self._read_by_staff else self._interview_language

    def retranslate_ui(self) -> None:
        language = self.text_language
        self.question.setText(f"{self._number}. {self.item.text.get(language)}")
        self.guidance.setText(self.item.guidance.get(current_language()))
        options = {o.id: o for o in self.item.options}
        for index, (value, button) in enumerate(self.buttons.items(), start=1):
            if value in options:
                key = str(index)
                text = options[value].label.get(language)
            else:
                key = ANSWER_KEYS.get(value, str(index))
                text = answer_label(value)
            button.setText(f"{text}  ({key})")
            button.setProperty("shortcut_key", key)
        if self.note is not None:
            self.note.setPlaceholderText(_("Short note (optional)"))

    def set_value(self, value: str) -> None:
        """Show a stored answer (resuming a draft) without moving on."""
        if self.note is not None:
            self.note.setText(value)
        elif value in self.buttons:
            self.buttons[value].setChecked(True)
        self.value = value

    def _set(self, value: str, emit_done: bool = True) -> None:
        self.value = value
        if value in self.buttons:
            self.buttons[value].setChecked(True)
        self.answered.emit(self.item.id, value)
        if emit_done:
            self.done.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text().upper()
        for value, button in self.buttons.items():
            if text and button.property("shortcut_key") == text:
                self._set(value)
                return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.done.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        restyle(self, focused=True)
        if self.note is not None:
            self.note.setFocus()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        restyle(self, focused=False)
        super().focusOutEvent(event)
