"""Small widget builders the pages share, so every form shows errors and lists the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget

ERROR_STYLE = "color: #b00020;"


def error_label(name: str = "error") -> QLabel:
    """A red, word-wrapped label for the one-line message of a refused action."""
    label = QLabel(wordWrap=True, objectName=name)
    label.setStyleSheet(ERROR_STYLE)
    return label


def heading_label(size: int = 15, name: str = "heading") -> QLabel:
    """A bold heading; sizes: 15 pt in pages, 16 pt in windows, 18 pt on the lock screen."""
    label = QLabel(objectName=name)
    label.setStyleSheet(f"font-size: {size}pt; font-weight: 600;")
    return label


def read_only_table(columns: int, name: str) -> QTableWidget:
    """A table of whole-row selection that the user reads but does not edit in place."""
    table = QTableWidget(0, columns, objectName=name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table
