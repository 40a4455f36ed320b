"""Administration: contacts, audit log and backups, through real widgets."""

from __future__ import annotations

import io
from pathlib import Path

from staff_accounts import ADMIN, LEAD, NURSE

from clinic_app.i18n import set_language
from clinic_app.ui.admin import AdminPage, may_administer
from clinic_app.ui.admin.audit_page import AuditPage
from clinic_app.ui.admin.backup_page import BackupPage
from clinic_app.ui.admin.contacts_page import ContactDialog, ContactsPage
from clinic_app.ui.handout_preview import HandoutPreview, build_and_preview


def test_tabs_follow_the_role(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    lead = AdminPage(open_as(LEAD))
    admin = AdminPage(open_as(ADMIN))
    qtbot.addWidget(lead)
    qtbot.addWidget(admin)
    assert lead.titles == ["Staff accounts", "Referral contacts", "Audit log", "Backups"]
    assert admin.titles == ["Staff accounts", "Audit log", "Backups"]
    assert not may_administer("nurse") and not may_administer("educator")


def test_lead_adds_a_contact_and_it_reaches_the_handout(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from clinic_app.services.referrals import referral_pdf

    store = open_as(LEAD)
    page = ContactsPage(store)
    qtbot.addWidget(page)
    dialog = ContactDialog(store, None, page)
    dialog.name.setText("Safe Harbor navigator")
    dialog.phone.setText("612-232-5428")
    dialog.source.setText("https://www.thelinkmn.org/")
    dialog.save()
    assert "English text is required" in dialog.error.text()  # names the field
    dialog.fields[("description", "en")].setText("Help for young people up to age 24.")
    dialog.fields[("hours", "en")].setText("Weekdays")
    dialog.fields[("languages", "en")].setText("English, Spanish")
    dialog.save()
    assert dialog.result() == ContactDialog.DialogCode.Accepted, dialog.error.text()
    page.refresh()
    assert page.table.rowCount() == len(store.contacts_document()["contacts"])
    assert page.history.count() == 1
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        referral_pdf(store, "sheet", "en"))).pages)
    assert "612-232-5428" in text


