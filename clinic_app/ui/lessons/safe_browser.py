"""A text browser that never loads anything from outside the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from clinic_app.ui import palette

# What a refused resource loads as. Never None: PySide6 mis-counts a None returned from
# this override and the interpreter later aborts ("deallocating None").
_NOTHING = QByteArray()

# The lesson's HTML style (a document style, not a widget style sheet).
DOCUMENT_STYLE = f"""
body {{ font-size: 11pt; }}
h1 {{ font-size: 18pt; color: {palette.INK}; }}
h2 {{ font-size: 14pt; color: {palette.INK}; margin-top: 18px; }}
h3 {{ font-size: 12pt; color: {palette.INK}; }}
li {{ margin-bottom: 3px; }}
table {{ border-collapse: collapse; }}
th {{ background-color: {palette.HEADER}; }}
blockquote {{ color: {palette.TEXT}; background-color: {palette.PANEL}; }}
"""


def is_local_reference(url: QUrl) -> bool:
    """True for a relative reference without scheme, host or '..' (a file beside the lesson)."""
    if url.scheme() or url.host() or url.isEmpty():
        return False
    path = url.path()
    return bool(path) and not path.startswith(("/", "\\")) and ".." not in path.split("/")


class SafeTextBrowser(QTextBrowser):
    """Shows sanitised HTML. Links never open (in-page anchors scroll); remote or absolute
    resources are refused and remembered in ``refused`` instead of being loaded."""

    link_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, object_name: str = "text_browser") -> None:
        super().__init__(parent, objectName=object_name)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.document().setDefaultStyleSheet(DOCUMENT_STYLE)
        self.document().setDocumentMargin(18)
        self.refused: list[str] = []
        self._base: Path | None = None
        self.anchorClicked.connect(self._follow)

    def set_base_folder(self, folder: Path | None) -> None:
        """Where relative images of the current document live (None: no local images)."""
        self._base = folder
        self.setSearchPaths([str(folder)] if folder else [])

    def loadResource(self, kind: int, name: QUrl | str) -> Any:  # noqa: N802 (Qt override)
        """Load only relative files from the base folder; refuse everything else."""
        url = QUrl(name) if isinstance(name, str) else name
        if self._base is None or not is_local_reference(url):
            self.refused.append(url.toString())
            return _NOTHING
        if kind not in (QTextDocument.ResourceType.ImageResource,
                        QTextDocument.ResourceType.StyleSheetResource):
            self.refused.append(url.toString())
            return _NOTHING
        target = (self._base / url.path()).resolve()
        if not target.is_file() or self._base.resolve() not in target.parents:
            self.refused.append(url.toString())
            return _NOTHING
        return super().loadResource(kind, QUrl.fromLocalFile(str(target)))

    def _follow(self, url: QUrl) -> None:
        if not url.scheme() and not url.path() and url.fragment():
            self.scrollToAnchor(url.fragment())
            return
        self.refused.append(url.toString())
        self.link_refused.emit(url.toString())
