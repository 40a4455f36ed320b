"""Referral contacts for the lead: the clinic's phone and hours, the contacts printed on
every handout (with verified-on dates and sources), and the history of changes."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.handouts.contacts import ROLES, load_regions, missing_roles
from clinic_app.i18n import LANGUAGES, _, current_language, format_date
from clinic_app.jurisdiction import ROLE_LABELS
from clinic_app.ui.common import date_edit, read_only_table
from clinic_app.ui.form_dialog import FormDialog, StandardButton
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

LOCALIZED = ("short_name", "description", "hours", "languages")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "contact"


class ContactDialog(FormDialog, Retranslatable):
    """Add or edit one contact; per-language texts sit on one tab per language."""

    def __init__(self, store: Store, contact: dict[str, Any] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("contact_dialog", parent,
                         buttons=StandardButton.Save | StandardButton.Cancel)
        self._store = store
        self._original = contact or {}
        self.name = QLineEdit(self._original.get("name", ""), objectName="name")
        self.phone = QLineEdit(self._original.get("phone", ""), objectName="phone")
        text = self._original.get("text") or {}
        self.text_number = QLineEdit(text.get("number", ""), objectName="text_number")
        self.keywords = QLineEdit(" ".join(text.get("keywords", [])), objectName="keywords")
        self.emergency = QCheckBox(objectName="emergency")
        self.emergency.setChecked(bool(self._original.get("emergency")))
        self.verified_on = date_edit("verified_on")
        verified = self._original.get("verified_on")
        self.verified_on.setDate(QDate.fromString(verified, "yyyy-MM-dd") if verified
                                 else QDate.currentDate())
        self.source = QLineEdit(self._original.get("source", ""), objectName="source")
        self.verified_by = QLineEdit(self._original.get("verified_by", ""),
                                     objectName="verified_by")
        # Where a shipped number came from, until a person checks it and signs above.
        self.verification_note = QLabel(self._original.get("verification_note", ""),
                                        objectName="verification_note", wordWrap=True)
        restyle(self.verification_note, role="hint")
        self.verification_note.setVisible(bool(self.verification_note.text()))
        self.role = QComboBox(objectName="role")
        self.role.addItem("", "")
        for role in ROLES:
            self.role.addItem("", role)
        self.role.setCurrentIndex(max(self.role.findData(self._original.get("role", "")), 0))
        self.fields: dict[tuple[str, str], QLineEdit] = {}
        self.tabs = QTabWidget()
        self._tab_labels: dict[str, QLabel] = {}
        for code, language_name in LANGUAGES.items():
            page = QWidget()
            form = QFormLayout(page)
            for field in LOCALIZED:
                edit = QLineEdit(self._original.get(field, {}).get(code, ""),
                                 objectName=f"{field}_{code}")
                label = QLabel()
                self._tab_labels[f"{field}_{code}"] = label
                form.addRow(label, edit)
                self.fields[(field, code)] = edit
            self.tabs.addTab(page, language_name)
        self.labels = {k: QLabel() for k in ("name", "phone", "text", "keywords", "verified",
                                             "verified_by", "source", "role")}
        form = QFormLayout()
        form.addRow(self.labels["role"], self.role)
        form.addRow(self.labels["name"], self.name)
        form.addRow(self.labels["phone"], self.phone)
        form.addRow(self.labels["text"], self.text_number)
        form.addRow(self.labels["keywords"], self.keywords)
        form.addRow(self.emergency)
        form.addRow(self.labels["verified"], self.verified_on)
        form.addRow(self.labels["verified_by"], self.verified_by)
        form.addRow(self.verification_note)
        form.addRow(self.labels["source"], self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(560, 520)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Referral contact"))
        self.labels["name"].setText(_("Name:"))
        self.labels["phone"].setText(_("Phone:"))
        self.labels["text"].setText(_("Text number (optional):"))
        self.labels["keywords"].setText(_("Text keywords (optional):"))
        self.labels["verified"].setText(_("Verified on:"))
        self.labels["source"].setText(_("Source (where the number was checked):"))
        self.labels["verified_by"].setText(_("Checked by (who, and how):"))
        self.verified_by.setPlaceholderText(_("e.g. A. Lee, clinic lead: called the line"))
        self.labels["role"].setText(_("Role in the report steps:"))
        self.role.setItemText(0, _("None (a help line on the handouts)"))
        for row in range(1, self.role.count()):
            self.role.setItemText(row, _(ROLE_LABELS[str(self.role.itemData(row))]))
        self.emergency.setText(_("Emergency number"))
        names = {"short_name": _("Short neutral name (wallet card):"),
                 "description": _("What they do:"), "hours": _("Hours:"),
                 "languages": _("Languages:")}
        for key, label in self._tab_labels.items():
            label.setText(names[key.rsplit("_", 1)[0]])

    def contact(self) -> dict[str, Any]:
        result: dict[str, Any] = dict(self._original)
        result.update({
            "id": self._original.get("id") or _slug(self.name.text()),
            "name": self.name.text().strip(),
            "phone": self.phone.text().strip(),
            "text": ({"number": self.text_number.text().strip(),
                      "keywords": self.keywords.text().split()}
                     if self.text_number.text().strip() else None),
            "emergency": self.emergency.isChecked(),
            "verified_on": self.verified_on.date().toString("yyyy-MM-dd"),
            "source": self.source.text().strip(),
            "verified_by": self.verified_by.text().strip(),
            "role": str(self.role.currentData() or ""),
        })
        for field in LOCALIZED:
            result[field] = {code: self.fields[(field, code)].text().strip()
                             for code in LANGUAGES if self.fields[(field, code)].text().strip()}
        return result

    def submit(self) -> None:
        self._store.save_contact(self.contact())


class ContactsPage(QWidget, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="contacts_page")
        self._store = store
        self._contacts: list[dict[str, Any]] = []
        self.clinic_box = QGroupBox()
        self.clinic_phone = QLineEdit(objectName="clinic_phone")
        self.clinic_hours = QLineEdit(objectName="clinic_hours")
        self.clinic_save = QPushButton(objectName="save_clinic")
        self.clinic_save.clicked.connect(self.save_clinic)
        self._clinic_labels = (QLabel(), QLabel())
        clinic_form = QFormLayout(self.clinic_box)
        clinic_form.addRow(self._clinic_labels[0], self.clinic_phone)
        clinic_form.addRow(self._clinic_labels[1], self.clinic_hours)
        clinic_form.addRow(self.clinic_save)
        self.region = QComboBox(objectName="region")
        for region in load_regions():
            self.region.addItem(region.name, region.id)
        self.region_button = QPushButton(objectName="apply_region")
        self.region_button.clicked.connect(self.apply_region)
        self.missing = QLabel(objectName="missing_roles", wordWrap=True)
        restyle(self.missing, role="warning")
        self.region_box = QGroupBox()
        region_row = QHBoxLayout(self.region_box)
        region_row.addWidget(self.region, 1)
        region_row.addWidget(self.region_button)
        self.table = read_only_table(5, "contacts_table")
        self.table.doubleClicked.connect(lambda _index: self.edit_contact())
        self.add_button = QPushButton(objectName="add_contact")
        self.edit_button = QPushButton(objectName="edit_contact")
        self.remove_button = QPushButton(objectName="remove_contact")
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button.clicked.connect(self.edit_contact)
        self.remove_button.clicked.connect(self.remove_contact)
        self.history = QListWidget(objectName="history")
        self.history_label = QLabel()
        self.message = QLabel(wordWrap=True, objectName="message")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.clinic_box)
        layout.addWidget(self.region_box)
        layout.addWidget(self.missing)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history, 1)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.clinic_box.setTitle(_("This clinic (printed on the referral sheet)"))
        self._clinic_labels[0].setText(_("Clinic phone:"))
        self._clinic_labels[1].setText(_("Clinic hours:"))
        self.clinic_save.setText(_("Save clinic details"))
        self.add_button.setText(_("Add contact..."))
        self.edit_button.setText(_("Edit..."))
        self.remove_button.setText(_("Remove"))
        self.history_label.setText(_("Changes (newest first):"))
        self.region_box.setTitle(_("County contacts (child protection, navigator)"))
        self.region_button.setText(_("Use these county contacts"))
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Phone"),
                                              _("Verified on"), _("Source")])
        self.refresh()

    def refresh(self) -> None:
        document = self._store.contacts_document()
        self._contacts = list(document.get("contacts", []))
        clinic = document.get("clinic", {})
        self.clinic_phone.setText(clinic.get("phone", ""))
        self.clinic_hours.setText(clinic.get("hours", ""))
        self.table.setRowCount(len(self._contacts))
        for row, contact in enumerate(self._contacts):
            verified = contact.get("verified_on", "")
            try:
                verified = format_date(dt.date.fromisoformat(verified), current_language())
            except ValueError:
                pass
            role = contact.get("role", "")
            role_text = _(ROLE_LABELS[role]) if role in ROLE_LABELS else ""
            phone = contact.get("phone", "") or _("(missing: enter it)")
            for column, value in enumerate((contact.get("name", ""), role_text, phone,
                                            verified, contact.get("source", ""))):
                self.table.setItem(row, column, QTableWidgetItem(str(value)))
        missing = missing_roles(self._store.referral_contacts())
        self.missing.setVisible(bool(missing))
        self.missing.setText(_("Not set yet: {roles}. Screens and handouts say \"ask your "
                               "clinic lead\" until you add them (Add contact..., then choose "
                               "the role).").format(
            roles=", ".join(_(ROLE_LABELS[r]) for r in missing)))
        self.history.clear()
        for change in self._store.contacts_history():
            self.history.addItem(f"{format_date(change.changed_at.date())}  "
                                 f"{change.changed_by}: {change.summary}")

    def _selected(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        return self._contacts[row] if 0 <= row < len(self._contacts) else None

    def add_contact(self) -> None:
        if ContactDialog(self._store, None, self).exec():
            self.refresh()

    def edit_contact(self) -> None:
        contact = self._selected()
        if contact is not None and ContactDialog(self._store, contact, self).exec():
            self.refresh()

    def remove_contact(self) -> None:
        contact = self._selected()
        if contact is None:
            return
        answer = QMessageBox.question(self, _("Remove"), _("Remove {name} from the handouts?")
                                      .format(name=contact.get("name", "")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda: self._store.remove_contact(str(contact.get("id"))))

    def apply_region(self) -> None:
        region = str(self.region.currentData())
        answer = QMessageBox.question(self, _("County contacts"), _(
            "Replace the clinic's child protection, navigator and other county contacts with "
            "those shipped for {region}?").format(region=self.region.currentText()))
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: self._store.apply_region(region))

    def save_clinic(self) -> None:
        self._run(lambda: self._store.set_clinic_details(self.clinic_phone.text(),
                                                         self.clinic_hours.text()))

    def _run(self, change: Any) -> None:
        try:
            change()
        except ClinicError as exc:
            self.message.setText(str(exc))
            return
        self.message.clear()
        self.refresh()