def test_lead_sets_the_navigator_role_and_the_missing_warning_goes(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.handouts.contacts import contact_for_role

    store = open_as(LEAD)
    page = ContactsPage(store)
    qtbot.addWidget(page)
    page.show()
    assert page.missing.isVisibleTo(page)
    assert "regional Safe Harbor navigator" in page.missing.text()
    navigator = next(c for c in store.contacts_document()["contacts"]
                     if c["id"] == "hennepin-navigator")
    dialog = ContactDialog(store, navigator, page)
    assert dialog.role.currentData() == "navigator"
    dialog.phone.setText("612-555-0142")
    dialog.verified_by.setText("J. Ortiz, clinic lead: called the line on 2026-12-04")
    dialog.save()
    assert dialog.result() == ContactDialog.DialogCode.Accepted, dialog.error.text()
    page.refresh()
    filled = contact_for_role(store.referral_contacts(), "navigator")
    assert filled is not None and filled.phone == "612-555-0142"
    assert "navigator" not in page.missing.text()
    consult = ContactDialog(store, None, page)
    consult.role.setCurrentIndex(consult.role.findData("navigator"))
    consult.name.setText("Second navigator")
    consult.phone.setText("612-555-0143")
    consult.source.setText("https://www.health.state.mn.us/")
    for field in ("description", "hours", "languages"):
        consult.fields[(field, "en")].setText("Weekdays")
    consult.save()
    assert "already has the role 'navigator'" in consult.error.text()


def test_audit_page_filters_and_verifies(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    page = AuditPage(lead)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 0  # nothing is read (or audited) until shown
    assert "audit_log_viewed" not in [r.action for r in lead.audit_entries(limit=3)][1:]
    page.show()
    assert page.refreshing is not None  # showing starts the read, off the UI thread
    with qtbot.waitSignal(page.refreshing.finished, timeout=30_000):
        pass
    shown = page.table.rowCount()
    assert shown > 0
    set_language("es")  # relabelled from the entries shown, not read (and audited) again
    assert page.refreshing is None and page.table.rowCount() == shown
    set_language("en")
    page.user_filter.setText("nobody-at-all")
    with qtbot.waitSignal(page.refresh().finished, timeout=30_000):
        pass
    assert page.table.rowCount() == 0
    with qtbot.waitSignal(page.verify().finished, timeout=30_000):
        pass
    assert "intact" in page.status.text()
    with qtbot.waitSignal(page.save_head(str(tmp_path / "head.txt")).finished, timeout=30_000):
        pass
    assert "sha256:" in (tmp_path / "head.txt").read_text()
    assert page.status.text() == f"Saved {tmp_path / 'head.txt'}"


def test_audit_head_that_cannot_be_written_says_so_in_one_line(qtbot, open_as,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    page = AuditPage(open_as(LEAD))
    qtbot.addWidget(page)
    target = tmp_path / "no-such-folder" / "head.txt"
    with qtbot.waitSignal(page.save_head(str(target)).failed, timeout=30_000) as blocker:
        pass
    assert page.status.text() == blocker.args[0] == (
        f"The folder {target.parent} does not exist.")
    assert not target.exists() and page.head_button.isEnabled()


def test_backup_runs_off_the_ui_thread_and_is_verified(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_as(ADMIN)
    page = BackupPage(store)
    qtbot.addWidget(page)
    assert "never" in page.last.text()
    task = page.back_up(tmp_path / "b.zip")
    assert not page.backup_button.isEnabled()  # running in the pool, the window still alive
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    assert (tmp_path / "b.zip").exists() and "verified" in page.result.text()
    assert "never" not in page.last.text() and page.backup_button.isEnabled()


def test_a_failed_backup_shows_its_one_clear_line(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_as(ADMIN)
    page = BackupPage(store)
    qtbot.addWidget(page)
    task = page.back_up(tmp_path)  # a folder, not a file name
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    assert page.result.text() == blocker.args[0] == (
        f"{tmp_path} is a folder; give a file name for the backup.")
    assert "\n" not in page.result.text()
    assert "never" in page.last.text() and page.backup_button.isEnabled()


def test_backup_cancelled_from_its_progress_dialog_writes_nothing(qtbot, open_as,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    page = BackupPage(open_as(ADMIN))
    qtbot.addWidget(page)
    task = page.back_up(tmp_path / "b.zip")
    dialog = page.findChild(QProgressDialog, "operation_progress")
    assert dialog is not None and dialog.labelText() == "Backing up"
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    assert "cancel" in page.result.text().lower()
    assert not (tmp_path / "b.zip").exists() and "never" in page.last.text()


def test_nurse_gets_no_admin_workspace(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.ui.main_window import MainWindow

    window = MainWindow(open_as(NURSE))
    qtbot.addWidget(window)
    assert not window.show_workspace("administration")


def test_preview_prints_every_page(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from clinic_app.services.referrals import referral_pdf

    pdf = referral_pdf(open_as(NURSE), "card", "hmn")
    preview = HandoutPreview(pdf, "cards", "cards.pdf", duplex=True)
    qtbot.addWidget(preview)
    assert preview.page_count == 2 and "long edge" in preview.info.text()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.render_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2


def test_a_handout_is_built_off_the_ui_thread_then_previewed_and_saved(qtbot, open_as,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QWidget

    from clinic_app.services.referrals import referral_pdf

    store = open_as(NURSE)
    parent = QWidget()
    qtbot.addWidget(parent)
    built_on: list[object] = []

    def build(_progress, _cancelled):  # type: ignore[no-untyped-def]
        built_on.append(QThread.currentThread())
        return referral_pdf(store, "card", "hmn")

    previews: list[HandoutPreview] = []
    building = build_and_preview(parent, build, where="a test", title="cards",
                                 file_name="cards.pdf", duplex=True, on_preview=previews.append)
    assert previews == []  # nothing is built on the UI thread
    with qtbot.waitSignal(building.finished, timeout=30_000):
        pass
    assert built_on and built_on[0] is not QThread.currentThread()
    preview = previews[0]
    assert preview.page_count == 2 and "long edge" in preview.info.text()
    handed_out: list[bool] = []
    preview.handed_out.connect(lambda: handed_out.append(True))
    missing = tmp_path / "no-such-folder" / "cards.pdf"
    with qtbot.waitSignal(preview.write_pdf(missing).failed, timeout=30_000):
        pass
    assert preview.info.text() == f"The folder {missing.parent} does not exist."
    assert handed_out == [] and preview.save_button.isEnabled()
    with qtbot.waitSignal(preview.write_pdf(tmp_path / "cards.pdf").finished, timeout=30_000):
        pass
    assert (tmp_path / "cards.pdf").read_bytes().startswith(b"%PDF")
    assert handed_out == [True] and preview.info.text() == f"Saved {tmp_path / 'cards.pdf'}"
    preview.close()


def test_home_reminds_about_an_old_backup(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.ui.main_window import HomePage

    admin = open_as(ADMIN)
    page = HomePage(admin)
    qtbot.addWidget(page)
    assert page.backup_reminder.isVisibleTo(page) and "7 days" in page.backup_reminder.text()
    admin.backup(tmp_path / "b.zip")
    fresh = HomePage(admin)
    qtbot.addWidget(fresh)
    assert not fresh.backup_reminder.isVisibleTo(fresh)
    nurse_page = HomePage(open_as(NURSE))
    qtbot.addWidget(nurse_page)
    assert not nurse_page.backup_reminder.isVisibleTo(nurse_page)
