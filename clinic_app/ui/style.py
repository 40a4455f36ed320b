"""The app's one stylesheet (resources/app.qss), and how widgets pick its rules.

Widgets carry no style sheets of their own: they get an object name and dynamic
properties the stylesheet selects on, ``role`` (what a label is for: "error", "hint",
"heading", ...), ``state`` ("overdue", "done", ...), ``level`` (a level of concern) and
``status`` (a translation status). `restyle` sets them, also after the widget is shown.
"""

from __future__ import annotations

from string import Template

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from clinic_app.paths import resource_path
from clinic_app.ui import palette

STYLESHEET = "app.qss"


def app_stylesheet() -> str:
    """resources/app.qss with the palette's colours filled in for its ``$names``."""
    text = resource_path(STYLESHEET).read_text(encoding="utf-8")
    return Template(text).substitute(palette.qss_values())


def apply_app_style(app: QApplication) -> None:
    """Give the whole application the stylesheet (once, before the first window)."""
    app.setStyleSheet(app_stylesheet())


def restyle(widget: QWidget, **properties: str | bool) -> None:
    """Set style properties of `widget` (``role="error"``, ``state=""`` ...) and polish it
    again, so the stylesheet's rules for the new values apply at once."""
    for name, value in properties.items():
        widget.setProperty(name, value)
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return  # not shown yet: it is polished with these values when first shown
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
