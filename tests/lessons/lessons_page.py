"""The lessons page for GUI tests, once its library has loaded off the UI thread."""

from __future__ import annotations

from clinic_app.ui.lessons import LessonsPage


def wait_for_lessons(qtbot, page: LessonsPage) -> LessonsPage:  # type: ignore[no-untyped-def]
    """Wait until the page's library load has returned and been shown."""
    if not page.loaded:
        with qtbot.waitSignal(page.loading.finished, timeout=30_000):
            pass
    assert page.loaded, page.loading_label.text()
    return page


def loaded_page(qtbot, store, *, show: bool = False) -> LessonsPage:  # type: ignore[no-untyped-def]
    """A lessons page with its library loaded (shown first when `show`)."""
    page = LessonsPage(store)
    qtbot.addWidget(page)
    if show:
        page.show()
    return wait_for_lessons(qtbot, page)
