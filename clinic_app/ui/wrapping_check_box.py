"""A check box whose caption wraps onto more lines.

QCheckBox keeps its caption on one line, so a long sentence ("The student is seen alone,
no parent, partner or friend in the room") sets the width of the whole page, and in Hmong
or Somali that pushed the window past a laptop's screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QStyle, QStyleOptionButton, QWidget

NARROWEST_CAPTION = 200  # pixels: below this the caption wraps too often to read well


class WrappingCheckBox(QCheckBox):
    """A QCheckBox that draws only its indicator and shows its caption in a wrapping label.

    The caption, the click area, the mnemonic-free accessible name and `text()` behave as
    on a plain check box."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 objectName: str = "") -> None:  # noqa: N803 (Qt's keyword)
        super().__init__(parent, objectName=objectName)
        self.caption = QLabel(wordWrap=True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        # Clicks on the caption reach the check box, as on a plain one.
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row = QHBoxLayout(self)
        row.setContentsMargins(self._indicator_room(), 0, 0, 0)
        row.addWidget(self.caption)
        self.setText(text)

    def _indicator_room(self) -> int:
        option = QStyleOptionButton()
        option.initFrom(self)
        style = self.style()
        return (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, self)
                + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, option, self))

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.caption.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def text(self) -> str:
        return self.caption.text()

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802
        return self.rect().contains(pos)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        room = self._indicator_room()
        return max(super().sizeHint().height(), self.caption.heightForWidth(width - room))

    def sizeHint(self) -> QSize:  # noqa: N802
        room = self._indicator_room()
        caption = self.caption.sizeHint()
        return QSize(room + caption.width(), max(super().sizeHint().height(), caption.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        room = self._indicator_room()
        width = room + min(NARROWEST_CAPTION, self.caption.sizeHint().width())
        return QSize(width, self.heightForWidth(width))
