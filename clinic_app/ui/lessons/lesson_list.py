"""The left side of the library: filters, a search box and the list of lessons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import LANGUAGES, _, current_language
from clinic_app.ui.lessons.labels import grade_band_label, language_name, topic_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from curriculum import Lesson, Library
    from curriculum.library import SearchHit

LESSON_ROLE = Qt.ItemDataRole.UserRole
LANGUAGE_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_PADDING = (4, 6)  # horizontal, vertical


class WrappingDelegate(QStyledItemDelegate):
    """Sizes each row for its wrapped text at the list's current width, so no title is cut."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                 ) -> QSize:  # noqa: N802 (Qt override)
        width = max(self._view.viewport().width() - 2 * ITEM_PADDING[0] - 16, 80)
        text = str(index.data() or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, bounds.height() + 2 * ITEM_PADDING[1] + 4)


class LessonList(QWidget, Retranslatable):
    """Emits ``lesson_chosen(lesson_id, language)`` when a lesson is selected."""

    lesson_chosen = Signal(str, str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lesson_list_panel")
        self._library = library
        self.search = QLineEdit(objectName="search")
        self.search.setClearButtonEnabled(True)
        self.grade_band = QComboBox(objectName="grade_band_filter")
        self.topic = QComboBox(objectName="topic_filter")
        self.language = QComboBox(objectName="language_filter")
        self.lessons = QListWidget(objectName="lessons")
        self.lessons.setWordWrap(True)
        self.lessons.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lessons.setResizeMode(QListView.ResizeMode.Adjust)
        self.lessons.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.lessons.setSpacing(2)
        self.lessons.setItemDelegate(WrappingDelegate(self.lessons))
        # Its own style sheet (not app.qss): the padding must be the one the delegate
        # sizes rows with.
        across, down = ITEM_PADDING
        self.lessons.setStyleSheet(f"QListWidget::item {{ padding: {down}px {across}px; }}")
        self.count = QLabel(objectName="count")
        restyle(self.count, role="hint")
        self._grade_label = QLabel()
        self._topic_label = QLabel()
        self._language_label = QLabel()
        filters = QFormLayout()
        filters.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        filters.addRow(self._grade_label, self.grade_band)
        filters.addRow(self._topic_label, self.topic)
        filters.addRow(self._language_label, self.language)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.lessons, 1)
        layout.addWidget(self.count)
        self.search.textChanged.connect(self.refresh)
        for combo in (self.grade_band, self.topic, self.language):
            combo.currentIndexChanged.connect(self.refresh)
        self.lessons.currentItemChanged.connect(self._chosen)
        self.enable_retranslation()

    def set_library(self, library: Library) -> None:
        """Show another library (after a pack import), keeping filters where possible."""
        self._library = library
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(_("Search titles and text"))
        self._grade_label.setText(_("Grades:"))
        self._topic_label.setText(_("Topic:"))
        self._language_label.setText(_("Language:"))
        self._fill(self.grade_band, _("All grades"),
                   [(grade_band_label(b), b) for b in ("6-8", "9-12")])
        self._fill(self.topic, _("All topics"),
                   [(topic_label(t), t) for t in self._library.topics()])
        self._fill(self.language, _("All languages"),
                   [(language_name(code), code) for code in LANGUAGES])
        self.refresh()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, value in items:
            combo.addItem(label, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        """Rebuild the list from the filters and the search text."""
        chosen = self.current_lesson_id()
        band, topic, language = (self.grade_band.currentData(), self.topic.currentData(),
                                 self.language.currentData())
        query = self.search.text().strip()
        rows: list[tuple[Lesson, str, str]] = []  # lesson, language to open, snippet
        ui = current_language()
        if query:
            # One row per lesson, opening the hit in the interface language when that
            # language matched, else English, else the first language that matched.
            by_lesson: dict[str, list[SearchHit]] = {}
            for hit in self._library.search(query, language=language, grade_band=band,
                                            topic=topic):
                by_lesson.setdefault(hit.lesson_id, []).append(hit)
            for lesson_id, hits in by_lesson.items():
                best = min(hits, key=lambda h: (h.language != ui, h.language != "en"))
                rows.append((self._library.lesson(lesson_id), best.language, best.snippet))
        else:
            rows = [(lesson, language or (ui if lesson.newest.file(ui) else "en"), "")
                    for lesson in self._library.lessons(band, topic, language)]
        self.lessons.blockSignals(True)
        self.lessons.clear()
        for lesson, lang, snippet in rows:
            self.lessons.addItem(self._item(lesson, lang, snippet))
        self.lessons.blockSignals(False)
        self.count.setText(_("{shown} of {total} lessons").format(
            shown=len(rows), total=len(self._library)))
        ids = [lesson.id for lesson, _lang, _snippet in rows]
        if chosen in ids:
            self.lessons.blockSignals(True)
            self.lessons.setCurrentRow(ids.index(chosen))
            self.lessons.blockSignals(False)

    def _item(self, lesson: Lesson, language: str, snippet: str) -> QListWidgetItem:
        main = lesson.newest.main
        details = _("{band} · {minutes} min · version {version}").format(
            band=grade_band_label(lesson.grade_band), minutes=main.duration_minutes,
            version=lesson.newest_version)
        title = lesson.title
        if language != "en":
            translated = lesson.newest_file(language)
            title = translated.title if translated else title
        text = f"{title}\n{details}"
        item = QListWidgetItem(text)
        item.setData(LESSON_ROLE, lesson.id)
        item.setData(LANGUAGE_ROLE, language)
        if snippet:
            item.setToolTip(snippet)
        return item

    def current_lesson_id(self) -> str | None:
        item = self.lessons.currentItem()
        return str(item.data(LESSON_ROLE)) if item is not None else None

    def visible_lesson_ids(self) -> list[str]:
        """Ids in the list, top to bottom."""
        return [self.lessons.item(row).data(LESSON_ROLE) for row in range(self.lessons.count())]

    def select_lesson(self, lesson_id: str) -> bool:
        """Select a lesson shown in the list; False when it is filtered out."""
        ids = self.visible_lesson_ids()
        if lesson_id not in ids:
            return False
        self.lessons.setCurrentRow(ids.index(lesson_id))
        return True

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.lesson_chosen.emit(item.data(LESSON_ROLE), item.data(LANGUAGE_ROLE))
