"""First run: clinic name, sites and the first lead account, then an encrypted store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from clinic_app.accounts import normalise_username
from clinic_app.errors import ClinicError, ValidationError
from clinic_app.i18n import _
from clinic_app.ui.common import error_label
from clinic_app.ui.language_menu import LanguageCombo
from clinic_app.ui.operations import Operation, run_operation
from clinic_app.ui.password_fields import NewPasswordFields
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

CreateStore = Callable[[str, list[str], str, str], "Store"]


class WelcomePage(QWizardPage, Retranslatable):
    def __init__(self) -> None:
        super().__init__()
        self.intro = QLabel(wordWrap=True)
        self.language_label = QLabel()
        self.language = LanguageCombo()
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Welcome to clinic-app"))
        self.intro.setText(_(
            "This sets up the clinic's encrypted store on this computer. Everything stays on "
            "this computer; the app never connects to the internet. You will create the first "
            "clinic lead account, who can then add nurses, educators and other leads."))
        self.language_label.setText(_("Language:"))


class ClinicPage(QWizardPage, Retranslatable):
    def __init__(self) -> None:
        super().__init__()
        self.clinic = QLineEdit(objectName="clinic_name")
        self.sites = QPlainTextEdit(objectName="sites")
        self.sites.setTabChangesFocus(True)
        # Loaded here, not at import: the first window must not wait for the handout
        # package (reportlab) when no wizard is shown.
        from clinic_app.handouts.contacts import DEFAULT_REGION, load_regions

        self.region = QComboBox(objectName="region")
        self.regions = load_regions()
        for region in self.regions:
            self.region.addItem(region.name, region.id)
        self.region.addItem("", None)  # another county: the lead enters its contacts
        self.region.setCurrentIndex(max(self.region.findData(DEFAULT_REGION), 0))
        self.region_note = QLabel(objectName="region_note", wordWrap=True)
        self.region.currentIndexChanged.connect(lambda _i: self._show_region_note())
        self.error = error_label()
        self.clinic_label = QLabel()
        self.sites_label = QLabel(wordWrap=True)
        self.region_label = QLabel(wordWrap=True)
        form = QFormLayout(self)
        form.addRow(self.clinic_label, self.clinic)
        form.addRow(self.sites_label, self.sites)
        form.addRow(self.region_label, self.region)
        form.addRow(self.region_note)
        form.addRow(self.error)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setTitle(_("Your clinic"))
        self.clinic_label.setText(_("Clinic name:"))
        self.sites_label.setText(_("School sites (one per line):"))
        self.region_label.setText(_("County contacts:"))
        self.region.setItemText(self.region.count() - 1,
                                _("Another county (enter your own contacts)"))
        self._show_region_note()

    def region_id(self) -> str | None:
        value = self.region.currentData()
        return str(value) if value else None

    def _show_region_note(self) -> None:
        """Which county numbers the clinic lead still has to enter, named before setup."""
        from clinic_app.handouts.contacts import contacts_from_data, default_document, missing_roles
        from clinic_app.jurisdiction import ROLE_LABELS

        chosen = self.region_id()
        contacts = contacts_from_data(default_document(chosen))
        missing = [_(ROLE_LABELS[role]) for role in missing_roles(contacts)]
        note = _("Child protection, the regional navigator and a consultation line fill the "
                 "report steps and handouts. You can change them later under Administration.")
        if missing:
            note += " " + _("Missing, to enter after setup: {roles}.").format(
                roles=", ".join(missing))
        self.region_note.setText(note)

    def site_names(self) -> list[str]:
        return [line.strip() for line in self.sites.toPlainText().splitlines() if line.strip()]

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if not self.clinic.text().strip():
            self.error.setText(_("The clinic name is empty."))
            return False
        names = self.site_names()
        if len(set(names)) != len(names):
            self.error.setText(_("Two sites have the same name."))
            return False
        self.error.clear()
        return True


class LeadAccountPage(QWizardPage, Retranslatable):
    creation_finished = Signal()  # a try to create the store has ended, either way

    def __init__(self, clinic_page: ClinicPage, create: CreateStore) -> None:
        super().__init__()
        self._clinic_page = clinic_page
        self._create = create
        self.store: Store | None = None
        self.creating: Operation | None = None
        self.intro = QLabel(wordWrap=True)
        self.username = QLineEdit(objectName="username")
        self.username_label = QLabel()
        self.passwords = NewPasswordFields()
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow(self.intro)
        form.addRow(self.username_label, self.username)
        form.addRow(self.passwords)
        form.addRow(self.error)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setTitle(_("First clinic lead account"))
        self.intro.setText(_(
            "The clinic lead manages staff accounts, contacts and content. Each account's "
            "password unlocks the store: there is no way to recover a forgotten password "
            "except a reset by another lead."))
        self.username_label.setText(_("User name:"))

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Checks the form, then creates the store off the UI thread (the key derivation
        takes about half a second); the wizard finishes when it is made."""
        if self.store is not None:
            return True
        if self.creating is not None:
            return False
        try:
            username = normalise_username(self.username.text())
            clinic = self._clinic_page.clinic.text().strip()
            password = self.passwords.checked_password(username, clinic)
        except (ClinicError, ValidationError) as exc:
            self.error.setText(str(exc))
            return False
        sites, region = self._clinic_page.site_names(), self._clinic_page.region_id()

        def create(_progress: object, _cancelled: object) -> Store:
            store = self._create(clinic, sites, username, password)
            store.apply_region(region)
            return store

        self.error.setText(_("Creating the encrypted store..."))
        self.setEnabled(False)
        self.creating = run_operation(self, create, where="store setup",
                                      on_success=self._created, on_failure=self._refused)
        self.creating.finished.connect(self._creation_ended)
        return False

    def _created(self, store: Store) -> None:
        self.store = store
        self.error.clear()
        self.wizard().accept()

    def _refused(self, message: str) -> None:
        self.error.setText(message)

    def _creation_ended(self) -> None:
        self.creating = None
        self.setEnabled(True)
        self.creation_finished.emit()


class SetupWizard(QWizard, Retranslatable):
    """Creates the store; `store` holds it (signed in as the new lead) once accepted."""

    def __init__(self, create: CreateStore, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="setup_wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.welcome = WelcomePage()
        self.clinic_page = ClinicPage()
        self.lead_page = LeadAccountPage(self.clinic_page, create)
        for page in (self.welcome, self.clinic_page, self.lead_page):
            self.addPage(page)
        self.resize(620, 460)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("clinic-app setup"))

    @property
    def store(self) -> Store | None:
        return self.lead_page.store
