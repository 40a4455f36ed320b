"""A small, safe Markdown subset for handouts: headings, paragraphs, lists, bold, italic.

Everything else (HTML, links, images, tables, code) is escaped and printed as text, so
lesson content can never inject reportlab markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from clinic_app.handouts.styles import Styles

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[^}\n]*\})?[ \t]*#*[ \t]*$")
_BULLET = re.compile(r"^[ \t]{0,3}[-*+][ \t]+(.*)$")
_NUMBERED = re.compile(r"^[ \t]{0,3}(\d{1,3})[.)][ \t]+(.*)$")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])"
                     r"|(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)")
_BREAK = re.compile(r"(?:  |\\)$")
BULLET = "\u2022"


@dataclass(frozen=True)
class Block:
    """One block of a section: a heading, a paragraph, or a list item."""

    kind: str  # "heading" | "paragraph" | "item"
    text: str
    level: int = 0
    marker: str = ""


def parse_blocks(markdown: str, letter: bool = False) -> list[Block]:
    """Split Markdown into blocks; lines of one paragraph or item are joined.

    In `letter` mode a line ending in a comma keeps its line break (a closing such
    as "Sincerely," above the signature).
    """
    blocks: list[Block] = []
    lines: list[str] = []
    current: Block | None = None

    def flush() -> None:
        nonlocal current, lines
        if current is not None and lines:
            blocks.append(Block(current.kind, _join(lines, letter), current.level,
                                current.marker))
        current, lines = None, []

    for raw in markdown.splitlines():
        if not raw.strip():
            flush()
            continue
        heading = _HEADING.match(raw)
        item = _BULLET.match(raw)
        numbered = _NUMBERED.match(raw)
        if heading:
            flush()
            blocks.append(Block("heading", heading[2], len(heading[1])))
        elif item is not None:
            flush()
            current, lines = Block("item", "", marker=BULLET), [item[1]]
        elif numbered is not None:
            flush()
            current, lines = Block("item", "", marker=f"{numbered[1]}."), [numbered[2]]
        else:
            if current is None:
                current = Block("paragraph", "")
            lines.append(raw.strip())
    flush()
    return blocks


def _join(lines: list[str], letter: bool) -> str:
    """Join lines with spaces, or hard breaks where a line ends in two spaces or '\\'."""
    parts: list[str] = []
    for index, line in enumerate(lines):
        text = inline_markup(line.rstrip("\\").strip())
        breaks = _BREAK.search(line) or (letter and line.rstrip().endswith(","))
        last = index == len(lines) - 1
        parts.append(text + ("" if last else "<br/>" if breaks else " "))
    return "".join(parts)


def inline_markup(text: str) -> str:
    """Escape `text`, then turn **bold** and *italic* (or __ and _) into reportlab tags."""
    escaped = escape(text)
    escaped = _BOLD.sub(lambda m: f"<b>{m[1] or m[2]}</b>", escaped)
    return _ITALIC.sub(lambda m: f"<i>{m[1] or m[2]}</i>", escaped)


def _strip_tags(markup: str) -> str:
    return re.sub(r"</?(?:b|i)>", "", markup).replace("<br/>", " ")


def _paragraph(markup: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    try:
        return Paragraph(markup, style, bulletText=bullet)
    except ValueError:  # tags that crossed each other (**a *b** c*): print them plainly
        return Paragraph(_strip_tags(markup), style, bulletText=bullet)


def markdown_flowables(markdown: str, styles: Styles, letter: bool = False) -> list[Flowable]:
    """Flowables for a Markdown section; level 1-2 headings use the heading style."""
    out: list[Flowable] = []
    previous = ""
    for block in parse_blocks(markdown, letter):
        if previous == "item" and block.kind != "item":
            out.append(Spacer(1, styles.body.fontSize * 0.5))
        previous = block.kind
        if block.kind == "heading":
            style = styles.heading if block.level <= 2 else styles.subheading
            out.append(_paragraph(inline_markup(block.text), style))
        elif block.kind == "item":
            out.append(_paragraph(block.text, styles.bullet, escape(block.marker)))
        else:
            out.append(_paragraph(block.text, styles.body))
    return out
