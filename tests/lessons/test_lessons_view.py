"""The lesson library driven through real widgets: open, switch, diff, filter, search."""

from __future__ import annotations

from lessons_page import loaded_page, wait_for_lessons
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QTextDocument
from staff_accounts import EDUCATOR, LEAD, NURSE

from clinic_app.ui.lessons import LessonsPage
from clinic_app.ui.lessons.history_dialog import VersionHistoryDialog
from clinic_app.ui.main_window import MainWindow


def _page(qtbot, store) -> LessonsPage:  # type: ignore[no-untyped-def]
    return loaded_page(qtbot, store, show=True)


def test_page_shows_at_once_says_it_is_loading_then_shows_the_lessons(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = LessonsPage(open_as(EDUCATOR))
    qtbot.addWidget(page)
    page.show()
    # The constructor returns before the library is read: the page says so.
    assert not page.loaded
    assert page.body.currentWidget() is page.loading_label
    assert page.loading_label.isVisibleTo(page)
    assert page.loading_label.text() == "Loading lessons..."
    assert page.lesson_list.visible_lesson_ids() == []
    assert not page.import_button.isEnabled() and page.deliveries is None
    with qtbot.waitSignal(page.library_loaded, timeout=30_000):
        pass
    assert page.loaded and page.body.currentWidget() is page.tabs
    assert not page.loading_label.isVisibleTo(page)
    assert len(page.lesson_list.visible_lesson_ids()) >= 8
    assert page.deliveries is not None and page.tabs.tabText(1) == "My deliveries"
    assert page.lesson_list.select_lesson("healthy-relationships")
    assert "612-348-3552" in page.lesson_view.browser.toPlainText()  # contacts loaded too


def test_open_a_lesson_switch_language_and_version_and_diff(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, open_as(EDUCATOR))
    view = page.lesson_view
    assert page.lesson_list.select_lesson("healthy-relationships")
    assert view.current_version() == "1.2.0" and view.current_language() == "en"
    # The clinic's contacts fill the placeholders; none is left in braces.
    assert "{county_cp}" not in view.browser.toPlainText()
    assert "612-348-3552" in view.browser.toPlainText()
    assert "Healthy and unhealthy relationships" in view.browser.toPlainText()
    assert view.status_badge.text() == "source"

    view.select_language("es")
    spanish = view.current_file()
    assert spanish is not None and spanish.language == "es" and spanish.version == "1.2.0"
    assert view.browser.toPlainText().startswith(spanish.title)
    assert view.status_badge.status == "draft"
    assert view.language_badges["hmn"].status == "draft"

    view.select_version("1.0.0")
    old = view.current_file()
    assert old is not None and (old.version, old.language) == ("1.0.0", "es")
    assert view.status_badge.status == "stale" and view.notice.isVisibleTo(page)
    assert "1.2.0" in view.notice.text()

    dialog = page.show_history()
    assert isinstance(dialog, VersionHistoryDialog)
    qtbot.addWidget(dialog)
    assert "1.1.0" in dialog.changelog.toPlainText()
    assert "First release" in dialog.changelog.toPlainText()
    assert dialog.language.currentData() == "es"
    dialog.compare("1.0.0", "1.1.0", "en")
    text = dialog.diff.toPlainText()
    assert "healthy-relationships: 1.0.0 → 1.1.0 (en)" in text
    assert "phones" in text  # the activity added in 1.1.0
    html = dialog.diff.toHtml()
    assert "#d7f5dd" in html.lower() or "#9fe3ae" in html.lower()  # insertions coloured
    dialog.compare("1.1.0", "1.1.0", "en")
    assert "two different versions" in dialog.diff.toPlainText()


def test_filters_and_search_narrow_the_list(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, open_as(NURSE))
    lessons = page.lesson_list
    everything = lessons.visible_lesson_ids()
    assert len(everything) >= 8
    lessons.grade_band.setCurrentIndex(lessons.grade_band.findData("9-12"))
    older = lessons.visible_lesson_ids()
    assert 0 < len(older) < len(everything)
    assert all(page.service.library.lesson(i).grade_band == "9-12" for i in older)
    lessons.grade_band.setCurrentIndex(0)
    lessons.topic.setCurrentIndex(lessons.topic.findData("sextortion"))
    on_sextortion = lessons.visible_lesson_ids()
    assert "online-safety-sextortion" in on_sextortion and len(on_sextortion) < len(everything)
    assert all("sextortion" in page.service.library.lesson(i).topics for i in on_sextortion)
    lessons.topic.setCurrentIndex(0)
    lessons.language.setCurrentIndex(lessons.language.findData("hmn"))
    with_hmong = lessons.visible_lesson_ids()
    assert "healthy-relationships" in with_hmong
    assert all("hmn" in page.service.library.lesson(i).languages for i in with_hmong)
    lessons.language.setCurrentIndex(0)
    qtbot.keyClicks(lessons.search, "grooming")
    found = lessons.visible_lesson_ids()
    assert found and found[0] == "grooming-and-recruitment" and len(found) < len(everything)
    lessons.search.clear()
    qtbot.keyClicks(lessons.search, "zebra-unicorn-words")
    assert lessons.visible_lesson_ids() == []
    assert lessons.count.text().startswith("0 of")
    lessons.search.clear()
    assert lessons.visible_lesson_ids() == everything


def test_search_hit_opens_in_the_language_it_was_found_in(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, open_as(EDUCATOR))
    lessons = page.lesson_list
    lessons.language.setCurrentIndex(lessons.language.findData("es"))
    qtbot.keyClicks(lessons.search, "relaciones")
    assert "healthy-relationships" in lessons.visible_lesson_ids()
    lessons.select_lesson("healthy-relationships")
    assert page.lesson_view.current_language() == "es"


def test_lessons_open_in_the_interface_language_when_it_has_one(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: a Somali interface lists the Somali titles and opens the Somali text; an
    English search that also matches Hmong text opens the English version."""
    from clinic_app.i18n import set_language

    set_language("so")
    try:
        page = _page(qtbot, open_as(EDUCATOR))
        library = page.service.library
        lessons = page.lesson_list
        first = lessons.lessons.item(0).text().splitlines()[0]
        lesson = library.lesson(lessons.visible_lesson_ids()[0])
        somali = lesson.newest.file("so")
        assert somali is not None and first == somali.title != lesson.title
        lessons.select_lesson(lesson.id)
        assert page.lesson_view.current_language() == "so"
    finally:
        set_language("en")
    page = _page(qtbot, open_as(EDUCATOR))
    lessons = page.lesson_list
    qtbot.keyClicks(lessons.search, "sextortion")
    assert "online-safety-sextortion" in lessons.visible_lesson_ids()
    lessons.select_lesson("online-safety-sextortion")
    assert page.lesson_view.current_language() == "en"


def test_text_browser_refuses_remote_resources_and_links(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, open_as(EDUCATOR))
    page.lesson_list.select_lesson("healthy-relationships")
    browser = page.lesson_view.browser
    assert not browser.openExternalLinks() and not browser.openLinks()
    image = QTextDocument.ResourceType.ImageResource.value
    for url in ("https://example.org/track.png", "http://example.org/a.png",
                "file:///etc/passwd", "//example.org/x.png", "../../secret.png"):
        loaded = browser.loadResource(image, QUrl(url))
        assert isinstance(loaded, QByteArray) and loaded.isEmpty(), url
        assert url in browser.refused or QUrl(url).toString() in browser.refused
    browser.setHtml('<p>x</p><img src="https://example.org/pixel.png">')
    browser.toPlainText()
    assert any("example.org/pixel.png" in url for url in browser.refused)
    before = browser.toPlainText()
    browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert browser.toPlainText() == before
    assert "https://example.org/" in page.lesson_view.link_notice.text()


def test_workspace_is_offered_to_every_role_that_reads_lessons(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    for user, can_log, can_import in ((EDUCATOR, True, False), (NURSE, False, False),
                                      (LEAD, True, True)):
        window = MainWindow(open_as(user))
        qtbot.addWidget(window)
        assert window.show_workspace("lessons")
        page = window.current_page()
        assert isinstance(page, LessonsPage)
        wait_for_lessons(qtbot, page)
        assert (page.deliveries is not None) == can_log
        assert page.lesson_view.log_button.isVisibleTo(page) == can_log
        assert page.import_button.isVisibleTo(page) == can_import
