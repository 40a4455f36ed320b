"""Live language switching for widgets (after Frescobaldi: each widget re-sets its texts)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from clinic_app.i18n import on_language_changed


class Retranslatable:
    """Mixin: implement `retranslate_ui()`; call `self.enable_retranslation()` at the end
    of `__init__`. The widget is held weakly, so closing it needs no unregistering."""

    _retranslation_stopped = False

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def enable_retranslation(self) -> None:
        self.retranslate_ui()
        on_language_changed(self._retranslate_unless_stopped)

    def _retranslate_unless_stopped(self) -> None:
        if not self._retranslation_stopped:
            self.retranslate_ui()


def stop_retranslation(window: QWidget) -> None:
    """A window about to be deleted (e.g. after sign-out) no longer follows language
    switches: its texts may read a store that is closed."""
    for widget in [window, *window.findChildren(QWidget)]:
        if isinstance(widget, Retranslatable):
            widget._retranslation_stopped = True
