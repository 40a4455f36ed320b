"""Language choosers: a combo box (setup, sign-in) and a menu (main window)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QComboBox, QMenu, QWidget

from clinic_app.i18n import LANGUAGES, current_language, on_language_changed, set_language


class LanguageCombo(QComboBox):
    """Lists the four languages by their own names and switches the UI on change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="language_combo")
        for code, name in LANGUAGES.items():
            self.addItem(name, code)
        self.sync()
        self.currentIndexChanged.connect(self._chosen)
        on_language_changed(self.sync)

    def sync(self) -> None:
        index = self.findData(current_language())
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _chosen(self, index: int) -> None:
        set_language(self.itemData(index))


def populate_language_menu(menu: QMenu) -> dict[str, QAction]:
    """Fill `menu` with one checkable action per language; returns them by code."""
    group = QActionGroup(menu)
    actions: dict[str, QAction] = {}
    for code, name in LANGUAGES.items():
        action = QAction(name, menu, checkable=True)
        action.setObjectName(f"language_{code}")
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _checked=False, c=code: set_language(c))
        group.addAction(action)
        menu.addAction(action)
        actions[code] = action
    return actions
