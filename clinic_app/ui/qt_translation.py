"""Serve Qt's own strings (OK, Cancel, Next...) from the app's catalogs, and make Qt
retranslate its widgets when the language changes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from clinic_app.i18n import on_language_changed, pgettext


class CatalogTranslator(QTranslator):
    """A QTranslator backed by the gettext catalogs; Qt's context is the msgctxt."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:  # noqa: ARG002 - Qt's signature
        # Never "": PySide passes it on as a non-null empty QString, which Qt would show.
        # Untranslated strings come back as their English source, as Qt itself would do.
        return pgettext(context, source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return False


class QtLanguageBridge:
    """Installs the translator and re-installs it on each switch, which makes Qt send
    LanguageChange to every widget (so standard buttons retranslate themselves)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translator = CatalogTranslator(app)
        app.installTranslator(self._translator)
        on_language_changed(self.refresh)

    def refresh(self) -> None:
        self._app.removeTranslator(self._translator)
        self._app.installTranslator(self._translator)
