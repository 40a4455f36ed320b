"""Markdown to sanitised HTML for the lesson view; the result never loads remote resources."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import markdown  # type: ignore[import-untyped, unused-ignore]
import nh3

from curriculum.model import LessonFile

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "*": {"id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CACHE_SIZE = 32
_IMG_WITHOUT_SRC_RE = re.compile(r'<img(?![^>]*\ssrc=)(?:[^>]*?\salt="([^"]*)")?[^>]*>')
_A_WITHOUT_HREF_RE = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Keep in-page anchors and https links; keep images only from local relative paths."""
    if tag == "a" and attr == "href":
        return value if value.startswith("#") or value.startswith("https://") else None
    if tag == "img" and attr == "src":
        local = not (_SCHEME_RE.match(value) or value.startswith(("/", "\\")) or ".." in value)
        return value if local and value else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes={"https"},
    strip_comments=True,
    link_rel="noopener noreferrer",
)


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["attr_list", "tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def sanitize(html_text: str) -> str:
    """Clean HTML with the lesson allow-list (no scripts, styles, remote images or event attrs)."""
    cleaned = _CLEANER.clean(html_text)
    cleaned = _IMG_WITHOUT_SRC_RE.sub(lambda m: m[1] or "", cleaned)
    return _A_WITHOUT_HREF_RE.sub(r"\1", cleaned)


@lru_cache(maxsize=_CACHE_SIZE)
def render_markdown(text: str) -> str:
    """Lesson Markdown to sanitised HTML; heading ``{#id}`` anchors become ``id`` attributes."""
    return sanitize(_markdown().convert(text))


def render_lesson(
    lesson: LessonFile, with_title: bool = True, fill: Callable[[str], str] | None = None
) -> str:
    """A lesson file's body as sanitised HTML, optionally headed by its title.

    `fill` replaces placeholders such as ``{county_cp}`` before rendering (the app fills
    them from the clinic's contacts; the result is sanitised like the rest)."""
    rendered = render_markdown(fill(lesson.body) if fill else lesson.body)
    if not with_title:
        return rendered
    return f'<h1 id="lesson-title">{html.escape(lesson.title)}</h1>\n{rendered}'
