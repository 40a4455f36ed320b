"""Settings: lock timeout, quick hide key and backup reminder. Everyone can see them
(the quick hide key especially); leads and administrators can change them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from clinic_app.i18n import _
from clinic_app.permissions import Action, allowed
from clinic_app.settings import BACKUP_REMINDER_DAYS, LOCK_MINUTES, QUICK_HIDE_KEY
from clinic_app.ui.form_dialog import FormDialog, StandardButton
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class SettingsDialog(FormDialog, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        editable = allowed(store.user.role, Action.MANAGE_ACCOUNTS)
        super().__init__("settings_dialog", parent,
                         buttons=StandardButton.Save | StandardButton.Cancel if editable
                         else StandardButton.Close)
        self._store = store
        self.editable = editable
        self.lock_minutes = QSpinBox(objectName="lock_minutes")
        self.lock_minutes.setRange(LOCK_MINUTES.minimum, LOCK_MINUTES.maximum)
        self.lock_minutes.setValue(store.get_setting(LOCK_MINUTES.key))
        self.quick_hide_key = QComboBox(objectName="quick_hide_key")
        self.quick_hide_key.addItems(list(QUICK_HIDE_KEY.choices))
        self.quick_hide_key.setCurrentText(store.get_setting(QUICK_HIDE_KEY.key))
        self.reminder_days = QSpinBox(objectName="reminder_days")
        self.reminder_days.setRange(BACKUP_REMINDER_DAYS.minimum, BACKUP_REMINDER_DAYS.maximum)
        self.reminder_days.setValue(store.get_setting(BACKUP_REMINDER_DAYS.key))
        for widget in (self.lock_minutes, self.quick_hide_key, self.reminder_days):
            widget.setEnabled(self.editable)
        self.note = QLabel(wordWrap=True, objectName="note")
        self._labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout(self)
        form.addRow(self._labels[0], self.lock_minutes)
        form.addRow(self._labels[1], self.quick_hide_key)
        form.addRow(self._labels[2], self.reminder_days)
        form.addRow(self.note)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Settings"))
        for label, spec in zip(self._labels, (LOCK_MINUTES, QUICK_HIDE_KEY, BACKUP_REMINDER_DAYS),
                               strict=True):
            label.setText(_(spec.title) + ":")
        self.note.setText(
            _("Press the quick hide key ({key}) at any time to replace the screen with a "
              "neutral view.").format(key=self.quick_hide_key.currentText())
            + ("" if self.editable else "\n" + _("Only a clinic lead or administrator can "
                                                 "change these settings.")))

    def submit(self) -> None:
        self._store.set_setting(LOCK_MINUTES.key, self.lock_minutes.value())
        self._store.set_setting(QUICK_HIDE_KEY.key, self.quick_hide_key.currentText())
        self._store.set_setting(BACKUP_REMINDER_DAYS.key, self.reminder_days.value())
