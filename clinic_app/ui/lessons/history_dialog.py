"""Version history: the changelog and a readable diff between any two versions."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _, format_date
from clinic_app.ui.lessons.labels import language_name
from clinic_app.ui.lessons.safe_browser import SafeTextBrowser
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from curriculum import Lesson


class VersionHistoryDialog(QDialog, Retranslatable):
    """Changelog of the lesson, then the diff of two chosen versions in one language."""

    def __init__(self, lesson: Lesson, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="version_history")
        self.lesson = lesson
        self.heading = QLabel(objectName="heading", wordWrap=True)
        restyle(self.heading, role="subheading")
        self.changelog = SafeTextBrowser(object_name="changelog")
        self.changelog.setMaximumHeight(140)
        self.old_version = QComboBox(objectName="old_version")
        self.new_version = QComboBox(objectName="new_version")
        self.language = QComboBox(objectName="diff_language")
        for version in lesson.version_numbers:
            self.old_version.addItem(version, version)
            self.new_version.addItem(version, version)
        for code in lesson.languages:
            self.language.addItem(language_name(code), code)
        versions = lesson.version_numbers
        self.old_version.setCurrentIndex(max(len(versions) - 2, 0))
        self.new_version.setCurrentIndex(len(versions) - 1)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        self.diff = SafeTextBrowser(object_name="diff")
        self._from_label = QLabel()
        self._to_label = QLabel()
        self._language_label = QLabel()
        self._changelog_label = QLabel()
        restyle(self._changelog_label, role="strong")
        self._compare_label = QLabel()
        restyle(self._compare_label, role="strong")
        choose = QHBoxLayout()
        for label, combo in ((self._from_label, self.old_version),
                             (self._to_label, self.new_version),
                             (self._language_label, self.language)):
            choose.addWidget(label)
            choose.addWidget(combo)
            choose.addSpacing(12)
        choose.addStretch()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self._changelog_label)
        layout.addWidget(self.changelog)
        layout.addWidget(self._compare_label)
        layout.addLayout(choose)
        layout.addWidget(self.diff, 1)
        layout.addWidget(buttons)
        for combo in (self.old_version, self.new_version, self.language):
            combo.currentIndexChanged.connect(self.show_diff)
        self.resize(860, 680)
        self.enable_retranslation()

    def compare(self, old: str, new: str, language: str) -> None:
        """Choose two versions and a language; the diff updates."""
        for combo, value in ((self.old_version, old), (self.new_version, new),
                             (self.language, language)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)
        self.show_diff()

    def show_diff(self) -> None:
        from curriculum import diff_versions

        old, new = self.old_version.currentData(), self.new_version.currentData()
        language = self.language.currentData()
        if old == new:
            self._message(_("Choose two different versions to compare."))
            return
        try:
            diff = diff_versions(self.lesson, old, new, language)
        except KeyError:
            self._message(_("Version {old} or {new} has no {language} text.").format(
                old=old, new=new, language=language_name(language)))
            return
        self.diff.setHtml(diff.html())

    def _message(self, text: str) -> None:
        self.diff.setHtml(f"<p>{html.escape(text)}</p>")

    def _changelog_html(self) -> str:
        english = self.lesson.newest.english or self.lesson.newest.main
        from curriculum.versions import version_key

        entries = sorted(english.changelog, key=lambda e: version_key(e.version), reverse=True)
        if not entries:
            return "<p>" + html.escape(_("No changelog recorded.")) + "</p>"
        items = []
        for entry in entries:
            when = format_date(entry.date) if entry.date else ""
            items.append(f"<li><b>{html.escape(entry.version)}</b> {html.escape(when)}: "
                         f"{html.escape(entry.changes)}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Version history"))
        self.heading.setText(_("Version history: {title}").format(title=self.lesson.title))
        self._changelog_label.setText(_("What changed (changelog)"))
        self._compare_label.setText(_("Compare two versions"))
        self._from_label.setText(_("From:"))
        self._to_label.setText(_("To:"))
        self._language_label.setText(_("Language:"))
        self.changelog.setHtml(self._changelog_html())
        self.show_diff()
