"""The nurse's guided screening, driven by keyboard through real widgets."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from staff_accounts import NURSE, NURSE_PASSWORD

from clinic_app.store.facade import Store
from clinic_app.store.screenings import RecordFilter
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.screening.page import ScreeningPage


def start(qtbot, page: ScreeningPage, instrument_id: str = "youth-brief-screen") -> None:  # type: ignore[no-untyped-def]
    flow = page.flow
    assert not flow.next_button.isEnabled()  # not before the privacy checks
    qtbot.mouseClick(flow.setup.seen_alone, Qt.MouseButton.LeftButton)
    flow.setup.confidentiality.setChecked(True)
    flow.setup.interview_language.setCurrentIndex(flow.setup.interview_language.findData("so"))
    flow.setup.age.setValue(15)
    index = [i.id for i in flow.setup.instruments].index(instrument_id)
    flow.setup.instrument.setCurrentIndex(index)
    assert flow.next_button.isEnabled()
    qtbot.mouseClick(flow.next_button, Qt.MouseButton.LeftButton)
    assert flow.pages.currentWidget() is flow.privacy
    assert flow.privacy.script.text() != flow.privacy.staff_copy.text()


def pages_until_result(flow):  # type: ignore[no-untyped-def]
    """Each page before the result, one per step; fails (rather than spinning) when the
    flow has not reached the result after as many steps as it has pages."""
    limit = flow.pages.count()
    for _step in range(limit):
        page = flow.pages.currentWidget()
        if page is flow.result:
            return
        yield page
    if flow.pages.currentWidget() is not flow.result:
        stuck = flow.pages.currentWidget()
        pytest.fail(f"no result page after {limit} steps: still on page "
                    f"{flow.pages.indexOf(stuck)} ({stuck.objectName() or type(stuck).__name__})")


def answer_by_keyboard(qtbot, flow, keys: dict[str, str], other: str = "N") -> None:  # type: ignore[no-untyped-def]
    """Press one key per item, section after section, until the result page shows."""
    for page in pages_until_result(flow):
        for item in page.items:
            qtbot.keyClick(item, keys.get(item.item.id, other))

def to_result(qtbot, store: Store, keys: dict[str, str], other: str = "N",  # type: ignore[no-untyped-def]
              show: bool = True) -> ScreeningPage:
    """A screening page with the youth screen answered by keyboard, on its result page."""
    page = ScreeningPage(store)
    qtbot.addWidget(page)
    if show:
        page.show()
    start(qtbot, page)
    page.flow.next()
    answer_by_keyboard(qtbot, page.flow, keys, other)
    return page


def test_whole_screening_by_keyboard_then_reopened(qtbot, open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = ScreeningPage(open_as(NURSE))
    qtbot.addWidget(page)
    page.show()
    start(qtbot, page)
    flow = page.flow
    qtbot.keyClick(flow, Qt.Key.Key_Return)  # past the privacy script
    keys = {"ran-away": "Y", "substance-use": "D", "police-contact": "Y"}
    answer_by_keyboard(qtbot, flow, keys)
    assert flow.answers["substance-use"] == "declined"
    assert flow.result.outcome is not None and flow.result.outcome.level == "possible"
    assert "Level of concern" in flow.result.level.text()
    qtbot.mouseClick(flow.next_button, Qt.MouseButton.LeftButton)
    assert "Saved as SC-" in page.saved_note.text()
    code = page.saved_note.text().split("Saved as ")[1].split(".")[0]
    page._store.close()
    again = Store.open(data_dir, NURSE, NURSE_PASSWORD)
    try:
        record = again.get_screening(code)
        assert record.summary.level == "possible"
        assert record.answers["ran-away"] == "yes" and record.answers["substance-use"] == "declined"
        assert record.interview_language == "so"
    finally:
        again.close()


def test_red_flag_asks_the_nurse_for_the_report_decision(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    page = to_result(qtbot, store, {"earnings-taken": "Y"})
    flow = page.flow
    result = flow.result
    assert result.outcome.level == "clear" and result.outcome.decision_asked
    box = result.decision
    assert box.isVisibleTo(result) and box.required
    assert "Required" in box.requirement.text()
    assert "reason to believe" in box.question.text()
    qtbot.mouseClick(flow.next_button, Qt.MouseButton.LeftButton)  # save without deciding
    assert "Report decision" in flow.error.text()
    assert store.count_screenings(RecordFilter()) == 0
    qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)
    assert "24 hours" in box.guidance.text() and "72 hours" in box.guidance.text()
    assert "612-348-3552" in box.guidance.text() and "911" in box.guidance.text()
    qtbot.mouseClick(flow.next_button, Qt.MouseButton.LeftButton)
    (summary,) = store.list_screenings(RecordFilter())
    assert summary.report_required and summary.report_decision == "yes"


def test_consult_first_keeps_the_screening_on_todays_list(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    page = to_result(qtbot, store, {"forced-sex": "Y"})
    flow = page.flow
    qtbot.mouseClick(flow.result.decision.consult, Qt.MouseButton.LeftButton)
    guidance = flow.result.decision.guidance.text()
    assert "ask your clinic lead for the consultation line number" in guidance
    assert "612-348-3552" in guidance  # child protection can be called to talk it through
    flow.save()
    (summary,) = store.list_screenings(RecordFilter(decision_pending=True))
    assert not summary.report_required and summary.report_decision == "consult"
    page.show_tab("today")
    assert page.follow_up.decisions.model.total == 1
    assert "(1)" in page.follow_up.decisions.heading.text()


def test_decision_no_needs_a_reason(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    page = to_result(qtbot, store, {"work-fear": "Y"}, show=False)
    flow = page.flow
    assert flow.result.outcome.level == "possible" and flow.result.outcome.decision_asked
    box = flow.result.decision
    box.no.setChecked(True)
    assert box.reason.isVisibleTo(flow.result)
    flow.save()
    assert "reason for not reporting" in flow.error.text()
    box.reason.setCurrentIndex(box.reason.findData("no-reason-to-believe"))
    flow.save()
    (summary,) = store.list_screenings(RecordFilter())
    assert summary.report_decision == "no" and not summary.report_required


def test_all_declined_is_incomplete_and_lists_what_was_not_asked(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = to_result(qtbot, open_as(NURSE), {}, other="D")
    flow = page.flow
    result = flow.result
    assert result.outcome.level == "incomplete"
    assert "Incomplete (not assessed)" in result.level.text()
    assert "not \"no concern\"" in result.meaning.text()
    assert "Declined or unknown (10 of 10)" in result.not_assessed.text()
    assert "Is it safe for you to go home today?" in result.steps.text()
    assert "no concern" not in result.level.text().lower()


def test_staff_indicator_checklist_by_rating_keys(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = ScreeningPage(open_as(NURSE))
    qtbot.addWidget(page)
    page.show()
    start(qtbot, page, "staff-indicator-checklist")
    flow = page.flow
    flow.next()
    for section in pages_until_result(flow):
        for item in section.items:
            qtbot.keyClick(item, "P" if "possible" in item.buttons else "N")
    assert flow.result.outcome.level in ("possible", "clear")


def test_locking_keeps_the_draft_and_it_is_offered_back(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.show_workspace("screening")
    page = window.findChild(ScreeningPage)
    start(qtbot, page)
    page.flow.next()
    first = page.flow.pages.currentWidget().items[0]
    qtbot.keyClick(first, "Y")
    window.lock(neutral=False)
    assert store.load_draft()["answers"] == {"ran-away": "yes"}
    fresh = ScreeningPage(store)
    qtbot.addWidget(fresh)
    assert fresh.banner.isVisibleTo(fresh)
    qtbot.mouseClick(fresh.banner.resume_button, Qt.MouseButton.LeftButton)
    assert fresh.flow.answers == {"ran-away": "yes"}
    assert fresh.flow.pages.currentWidget() is fresh.flow.sections[0]
    assert fresh.flow.sections[0].items[0].buttons["yes"].isChecked()


def test_killing_the_app_mid_screening_offers_the_draft(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    script = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from clinic_app.store.facade import Store
        from clinic_app.ui.screening.page import ScreeningPage
        app = QApplication([])
        store = Store.open(Path({str(data_dir)!r}), {NURSE!r}, {NURSE_PASSWORD!r})
        page = ScreeningPage(store)
        page.flow.setup.seen_alone.setChecked(True)
        page.flow.setup.confidentiality.setChecked(True)
        page.flow.next()
        page.flow.next()
        page.flow.sections[0].items[0]._set("yes")
        page.flow.next()
        os._exit(9)  # killed: no clean shutdown
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], env=env, timeout=120,
                            capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    store = Store.open(data_dir, NURSE, NURSE_PASSWORD)
    try:
        page = ScreeningPage(store)
        qtbot.addWidget(page)
        assert page.banner.isVisibleTo(page)
        page.resume_draft()
        assert list(page.flow.answers.values()) == ["yes"]
        assert store.count_screenings(RecordFilter()) == 0
    finally:
        store.close()


def test_discard_clears_the_draft(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    page = ScreeningPage(store)
    qtbot.addWidget(page)
    start(qtbot, page)
    page.flow.next()
    assert store.load_draft() is not None
    page.flow.discard()
    assert store.load_draft() is None and page.flow.step == 0


def test_result_offers_the_referral_in_the_interview_language(qtbot, open_as,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    page = ScreeningPage(open_as(NURSE))
    qtbot.addWidget(page)
    start(qtbot, page)
    flow = page.flow
    flow.next()
    for _page in pages_until_result(flow):
        flow.next()
    with qtbot.waitSignal(flow.referral_shown, timeout=30_000) as shown:
        flow.print_referral("card")  # built off the UI thread
    preview = shown.args[0]
    assert preview.page_count == 2
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.pdf)).pages)
    assert "1-888-373-7888" in text
    assert not flow.result.referral.isChecked()  # a preview alone is no handout given
    preview.save_pdf_to(tmp_path / "cards.pdf")
    assert flow.result.referral.isChecked()
    reader = PdfReader(io.BytesIO(preview.pdf))
    assert str(reader.trailer["/Root"].get("/Lang", "")).startswith("so")
    preview.close()
    with qtbot.waitSignal(flow.referral_shown, timeout=30_000) as shown:
        flow.print_referral("sheet")
    sheet = shown.args[0]
    assert sheet.page_count >= 1
    sheet.close()


def test_saved_screening_appears_in_the_records_tab(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = to_result(qtbot, open_as(NURSE), {"forced-sex": "Y"}, show=False)
    flow = page.flow
    flow.result.decision.yes.setChecked(True)
    flow.save()
    page.show_tab("records")
    assert page.records.model.rowCount() == 1
    page.show_tab("today")
    assert page.tabs.tabText(2) == "Records"


def test_unlocking_restores_the_unfinished_screening(qtbot, open_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.ui import privacy

    now = [1000.0]  # the idle lock's clock, moved on instead of waiting
    monkeypatch.setattr(privacy, "clock", lambda: now[0])
    window = MainWindow(open_as(NURSE))
    qtbot.addWidget(window)
    window.show()
    window.show_workspace("screening")
    page = window.findChild(ScreeningPage)
    start(qtbot, page)
    page.flow.next()
    qtbot.keyClick(page.flow.sections[0].items[0], "Y")
    window.idle.set_interval(30)
    now[0] += 0.03
    window.idle.check()  # what the timer does when it wakes up
    assert window.is_locked
    assert not page.isVisible()
    assert window.try_unlock(NURSE_PASSWORD)
    assert page.isVisible() and page.flow.answers == {"ran-away": "yes"}
    assert page.flow.pages.currentWidget() is page.flow.sections[0]


def test_the_decision_box_shows_the_clinic_edited_agency(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from staff_accounts import LEAD

    lead = open_as(LEAD)
    document = lead.contacts_document()
    for contact in document["contacts"]:
        if contact["id"] == "hennepin-child-protection":
            contact["phone"] = "612-555-0199"
    lead.save_contacts_document(document, "new county number")
    page = ScreeningPage(lead)
    qtbot.addWidget(page)
    start(qtbot, page)
    flow = page.flow
    flow.next()
    answer_by_keyboard(qtbot, flow, {"exchange-sex": "Y"})
    flow.result.decision.yes.setChecked(True)
    text = flow.result.decision.guidance.text()
    assert "612-555-0199" in text and "24 hours" in text and "911" in text
    steps = flow.result.steps.text()
    assert "{county_cp}" not in steps and "612-555-0199" in steps
    assert "ask your clinic lead for the regional Safe Harbor navigator number" in steps


def test_in_each_language_the_result_never_says_no_concern_for_declines(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.i18n import set_language
    from screening import label

    page = to_result(qtbot, open_as(NURSE), {}, other="D", show=False)
    flow = page.flow
    try:
        for lang in ("en", "es", "hmn", "so"):
            set_language(lang)
            result = flow.result
            assert label("incomplete", lang) in result.level.text()
            assert label("none", lang) not in result.level.text()
            steps = result.steps.text()
            assert "{" not in steps and steps.strip()
            assert result.decision.question.text().strip()
    finally:
        set_language("en")


def test_an_optional_consult_first_stays_on_todays_list(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    page = ScreeningPage(store)
    qtbot.addWidget(page)
    start(qtbot, page)
    flow = page.flow
    flow.next()
    answer_by_keyboard(qtbot, flow, {})  # all "no": nothing requires a decision
    assert flow.result.outcome.level == "none" and not flow.result.decision.required
    flow.result.decision.consult.setChecked(True)
    flow.save()
    (summary,) = store.list_screenings(RecordFilter(decision_pending=True))
    assert summary.report_decision == "consult" and not summary.report_prompted


def test_the_result_page_scrolls_instead_of_growing_the_window(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.i18n import set_language

    page = to_result(qtbot, open_as(NURSE), {"exchange-sex": "Y", "forced-sex": "Y"}, show=False)
    flow = page.flow
    flow.result.decision.yes.setChecked(True)
    try:
        for lang in ("en", "es", "hmn", "so"):
            set_language(lang)
            assert flow.result.minimumSizeHint().height() < 700, lang
    finally:
        set_language("en")


def test_every_way_out_of_a_screening_keeps_its_answers(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    for leave in ("sign_out", "close"):
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        window.show_workspace("screening")
        page = window.findChild(ScreeningPage)
        start(qtbot, page)
        page.flow.next()
        qtbot.keyClick(page.flow.sections[0].items[0], "Y")
        if leave == "sign_out":
            with qtbot.waitSignal(window.sign_out_requested, timeout=1000):
                window.sign_out()  # File > Sign out
        else:
            window.close()  # quitting the app
        draft = store.load_draft()
        assert draft is not None and draft["answers"] == {"ran-away": "yes"}, leave
        store.discard_draft()


def test_discarding_a_screening_asks_first_and_twice_after_a_red_flag(qtbot, open_as,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    store = open_as(NURSE)
    page = ScreeningPage(store)
    qtbot.addWidget(page)
    start(qtbot, page)
    flow = page.flow
    flow.next()
    qtbot.keyClick(flow.sections[0].items[0], "Y")  # ran away: not a red flag
    asked: list[str] = []
    replies = [False]
    monkeypatch.setattr(flow, "ask", lambda _title, text: asked.append(text) or replies.pop(0))
    flow.discard_button.click()
    assert "1 answer given so far is deleted" in asked[0]
    assert flow.answers == {"ran-away": "yes"} and store.load_draft() is not None  # kept
    flow.answers["forced-sex"] = "yes"  # a red flag
    asked.clear()
    replies[:] = [True, False]
    assert not flow.confirm_discard()
    assert len(asked) == 2 and "red flag" in asked[1] and flow.answers  # still kept
    replies[:] = [True, True]
    assert flow.confirm_discard()
    assert store.load_draft() is None and flow.step == 0 and flow.answers == {}


def test_staff_rated_items_follow_the_interface_and_youth_questions_the_interview(  # type: ignore[no-untyped-def]
        qtbot, open_as) -> None:
    """Issue 19 #6: the staff checklist is read by staff, in the interface language; a
    youth question is said to the student, in the interview language (Somali here)."""
    from clinic_app.i18n import set_language

    store = open_as(NURSE)
    shown: dict[str, tuple[str, str]] = {}
    for instrument_id in ("staff-indicator-checklist", "youth-brief-screen"):
        page = ScreeningPage(store)
        qtbot.addWidget(page)
        start(qtbot, page, instrument_id)
        page.flow.next()
        section = page.flow.pages.currentWidget()
        widget = section.items[0]
        item = widget.item
        assert widget.question.text().endswith(item.text.get(
            "en" if instrument_id.startswith("staff") else "so"))
        try:
            set_language("es")
            shown[instrument_id] = (widget.question.text(), section.heading.text())
        finally:
            set_language("en")
        expected = "es" if instrument_id.startswith("staff") else "so"
        assert shown[instrument_id][0].endswith(item.text.get(expected)), instrument_id
        assert item.text.get("es") != item.text.get("so")
        heading = page.flow.instrument.sections[0].title.get(expected)
        assert shown[instrument_id][1] == heading, instrument_id


def test_a_draft_interview_language_is_named_on_every_page_read_to_the_student(  # type: ignore[no-untyped-def]
        qtbot, open_as) -> None:
    """Issue 16: the nurse reading Somali aloud is told the Somali text is an unreviewed
    draft (in the interface language), on the setup and each question page; English, the
    source, and the nurse's own result page carry no notice."""
    page = ScreeningPage(open_as(NURSE))
    qtbot.addWidget(page)
    page.show()
    flow = page.flow
    notice = flow.draft_notice
    language = flow.setup.interview_language
    assert not notice.isVisibleTo(page)  # English
    language.setCurrentIndex(language.findData("hmn"))
    assert notice.isVisibleTo(page) and "Hmoob" in notice.text()
    language.setCurrentIndex(language.findData("en"))
    assert not notice.isVisibleTo(page)
    start(qtbot, page)  # in Somali
    seen = []
    for _step in pages_until_result(flow):
        seen.append(notice.isVisibleTo(page) and "Soomaali" in notice.text()
                    and "interpreter" in notice.text())
        flow.next()
    assert seen and all(seen)
    assert flow.pages.currentWidget() is flow.result and not notice.isVisibleTo(page)
