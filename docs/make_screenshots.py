"""Screenshots for the user guides (docs/guide-*.md), taken from the real windows.

Run from the repository root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py

It builds a throwaway demo store in a temporary folder (synthetic records only, never a
real store), opens the app's own windows on it, saves each with ``widget.grab()`` into
docs/screenshots/, and deletes the temporary folder. Same seed, same pictures (dates
follow the day it runs). Takes well under a minute. At the end it lists every label or
button that was too small for its text, so clipped screens are noticed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from clinic_app.i18n import set_language  # noqa: E402
from clinic_app.ui.style import apply_app_style  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SEED = 7
RECORDS = 300
CLINIC = "Lake Street School Clinics"
SITES = ["North High", "South High", "River Middle"]
# Demo accounts of the throwaway store (never use these on a real store).
LEAD, LEAD_PW = "maria", "lantern harbor quiet meadow"
NURSE, NURSE_PW = "sam", "seven orange kites at dawn"
EDUCATOR, EDUCATOR_PW = "lee", "river stones and paper boats"
ADMIN, ADMIN_PW = "kim", "backup tapes on tuesday morning"

saved: list[str] = []
warnings: list[str] = []


def settle(ms: int = 60) -> None:
    """Let Qt lay out and paint (and finish queued work) before a grab."""
    app = QApplication.instance()
    assert app is not None
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def clipped(widget: QWidget) -> list[str]:
    """Labels and buttons inside `widget` that are too small for their text."""
    found = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget) or not child.text():
            continue
        if child.hasHeightForWidth():  # wrapping text: only its height can fall short
            short = child.heightForWidth(child.width()) - child.height()
        else:
            hint = child.minimumSizeHint()
            short = max(hint.height() - child.height(), hint.width() - child.width())
        if short > 2:
            name = child.objectName() or type(child).__name__
            found.append(f"{name} ({child.text()[:40]!r}...) is {short} px short")
    return found


def fit_height(window: QWidget, page: QWidget, width: int, start: int,
               limit: int = 1600) -> None:
    """Make `window` just tall enough that nothing on `page` is cut off (the result page
    has no scroll bar: at the usual height its longest texts are clipped)."""
    for height in range(start, limit, 20):
        window.resize(width, height)
        settle(20)
        if not clipped(page):
            return


def shoot(widget: QWidget, name: str, ms: int = 60) -> None:
    """Show `widget` if needed, let it paint, save it as docs/screenshots/NAME.png."""
    if not widget.isVisible():
        widget.show()
    settle(ms)
    path = OUT / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not save {path}")
    saved.append(path.name)
    warnings.extend(f"{path.name}: {problem}" for problem in clipped(widget))


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Process events until `condition()` holds (background tasks, lazy lists)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window to finish loading")
        settle(20)


# -- the throwaway store ---------------------------------------------------------------
def build_store(data_dir: Path) -> None:
    from clinic_app.store import demo
    from clinic_app.store.deliveries import DeliveryInput
    from clinic_app.store.facade import Store

    store = Store.create(data_dir, clinic=CLINIC, sites=SITES, admin=LEAD, password=LEAD_PW)
    try:
        store.add_account(NURSE, "nurse", NURSE_PW)
        store.add_account(EDUCATOR, "educator", EDUCATOR_PW)
        store.add_account(ADMIN, "admin", ADMIN_PW)
        store.set_clinic_details("612-555-0140", "Mon-Fri 8:00-15:30")
        # Synthetic records first: demo.generate refuses a store with real screenings.
        demo.generate(store, RECORDS, SEED, today=dt.date.today())
        # No backup yet: Home shows the backup reminder a lead sees on a new store.
    finally:
        store.close()
    educator = Store.open(data_dir, EDUCATOR, EDUCATOR_PW)
    try:
        today = dt.date.today()
        for days, lesson, version, site, grade, students, langs in (
            (21, "healthy-relationships", "1.0.0", "River Middle", 7, 26, ("en",)),
            (9, "healthy-relationships", "1.1.0", "North High", 9, 31, ("en", "so")),
            (2, "online-safety-sextortion", "1.0.0", "South High", 10, 28, ("en", "es")),
        ):
            educator.record_delivery(DeliveryInput(
                lesson_id=lesson, lesson_version=version,
                delivered_on=today - dt.timedelta(days=days), site=site, grade=grade,
                students=students, languages=langs))
    finally:
        educator.close()


def open_as(data_dir: Path, user: str, password: str):  # type: ignore[no-untyped-def]
    from clinic_app.store.facade import Store

    return Store.open(data_dir, user, password)


# -- the screens -------------------------------------------------------------------------
def first_run_windows(scratch: Path) -> None:
    """The setup wizard (its pages filled in, nothing created) and the sign-in dialog."""
    from clinic_app.ui.login_dialog import LoginDialog
    from clinic_app.ui.setup_wizard import SetupWizard

    def refuse(*_args: object) -> None:
        raise AssertionError("the screenshot wizard never creates a store")

    wizard = SetupWizard(refuse)  # type: ignore[arg-type]
    shoot(wizard, "setup-welcome")
    wizard.next()
    wizard.clinic_page.clinic.setText(CLINIC)
    wizard.clinic_page.sites.setPlainText("\n".join(SITES))
    shoot(wizard, "setup-clinic")
    wizard.next()
    wizard.lead_page.username.setText(LEAD)
    wizard.lead_page.passwords.password.setText(LEAD_PW)
    wizard.lead_page.passwords.repeat.setText(LEAD_PW)
    shoot(wizard, "setup-lead")
    wizard.close()

    dialog = LoginDialog(lambda _u, _p: refuse())  # type: ignore[arg-type,return-value]
    dialog.username.setText(NURSE)
    dialog.password.setText(NURSE_PW)
    shoot(dialog, "sign-in")
    dialog.close()


def nurse_windows(data_dir: Path) -> None:
    from clinic_app.ui.main_window import MainWindow
    from clinic_app.ui.screening.page import ScreeningPage
    from clinic_app.ui.screening.section_step import SectionStep

    store = open_as(data_dir, NURSE, NURSE_PW)
    window = MainWindow(store)
    window.resize(1100, 760)
    shoot(window, "nurse-home")

    window.show_workspace("screening")
    page = window.current_page()
    assert isinstance(page, ScreeningPage)
    flow = page.flow
    flow.setup.seen_alone.setChecked(True)
    flow.setup.confidentiality.setChecked(True)
    flow.setup.site.setCurrentText("South High")
    flow.setup.grade.setValue(10)
    flow.setup.age.setValue(15)
    ids = [i.id for i in flow.setup.instruments]
    flow.setup.instrument.setCurrentIndex(ids.index("youth-brief-screen"))
    shoot(window, "nurse-screening-setup")

    flow.next()  # the privacy script
    shoot(window, "nurse-screening-privacy")
    flow.next()  # the first section of questions
    section = flow.pages.currentWidget()
    assert isinstance(section, SectionStep)
    answers = {"ran-away": "yes", "substance-use": "declined", "police-contact": "no"}
    for item in section.items[:3]:
        item._set(answers.get(item.item.id, "no"), emit_done=False)  # as a key press does
    section.items[3].setFocus()
    shoot(window, "nurse-screening-items")
    while flow.pages.currentWidget() is not flow.result:
        current = flow.pages.currentWidget()
        if isinstance(current, SectionStep):
            for item in current.items:
                if not item.value:
                    item._set("yes" if item.item.id == "exchange-sex" else "no",
                              emit_done=False)
        flow.next()
    assert flow.result.outcome is not None and flow.result.outcome.level == "clear"
    # The result page has no scroll bar, so the window is made as tall as the page needs
    # (what does not fit at the usual size is listed at the end of the run).
    decision = flow.result.decision
    decision.consult.setChecked(True)
    fit_height(window, flow.result, 1100, 760)
    shoot(decision, "nurse-decision-consult")
    decision.no.setChecked(True)
    decision.reason.setCurrentIndex(decision.reason.findData("not-260e"))
    fit_height(window, flow.result, 1100, 760)
    shoot(decision, "nurse-decision-no")
    decision.yes.setChecked(True)  # the duty, with the clinic's own county contact
    window.resize(1100, 760)
    settle()
    warnings.extend(f"result page at 1100x760: {problem}" for problem in clipped(flow.result))
    fit_height(window, flow.result, 1100, 760)
    shoot(window, "nurse-screening-result")

    window.resize(1100, 760)
    previews: list[QWidget] = []  # handouts are built off the UI thread, then shown
    flow.referral_shown.connect(previews.append)
    for kind, name in (("sheet", "handout-preview-sheet"), ("card", "handout-preview")):
        previews.clear()
        flow.print_referral(kind)
        wait_for(lambda: bool(previews), timeout=60)
        preview = previews[0]
        preview.resize(760, 860)
        shoot(preview, name, ms=400)
        preview.close()
    flow.discard()  # the demo screening is never saved: the store stays synthetic

    # An 11-year-old who declines most questions: Incomplete (not assessed), the list of
    # what was not assessed, and the note for a student under 12.
    flow.setup.seen_alone.setChecked(True)
    flow.setup.confidentiality.setChecked(True)
    flow.setup.site.setCurrentText("River Middle")
    flow.setup.grade.setValue(6)
    flow.setup.age.setValue(11)
    flow.setup.instrument.setCurrentIndex(ids.index("youth-brief-screen"))
    flow.next()  # the privacy script
    flow.next()
    answered = {"ran-away": "no", "substance-use": "no", "police-contact": "no"}
    while flow.pages.currentWidget() is not flow.result:
        current = flow.pages.currentWidget()
        if isinstance(current, SectionStep):
            for item in current.items:
                item._set(answered.get(item.item.id, "declined"), emit_done=False)
        flow.next()
    assert flow.result.outcome is not None and flow.result.outcome.level == "incomplete"
    fit_height(window, flow.result, 1100, 760)
    shoot(window, "nurse-screening-incomplete")
    window.resize(1100, 760)
    flow.discard()

    # Two recent screenings whose nurse chose "consult first": they wait on today's list.
    from clinic_app.store.screenings import RecordFilter, ReportDecision

    recent = store.list_screenings(RecordFilter(), 40)
    waiting = [s for s in recent if s.level in ("possible", "clear") and not s.report_required]
    for summary in waiting[:2]:
        store.record_report_decision(summary.record_code, ReportDecision("consult"))

    window.resize(1380, 800)  # wide enough for every column of the lists
    page.tabs.setCurrentIndex(1)
    wait_for(lambda: page.follow_up is not None and page.follow_up.due.model.total >= 0)
    shoot(window, "nurse-today", ms=200)
    window.resize(1480, 800)  # the records list has one more column
    page.tabs.setCurrentIndex(2)
    assert page.records is not None
    wait_for(lambda: page.records.model.rowCount() > 0)
    shoot(window, "nurse-records", ms=200)

    # A recent red-flag record whose nurse answered yes: the report is due, not yet made.
    recent = store.list_screenings(RecordFilter(level="clear"), 40)
    due = [s for s in recent if s.report_required and s.report_oral_on is None]
    code = (due or recent or store.list_screenings(RecordFilter(), 1))[0].record_code
    dialog = page.records.opener.open_code(code)
    side = dialog.findChild(QScrollArea)
    for height in range(760, 1300, 20):  # tall enough to show the report and follow-up
        dialog.resize(1120, height)
        settle(20)
        if side is None or not side.verticalScrollBar().isVisible():
            break
    shoot(dialog, "nurse-record", ms=200)
    dialog.close()

    from clinic_app.ui.settings_dialog import SettingsDialog

    settings = SettingsDialog(store, window)
    shoot(settings, "settings")
    settings.close()

    page.tabs.setCurrentIndex(0)
    window.resize(1100, 760)
    window.lock(neutral=False)
    shoot(window, "lock-screen")
    window.try_unlock(NURSE_PW)
    window.lock(neutral=True)
    shoot(window, "quick-hide")
    window.try_unlock(NURSE_PW)
    window.idle.stop()
    window.close()
    store.close()


def educator_windows(data_dir: Path) -> None:
    from clinic_app.ui.lessons import LessonsPage
    from clinic_app.ui.main_window import MainWindow

    store = open_as(data_dir, EDUCATOR, EDUCATOR_PW)
    window = MainWindow(store)
    window.resize(1180, 780)
    window.show_workspace("lessons")
    page = window.current_page()
    assert isinstance(page, LessonsPage)
    wait_for(lambda: page.loaded, timeout=60)  # the library loads off the UI thread
    page.lesson_list.select_lesson("healthy-relationships")
    shoot(window, "educator-lessons", ms=200)

    history = page.show_history()
    assert history is not None
    history.compare("1.0.0", "1.1.0", "en")
    shoot(history, "educator-version-history", ms=200)
    history.close()

    assert page.deliveries is not None
    form = page.deliveries.make_dialog(lesson_id="healthy-relationships", version="1.1.0")
    form.site.setCurrentText("North High")
    form.grade.setCurrentIndex(form.grade.findText("9"))
    form.students.setValue(31)
    shoot(form, "educator-log-delivery")
    form.close()
    page.tabs.setCurrentIndex(1)
    page.deliveries.refresh()
    shoot(window, "educator-deliveries")
    window.idle.stop()
    window.close()
    store.close()


def lead_windows(data_dir: Path) -> None:
    from clinic_app.ui.admin import AdminPage
    from clinic_app.ui.main_window import MainWindow

    store = open_as(data_dir, LEAD, LEAD_PW)
    window = MainWindow(store)
    window.resize(1100, 760)
    shoot(window, "lead-home")
    window.show_workspace("administration")
    admin = window.current_page()
    assert isinstance(admin, AdminPage)
    names = ("admin-accounts", "admin-contacts", "admin-audit", "admin-backups")
    for index, name in enumerate(names):
        admin.tabs.setCurrentIndex(index)
        tab = admin.tabs.widget(index)
        refresh = getattr(tab, "refresh", None) or getattr(tab, "apply_filter", None)
        if callable(refresh):
            refresh()
        shoot(window, name, ms=150)
    from clinic_app.ui.admin.contacts_page import ContactDialog

    navigator = next(c for c in store.contacts_document()["contacts"]
                     if c.get("role") == "navigator")
    edit = ContactDialog(store, navigator, window)
    for field in edit.findChildren(QLineEdit):
        field.setCursorPosition(0)  # long texts show their beginning
    shoot(edit, "admin-edit-contact")
    edit.close()
    from clinic_app.ui.admin.accounts_page import AccountDialog
    from clinic_app.ui.settings_dialog import SettingsDialog

    add = AccountDialog(store, parent=window)
    add.username.setText("jordan")
    add.role.setCurrentIndex(add.role.findData("nurse"))
    add.passwords.password.setText("a long phrase for jordan only")
    add.passwords.repeat.setText("a long phrase for jordan only")
    add.resize(460, add.sizeHint().height())
    shoot(add, "admin-add-account")
    add.close()
    settings = SettingsDialog(store, window)
    shoot(settings, "settings-lead")
    settings.close()
    if window.show_workspace("reports"):  # the lead's dashboard, built as a lead would
        reports = window.current_page()
        reports.build()
        wait_for(lambda: reports.report is not None, timeout=60)
        shoot(window, "lead-reports", ms=600)
    window.idle.stop()
    window.close()
    store.close()


def translated_windows(data_dir: Path) -> None:
    """The same app in Somali and in Hmong (draft translations)."""
    from clinic_app.ui.main_window import MainWindow
    from clinic_app.ui.screening.page import ScreeningPage

    set_language("so")
    store = open_as(data_dir, NURSE, NURSE_PW)
    window = MainWindow(store)
    window.resize(1100, 760)
    window.show_workspace("screening")
    page = window.current_page()
    assert isinstance(page, ScreeningPage)
    setup = page.flow.setup
    setup.seen_alone.setChecked(True)
    setup.confidentiality.setChecked(True)
    setup.interpreter.setChecked(True)
    setup.interview_language.setCurrentIndex(setup.interview_language.findData("so"))
    shoot(window, "somali-screening-setup")
    window.idle.stop()
    window.close()
    store.close()

    set_language("hmn")
    store = open_as(data_dir, EDUCATOR, EDUCATOR_PW)
    window = MainWindow(store)
    window.resize(1180, 780)
    window.show_workspace("lessons")
    lessons = window.current_page()
    wait_for(lambda: lessons.loaded, timeout=60)
    lessons.lesson_list.language.setCurrentIndex(lessons.lesson_list.language.findData("hmn"))
    lessons.lesson_list.select_lesson("helping-a-friend")
    shoot(window, "hmong-lessons", ms=200)
    window.idle.stop()
    window.close()
    store.close()
    set_language("en")


def main() -> int:
    started = time.monotonic()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("clinic-app")
    apply_app_style(app)  # the app's one stylesheet, as run_app applies it
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    set_language("en")
    OUT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="clinic-screens-"))
    try:
        data_dir = scratch / "data"
        first_run_windows(scratch)
        build_store(data_dir)
        nurse_windows(data_dir)
        educator_windows(data_dir)
        lead_windows(data_dir)
        translated_windows(data_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{len(saved)} screenshots in {OUT.relative_to(ROOT)} "
          f"({time.monotonic() - started:.1f} s):")
    for name in saved:
        print("  " + name)
    if warnings:
        print("Text that does not fit (labels and buttons too small for their text):")
        for line in warnings:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
