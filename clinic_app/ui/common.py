"""Small widget builders the pages share, so every form shows errors and lists the same way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QHeaderView, QLabel, QTableWidget

from clinic_app.ui.style import restyle


def error_label(name: str = "error") -> QLabel:
    """A red, word-wrapped label for the one-line message of a refused action."""
    label = QLabel(wordWrap=True, objectName=name)
    restyle(label, role="error")
    return label


def heading_label(role: str = "heading", name: str = "heading") -> QLabel:
    """A bold heading: role "heading" in pages, "title" in windows, "subheading" within
    a page (sizes in resources/app.qss)."""
    label = QLabel(objectName=name)
    restyle(label, role=role)
    return label


DATE_FORMAT = "yyyy-MM-dd"
"""How date fields show a date: unambiguous in every language."""


def date_edit(name: str, value: dt.date | None = None, *,
              latest: dt.date | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, showing DATE_FORMAT; `latest` is the last day
    it accepts (today, for a date that cannot be in the future)."""
    edit = QDateEdit(objectName=name, calendarPopup=True)
    edit.setDisplayFormat(DATE_FORMAT)
    if latest is not None:
        edit.setMaximumDate(QDate(latest))
    if value is not None:
        edit.setDate(QDate(value))
    return edit


def date_value(edit: QDateEdit) -> dt.date:
    """The date shown in `edit`."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


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
