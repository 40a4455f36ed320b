"""The app shell driven through real widgets: setup, sign-in, workspaces, live language switch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD

from clinic_app.i18n import set_language
from clinic_app.store.facade import DB_FILE, Store
from clinic_app.ui.login_dialog import LoginDialog
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.setup_wizard import SetupWizard


def test_setup_wizard_creates_an_encrypted_store(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "new"

    def create(clinic: str, sites: list[str], admin: str, password: str) -> Store:
        return Store.create(folder, clinic=clinic, sites=sites, admin=admin, password=password)

    wizard = SetupWizard(create)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.clinic_page.clinic.setText("")
    wizard.next()
    assert wizard.currentPage() is wizard.clinic_page
    assert "empty" in wizard.clinic_page.error.text()
    qtbot.keyClicks(wizard.clinic_page.clinic, "Lake Street Clinic")
    wizard.clinic_page.sites.setPlainText("Lake High\nRiver Middle\n")
    clinic_page = wizard.clinic_page
    assert clinic_page.region_id() == "hennepin"
    clinic_page.region.setCurrentIndex(clinic_page.region.findData("ramsey"))
    # The lead learns before setup which county numbers are still to enter.
    assert "regional Safe Harbor navigator" in clinic_page.region_note.text()
    wizard.next()
    page = wizard.lead_page
    qtbot.keyClicks(page.username, "maria")
    qtbot.keyClicks(page.passwords.password, "short")
    qtbot.keyClicks(page.passwords.repeat, "short")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert "too short" in page.error.text() and wizard.store is None
    page.passwords.password.setText("river and lake at sunrise")
    page.passwords.repeat.setText("river and lake at sunrise")
    with qtbot.waitSignal(page.creation_finished, timeout=30_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.store is not None and wizard.store.user.role == "lead"
    assert wizard.store.clinic_profile().sites == ("Lake High", "River Middle")
    county = [c for c in wizard.store.referral_contacts() if c.role == "county_cp"]
    assert [(c.name, c.phone) for c in county] == [("Ramsey County Child Protection",
                                                    "651-266-4500")]
    wizard.store.close()
    assert not (folder / DB_FILE).read_bytes().startswith(b"SQLite format 3")


def test_login_shows_one_clear_line_then_signs_in(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(lambda u, p: Store.open(data_dir, u, p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, LEAD)
    qtbot.keyClicks(dialog.password, "wrong password for sure")
    with qtbot.waitSignal(dialog.attempt_finished, timeout=30_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        # The try runs off the UI thread: the form waits, and says so.
        assert not dialog.password.isEnabled() and "Signing in" in dialog.error.text()
    assert dialog.error.text() == "Wrong user name or password."
    assert dialog.password.text() == "" and dialog.store is None
    assert dialog.password.isEnabled() and dialog.password.hasFocus()
    qtbot.keyClicks(dialog.password, LEAD_PASSWORD)
    with qtbot.waitSignal(dialog.attempt_finished, timeout=30_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.store is not None and dialog.result() == LoginDialog.DialogCode.Accepted
    dialog.store.close()


def _texts(window: MainWindow) -> list[str]:
    return [window.windowTitle(), window.file_menu.title(), window.language_menu.title(),
            window.nav.item(0).text(), window.sign_out_action.text()]


def test_switching_to_somali_then_hmong_retranslates_the_main_window(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(open_as(LEAD))
    qtbot.addWidget(window)
    window.show()
    english = _texts(window)
    window.language_actions["so"].trigger()
    somali = _texts(window)
    assert all(s != e for s, e in zip(somali[1:], english[1:], strict=True)), somali
    window.language_actions["hmn"].trigger()
    hmong = _texts(window)
    assert all(h not in (s, e) for h, s, e in zip(hmong[1:], somali[1:], english[1:],
                                                    strict=True)), hmong
    assert window.language_actions["hmn"].isChecked()


def test_qt_dialog_buttons_follow_the_language(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from clinic_app.ui.qt_translation import QtLanguageBridge

    bridge = QtLanguageBridge(QApplication.instance())
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    english = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    for code in ("so", "hmn", "es"):
        set_language(code)
        QApplication.processEvents()
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() != english, code
    set_language("en")
    del bridge


def test_nurse_sees_no_administration(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(open_as(NURSE))
    qtbot.addWidget(window)
    assert not window.show_workspace("administration")
    lead_window = MainWindow(open_as(LEAD))
    qtbot.addWidget(lead_window)
    assert lead_window.show_workspace("administration")


def test_lead_adds_and_disables_an_account_in_the_app(qtbot, open_as, data_dir: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch) -> None:
    from clinic_app.ui.admin.accounts_page import AccountDialog, AccountsPage

    store = open_as(LEAD)
    page = AccountsPage(store)
    qtbot.addWidget(page)
    dialog = AccountDialog(store, parent=page)
    qtbot.keyClicks(dialog.username, "nurse7")
    dialog.role.setCurrentIndex(dialog.role.findData("nurse"))
    dialog.passwords.password.setText("nurse seven's passphrase")
    dialog.passwords.repeat.setText("nurse seven's passphrase!")
    dialog.save()
    assert "not the same" in dialog.error.text()
    dialog.passwords.repeat.setText("nurse seven's passphrase")
    dialog.save()
    assert dialog.result() == AccountDialog.DialogCode.Accepted
    page.refresh()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert "nurse7" in names
    page.table.selectRow(names.index("nurse7"))
    page.toggle_active()
    row = [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index("nurse7")
    assert page.table.item(row, 2).text() == "disabled"
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()  # others unaffected


def test_a_user_changes_their_own_password(qtbot, open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.ui.own_password_dialog import OwnPasswordDialog

    dialog = OwnPasswordDialog(open_as(NURSE))
    qtbot.addWidget(dialog)
    dialog.current.setText("not my current password")
    dialog.passwords.password.setText("a fresh passphrase for me")
    dialog.passwords.repeat.setText("a fresh passphrase for me")
    dialog.save()
    assert dialog.error.text() == "The current password is wrong."
    dialog.current.setText(NURSE_PASSWORD)
    dialog.passwords.repeat.setText("short")
    dialog.save()
    assert "not the same" in dialog.error.text()
    dialog.passwords.repeat.setText("a fresh passphrase for me")
    dialog.save()
    assert dialog.result() == OwnPasswordDialog.DialogCode.Accepted
    Store.open(data_dir, NURSE, "a fresh passphrase for me").close()
