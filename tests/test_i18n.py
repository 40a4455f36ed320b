"""Four languages: complete catalogs, placeholders intact, Hmong fallbacks, live switching."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from clinic_app import i18n
from clinic_app.i18n_catalogs import TRANSLATED_LANGUAGES, extract
from clinic_app.paths import translations_dir

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _key(message) -> tuple[str | None, str]:  # type: ignore[no-untyped-def]
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def load(code: str):  # type: ignore[no-untyped-def]
    with (translations_dir() / f"{code}.po").open("rb") as handle:
        return read_po(handle)


def test_template_is_up_to_date() -> None:
    with (translations_dir() / "messages.pot").open("rb") as handle:
        template = {_key(m) for m in read_po(handle) if m.id}
    in_code = {_key(m) for m in extract() if m.id}
    missing = in_code - template
    assert not missing, f"run `make i18n-update`; not in messages.pot: {sorted(missing)[:5]}"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_every_ui_string_is_translated(code: str) -> None:
    catalog = {_key(m): m for m in load(code) if m.id}
    untranslated = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(_key(message))
        strings = found.string if found and isinstance(found.string, tuple) else (
            (found.string,) if found else ("",))
        if found is None or found.fuzzy or not all(strings):
            untranslated.append(_key(message)[1])
    assert not untranslated, f"{code}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_placeholders_survive_translation(code: str) -> None:
    for message in load(code):
        if not message.id or not message.string or message.fuzzy:
            continue  # fuzzy guesses are never shown; they are retranslated
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for target in targets:
            assert sorted(PLACEHOLDER.findall(target)) == sorted(PLACEHOLDER.findall(source)), (
                f"{code}: {source!r} -> {target!r}")


def test_catalogs_are_marked_unreviewed_drafts() -> None:
    for row in i18n.catalog_status():
        if row.language != "en":
            assert row.review_status == "unreviewed-draft"


def test_hmong_has_one_plural_form() -> None:
    i18n.set_language("hmn")
    one = i18n.ngettext("Too many failed sign-ins: try again in {n} second.",
                        "Too many failed sign-ins: try again in {n} seconds.", 1)
    many = i18n.ngettext("Too many failed sign-ins: try again in {n} second.",
                         "Too many failed sign-ins: try again in {n} seconds.", 5)
    assert one == many and "{n}" in one and "second" not in one


def test_hmong_dates_and_numbers_use_the_explicit_fallback() -> None:
    day = dt.date(2026, 3, 7)
    assert i18n.format_date(day, "hmn") == "3/7/2026"
    assert i18n.format_number(1234567, "hmn") == "1,234,567"
    assert i18n.format_date(day, "en") == "Mar 7, 2026"
    assert "2026" in i18n.format_date(day, "so") and "2026" in i18n.format_date(day, "es")


def test_switching_language_translates_and_notifies() -> None:
    calls: list[str] = []

    class Listener:
        def retranslate(self) -> None:
            calls.append(i18n.current_language())

    listener = Listener()
    i18n.on_language_changed(listener.retranslate)
    for code in ("so", "hmn", "es"):
        i18n.set_language(code)
        assert i18n._("Sign in") != "Sign in"
    assert calls == ["so", "hmn", "es"]
    del listener
    i18n.set_language("en")
    assert calls == ["so", "hmn", "es"]  # a dead listener is dropped, not called


def test_unknown_language_is_refused_without_switching() -> None:
    with pytest.raises(i18n.UnknownLanguageError):
        i18n.set_language("hnj")
    assert i18n.current_language() == "en"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_catalogs_pass_gnu_msgfmt_check(code: str) -> None:
    """GNU gettext's own checks (format strings, plural header, headers). CI installs
    msgfmt and sets CLINIC_APP_REQUIRE_MSGFMT=1, so there it can never be skipped."""
    import os
    import shutil
    import subprocess

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CLINIC_APP_REQUIRE_MSGFMT") == "1":
            pytest.fail("msgfmt (GNU gettext) is required here and not installed")
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run([msgfmt, "--check", "-o", os.devnull,
                             str(translations_dir() / f"{code}.po")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_no_message_is_taken_for_a_percent_format_string() -> None:
    """Our strings use {braces}; a '% o' in English made babel flag one python-format and
    msgfmt reject its Hmong translation."""
    with (translations_dir() / "messages.pot").open("rb") as handle:
        flagged = [m.id for m in read_po(handle) if "python-format" in m.flags]
    assert flagged == []
