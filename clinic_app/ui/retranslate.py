"""Live language switching for widgets (after Frescobaldi: each widget re-sets its texts)."""

from __future__ import annotations

from clinic_app.i18n import on_language_changed


class Retranslatable:
    """Mixin: implement `retranslate_ui()`; call `self.enable_retranslation()` at the end
    of `__init__`. The widget is held weakly, so closing it needs no unregistering."""

    def retranslate_ui(self) -> None:
        raise NotImplementedError

    def enable_retranslation(self) -> None:
        self.retranslate_ui()
        on_language_changed(self.retranslate_ui)
