"""Four languages from one place: gettext catalogs, the language switch, date and number formats.

Import `_`, `ngettext` and `pgettext` from here explicitly; nothing goes in builtins.
Catalogs are the `.po` files under translations/; they are compiled to `.mo` in memory
on first use, so no compiled catalog is ever committed or written to disk.

Hmong (`hmn`) has no Babel/CLDR locale: its catalog declares one plural form and its
dates and numbers go through the explicit fallback in `format_date`/`format_number`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from clinic_app.paths import translations_dir

SOURCE_LANGUAGE = "en"
# Endonyms: a language is always offered in its own name, whatever the UI language.
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "hmn": "Hmoob", "so": "Soomaali"}
# Babel locales used for formatting; None means "use the explicit fallback".
_BABEL_LOCALES: dict[str, str | None] = {"en": "en_US", "es": "es_US", "hmn": None, "so": "so"}
# Kept in each .po's header comment (Babel preserves comments, not custom headers).
_REVIEW_LINE = re.compile(r"^#?\s*Review status:\s*(\S+)", re.MULTILINE)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate at display time)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark a (context, message) pair for extraction; used for Qt's own strings."""
    return context, message


class UnknownLanguageError(ValueError):
    """A language code the app does not ship."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def check_language(code: str) -> str:
    """Return `code` if it is one of the four languages, else raise UnknownLanguageError."""
    if code not in LANGUAGES:
        raise UnknownLanguageError(code)
    return code


def _catalog_file(code: str) -> Path:
    return translations_dir() / f"{code}.po"


def _compile(code: str) -> gettext.NullTranslations:
    """Compile `<code>.po` to an in-memory .mo and load it with gettext."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with _catalog_file(code).open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Catalogs:
    """The compiled catalogs, loaded lazily, and the active UI language."""

    def __init__(self) -> None:
        self.loaded: dict[str, gettext.NullTranslations] = {}
        self.active = SOURCE_LANGUAGE
        self.listeners: list[weakref.ReferenceType[Callable[[], None]]] = []

    def get(self, code: str) -> gettext.NullTranslations:
        if code not in self.loaded:
            self.loaded[code] = _compile(check_language(code))
        return self.loaded[code]


_catalogs = _Catalogs()


def translations(code: str) -> gettext.NullTranslations:
    """The catalog of one language, for text that must not follow the UI language
    (a handout printed in the student's language, an interview language)."""
    return _catalogs.get(code)


def _(message: str) -> str:
    """Translate `message` into the active UI language."""
    return _catalogs.get(_catalogs.active).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate with the plural rule of the active language."""
    return _catalogs.get(_catalogs.active).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Translate a message that needs a context (Qt's own strings use the Qt class as context)."""
    return _catalogs.get(_catalogs.active).pgettext(context, message)


def current_language() -> str:
    """The active UI language code."""
    return _catalogs.active


def set_language(code: str) -> None:
    """Switch the UI language and tell every registered listener to retranslate."""
    _catalogs.get(check_language(code))  # fail before switching if the catalog is broken
    _catalogs.active = code
    alive: list[weakref.ReferenceType[Callable[[], None]]] = []
    for ref in _catalogs.listeners:
        callback = ref()
        if callback is None:
            continue
        try:
            callback()
        except RuntimeError:  # a Qt widget already deleted on the C++ side
            continue
        alive.append(ref)
    _catalogs.listeners = alive


def on_language_changed(callback: Callable[[], None]) -> None:
    """Call `callback` after each language switch; held weakly (bound methods allowed)."""
    ref: weakref.ReferenceType[Callable[[], None]]
    if hasattr(callback, "__self__"):
        ref = weakref.WeakMethod(callback)
    else:
        ref = weakref.ref(callback)
    _catalogs.listeners.append(ref)


def _babel_locale(code: str) -> Locale | None:
    name = _BABEL_LOCALES.get(check_language(code))
    if name is None:
        return None
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return None


def format_date(value: dt.date, code: str | None = None) -> str:
    """A date as people write it in that language; Hmong uses month/day/year digits."""
    locale = _babel_locale(code or _catalogs.active)
    if locale is None:
        return f"{value.month}/{value.day}/{value.year}"
    return str(babel_format_date(value, format="medium", locale=locale))


def format_number(value: int | float, code: str | None = None) -> str:
    """A number with the language's grouping; Hmong uses 1,234.5 as in US English."""
    locale = _babel_locale(code or _catalogs.active) or Locale.parse("en_US")
    return str(format_decimal(value, locale=locale))


@dataclass(frozen=True)
class CatalogStatus:
    """How complete one language's UI catalog is, and who has reviewed it."""

    language: str
    name: str
    total: int
    translated: int
    review_status: str

    @property
    def missing(self) -> int:
        return self.total - self.translated


def catalog_status() -> list[CatalogStatus]:
    """Per language: UI strings in the template, how many are translated, review status."""
    with (translations_dir() / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    wanted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in template if m.id}
    result = [CatalogStatus("en", LANGUAGES["en"], len(wanted), len(wanted), "source")]
    for code in ("es", "hmn", "so"):
        with _catalog_file(code).open("rb") as handle:
            catalog = read_po(handle)
        done = 0
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if key in wanted and all(strings):
                done += 1
        review = _review_status(catalog.header_comment)
        result.append(CatalogStatus(code, LANGUAGES[code], len(wanted), done, review))
    return result


@functools.cache
def catalog_reviewed(code: str) -> bool:
    """Whether a qualified translator has reviewed `code`'s UI catalog (English: the source).
    Only the header is read: handouts ask this each time they are built."""
    if code == "en":
        return True
    with _catalog_file(check_language(code)).open(encoding="utf-8") as handle:
        header = handle.read(4096)
    match = _REVIEW_LINE.search(header)
    return match is not None and match.group(1) == "reviewed"


def _review_status(header_comment: str) -> str:
    match = _REVIEW_LINE.search(header_comment or "")
    return match.group(1) if match else "unreviewed-draft"
