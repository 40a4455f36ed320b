"""The right side of the library: one lesson in a chosen language and version."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import LANGUAGES, _
from clinic_app.jurisdiction import fill
from clinic_app.ui import palette
from clinic_app.ui.flow_layout import flow_row, keep_together
from clinic_app.ui.lessons.labels import language_name, status_hint, status_label
from clinic_app.ui.lessons.safe_browser import SafeTextBrowser
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from curriculum import Lesson, LessonFile, Library


class StatusBadge(QLabel):
    """A small coloured label for a translation status."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=object_name)
        self.status = ""
        restyle(self, role="badge")

    def show_status(self, status: str, prefix: str = "") -> None:
        self.status = status
        text = status_label(status)
        self.setText(f"{prefix} · {text}" if prefix else text)
        # An unknown status looks like a missing translation.
        restyle(self, status=status if status in palette.TRANSLATION_STATUSES else "missing")
        self.setToolTip(status_hint(status))


class LessonView(QWidget, Retranslatable):
    """Language and version selectors with status badges above the rendered lesson."""

    log_delivery_requested = Signal()
    print_handout_requested = Signal()
    history_requested = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lesson_view")
        self._library = library
        self.contacts: Sequence[Contact] = ()
        """The clinic's contacts, which fill placeholders such as {county_cp}."""
        self.lesson: Lesson | None = None
        self.language = QComboBox(objectName="language")
        self.version = QComboBox(objectName="version")
        for combo in (self.language, self.version):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_badge = StatusBadge("status_badge")
        self.language_badges = {code: StatusBadge(f"badge_{code}") for code in LANGUAGES}
        self.notice = QLabel(objectName="notice", wordWrap=True)
        restyle(self.notice, role="warning")
        self.browser = SafeTextBrowser(object_name="lesson_text")
        self.browser.link_refused.connect(self._link_refused)
        self.link_notice = QLabel(objectName="link_notice", wordWrap=True)
        restyle(self.link_notice, role="hint")
        self.link_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_button = QPushButton(objectName="history")
        self.log_button = QPushButton(objectName="log_delivery")
        self.print_button = QPushButton(objectName="print_handout")
        self.print_button.hide()  # shown when a handout builder is available
        self.history_button.clicked.connect(self.history_requested)
        self.log_button.clicked.connect(self.log_delivery_requested)
        self.print_button.clicked.connect(self.print_handout_requested)
        self._language_label = QLabel()
        self._version_label = QLabel()
        selectors = flow_row(keep_together(self._language_label, self.language, self.status_badge),
                             keep_together(self._version_label, self.version))
        actions = flow_row(self.history_button, self.print_button, self.log_button)
        self._badges_label = QLabel()
        restyle(self._badges_label, role="hint")
        badges = flow_row(self._badges_label, *self.language_badges.values())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(selectors)
        layout.addWidget(badges)
        layout.addWidget(self.notice)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.link_notice)
        layout.addWidget(actions)
        self.language.currentIndexChanged.connect(self._language_changed)
        self.version.currentIndexChanged.connect(self._render)
        self.enable_retranslation()

    # -- state ---------------------------------------------------------------------
    def set_library(self, library: Library) -> None:
        """Use a reloaded library; the open lesson stays open if it still exists."""
        self._library = library
        if self.lesson is not None:
            self.show_lesson(self.lesson.id, self.current_language(), self.current_version())

    def current_language(self) -> str:
        return str(self.language.currentData() or "en")

    def current_version(self) -> str | None:
        data = self.version.currentData()
        return str(data) if data else None

    def current_file(self) -> LessonFile | None:
        """The file on screen, if the chosen version exists in the chosen language."""
        version = self.current_version()
        if self.lesson is None or version is None:
            return None
        return self.lesson.file(version, self.current_language())

    def show_lesson(self, lesson_id: str, language: str = "en",
                    version: str | None = None) -> None:
        """Open a lesson; falls back to English and the newest version with that language."""
        lesson = self._library.get(lesson_id)
        self.lesson = lesson
        self.link_notice.clear()
        self.language.blockSignals(True)
        self.language.clear()
        if lesson is not None:
            for code in lesson.languages:
                self.language.addItem(language_name(code), code)
            index = self.language.findData(language)
            self.language.setCurrentIndex(index if index >= 0 else max(
                self.language.findData("en"), 0))
        self.language.blockSignals(False)
        self._fill_versions(version)
        self._render()

    def select_language(self, code: str) -> None:
        self.language.setCurrentIndex(self.language.findData(code))

    def select_version(self, version: str) -> None:
        self.version.setCurrentIndex(self.version.findData(version))

    # -- building ------------------------------------------------------------------
    def _language_changed(self) -> None:
        self._fill_versions(self.current_version())
        self._render()

    def _fill_versions(self, keep: str | None) -> None:
        """Newest first; versions without the chosen language say so."""
        self.version.blockSignals(True)
        self.version.clear()
        lesson = self.lesson
        if lesson is not None:
            language = self.current_language()
            newest = lesson.newest_version
            for version in reversed(lesson.versions):
                label = version.version
                if version.version == newest:
                    label = _("{version} (newest)").format(version=label)
                if version.file(language) is None:
                    label = _("{version} (not in {language})").format(
                        version=label, language=language_name(language))
                self.version.addItem(label, version.version)
            if keep is None or self.version.findData(keep) < 0:
                own = lesson.newest_file(language)
                keep = own.version if own is not None else newest
            self.version.setCurrentIndex(self.version.findData(keep))
        self.version.blockSignals(False)

    def _render(self) -> None:
        from curriculum import render_lesson

        lesson = self.lesson
        version = self.current_version()
        has_lesson = lesson is not None and version is not None
        for widget in (self.language, self.version, self.history_button, self.log_button,
                       self.print_button):
            widget.setEnabled(has_lesson)
        self._update_badges()
        if lesson is None or version is None:
            self.browser.set_base_folder(None)
            self.browser.setHtml(f"<p style='color:{palette.MUTED}'>"
                                 f"{html.escape(self._empty_text())}</p>")
            return
        shown = lesson.file(version, self.current_language())
        if shown is None:
            self.browser.set_base_folder(None)
            self.browser.setHtml("<p>" + html.escape(_(
                "Version {version} of this lesson has no {language} text. Choose another "
                "version or language.").format(
                    version=version, language=language_name(self.current_language()))) + "</p>")
            return
        self.browser.set_base_folder(Path(shown.path).parent)
        titled = shown.body.lstrip().startswith("# ")  # the body's own H1 is the title
        lang = shown.language
        self.browser.setHtml(render_lesson(
            shown, with_title=not titled,
            fill=lambda text: fill(text, self.contacts, lang)))

    def _empty_text(self) -> str:
        if len(self._library) == 0:
            return _("No lessons are installed.")
        return _("Choose a lesson on the left to read it here.")

    def _update_badges(self) -> None:
        lesson, version = self.lesson, self.current_version()
        self.notice.hide()
        if lesson is None or version is None:
            self.status_badge.hide()
            self._badges_label.hide()
            for badge in self.language_badges.values():
                badge.hide()
            return
        language = self.current_language()
        status = lesson.translation_status(version, language)
        self.status_badge.show_status(status)
        self.status_badge.show()
        self._badges_label.show()
        for code, badge in self.language_badges.items():
            badge.show_status(lesson.translation_status(version, code), code.upper())
            badge.setToolTip(f"{language_name(code)}: {badge.toolTip()}")
            badge.show()
        shown = lesson.file(version, language)
        if status == "stale" and shown is not None:
            self.notice.setText(_(
                "This translation was made from English version {made_from}; the newest "
                "English version is {newest}. Check changes in Version history.").format(
                    made_from=shown.source_version or shown.version,
                    newest=lesson.newest_english_version or ""))
            self.notice.show()

    def _link_refused(self, url: str) -> None:
        self.link_notice.setText(_(
            "Links are not opened: this app never goes online. Address: {url}").format(url=url))

    def retranslate_ui(self) -> None:
        self._language_label.setText(_("Language:"))
        self._version_label.setText(_("Version:"))
        self._badges_label.setText(_("Translations:"))
        self.history_button.setText(_("Version history..."))
        self.log_button.setText(_("Log delivery..."))
        self.print_button.setText(_("Print handout..."))
        self.link_notice.clear()
        if self.lesson is not None:
            self._fill_versions(self.current_version())
        self._render()
