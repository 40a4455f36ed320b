"""Parse one TOML instrument definition into the model.

The loader checks the shape of the file (TOML syntax, required fields, value types,
unknown keys). The meaning (versions, ids, translations, scoring) is checked by
`screening.validator`. Both report `Problem`s; neither stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from screening.model import (
    LANGUAGES,
    Band,
    ChangelogEntry,
    CountRule,
    DomainSumRule,
    Instrument,
    Item,
    NextStep,
    Option,
    Rule,
    Scoring,
    Section,
    Text,
)
from screening.problems import Problem

Table = dict[str, Any]

_TOP_KEYS = {
    "format", "id", "version", "released", "kind", "respondent", "validation_status",
    "translation_status", "title", "notice", "privacy_script", "sources", "changelog",
    "sections", "scoring", "next_steps", "age_note", "age_note_below",
}
MAX_FILE_CHARS = 1_000_000
"""An instrument file is tens of kilobytes; larger files are refused before parsing."""
MAX_INTEGER = 2**63 - 1
"""TOML integers are 64-bit signed; tomllib reads larger ones (too large even to print)."""
_SYNTAX_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_EMPTY_TEXT = Text("", "", "", "")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Reader:
    """Reads typed fields out of parsed TOML tables, collecting problems with field paths."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def _get(self, data: Table, key: str, path: str, required: bool, what: str) -> Any:
        if key not in data:
            if required:
                self.problem(_join(path, key), f"The required field '{key}' ({what}) is missing.")
            return None
        return data[key]

    def check_keys(self, data: Table, allowed: set[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(
                    _join(path, key),
                    f"Unknown field '{key}'; expected one of: {', '.join(sorted(allowed))}.",
                )

    def string(self, data: Table, key: str, path: str, required: bool = True) -> str:
        value = self._get(data, key, path, required, "a string")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(_join(path, key), f"'{key}' must be a string in quotes.")
            return ""
        return value

    def integer(self, data: Table, key: str, path: str, required: bool = True) -> int | None:
        value = self._get(data, key, path, required, "a whole number")
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(_join(path, key), f"'{key}' must be a whole number.")
            return None
        if not -MAX_INTEGER - 1 <= value <= MAX_INTEGER:
            self.problem(_join(path, key), f"'{key}' is too large a number.")
            return None
        return value

    def boolean(self, data: Table, key: str, path: str) -> bool:
        value = self._get(data, key, path, False, "true or false")
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(_join(path, key), f"'{key}' must be true or false.")
            return False
        return value

    def date(self, data: Table, key: str, path: str, required: bool = True) -> str:
        value = self._get(data, key, path, required, "a date")
        if value is None:
            return ""
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.problem(
                _join(path, key), f"'{key}' must be a date written like 2026-11-29 (no quotes)."
            )
            return ""
        return value.isoformat()

    def strings(self, data: Table, key: str, path: str, required: bool = True) -> tuple[str, ...]:
        value = self._get(data, key, path, required, "a list of strings")
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(_join(path, key), f"'{key}' must be a list of strings in quotes.")
            return ()
        return tuple(value)

    def table(self, data: Table, key: str, path: str, required: bool = True) -> Table | None:
        value = self._get(data, key, path, required, "a table")
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(_join(path, key), f"'{key}' must be a table.")
            return None
        return value

    def tables(self, data: Table, key: str, path: str, required: bool = True) -> list[Table]:
        value = self._get(data, key, path, required, "a list of tables")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(
                _join(path, key), f"'{key}' must be a list of tables ([[{key}]] blocks)."
            )
            return []
        return value

    def text(self, data: Table, key: str, path: str, required: bool = True) -> Text:
        """A translatable text; a missing language becomes "" for the validator to report."""
        value = self._get(data, key, path, required, "a table of translations")
        if value is None:
            return _EMPTY_TEXT
        where = _join(path, key)
        if not isinstance(value, dict):
            self.problem(
                where,
                f"'{key}' must be a table of translations like "
                '{ en = "...", es = "...", hmn = "...", so = "..." }.',
            )
            return _EMPTY_TEXT
        texts: dict[str, str] = {}
        for lang, translated in value.items():
            if lang not in LANGUAGES:
                self.problem(
                    _join(where, lang),
                    f"Unknown language '{lang}'; expected one of: {', '.join(LANGUAGES)}.",
                )
            elif not isinstance(translated, str):
                self.problem(_join(where, lang), "A translation must be a string in quotes.")
            else:
                texts[lang] = translated
        return Text(**{lang: texts.get(lang, "") for lang in LANGUAGES})

    def pairs(self, data: Table, key: str, path: str, kind: type) -> tuple[tuple[str, Any], ...]:
        """A table of values of one type, as sorted (key, value) pairs."""
        value = self.table(data, key, path)
        if value is None:
            return ()
        result = []
        for name, item in sorted(value.items()):
            if isinstance(item, bool) is not (kind is bool) or not isinstance(item, kind):
                type_name = "a whole number" if kind is int else "a string in quotes"
                self.problem(_join(_join(path, key), name), f"'{name}' must be {type_name}.")
            elif isinstance(item, int) and not -MAX_INTEGER - 1 <= item <= MAX_INTEGER:
                self.problem(_join(_join(path, key), name), f"'{name}' is too large a number.")
            else:
                result.append((name, item))
        return tuple(result)


def _read_option(r: _Reader, data: Table, path: str) -> Option:
    r.check_keys(data, {"id", "label", "points"}, path)
    return Option(
        id=r.string(data, "id", path),
        label=r.text(data, "label", path),
        points=r.integer(data, "points", path, required=False) or 0,
    )


def _read_item(r: _Reader, data: Table, path: str) -> Item:
    r.check_keys(data, {"id", "type", "text", "guidance", "options"}, path)
    options = r.tables(data, "options", path, required=False)
    return Item(
        id=r.string(data, "id", path),
        type=r.string(data, "type", path),
        text=r.text(data, "text", path),
        guidance=r.text(data, "guidance", path),
        options=tuple(
            _read_option(r, o, f"{_join(path, 'options')}[{i}]") for i, o in enumerate(options)
        ),
    )


def _read_section(r: _Reader, data: Table, path: str) -> Section:
    r.check_keys(data, {"id", "title", "intro", "items"}, path)
    items = r.tables(data, "items", path)
    return Section(
        id=r.string(data, "id", path),
        title=r.text(data, "title", path),
        intro=r.text(data, "intro", path) if "intro" in data else None,
        items=tuple(
            _read_item(r, item, f"{_join(path, 'items')}[{i}]") for i, item in enumerate(items)
        ),
    )


def _read_band(r: _Reader, data: Table, path: str) -> Band:
    r.check_keys(data, {"min", "max", "level"}, path)
    return Band(
        min=r.integer(data, "min", path) or 0,
        max=r.integer(data, "max", path, required=False),
        level=r.string(data, "level", path),
    )


def _read_rule(r: _Reader, data: Table, path: str) -> Rule | None:
    rule_type = r.string(data, "type", path)
    if rule_type == "count":
        r.check_keys(data, {"type", "items", "answers", "at_least", "level"}, path)
        return CountRule(
            items=r.strings(data, "items", path),
            answers=r.strings(data, "answers", path, required=False) or ("yes",),
            at_least=r.integer(data, "at_least", path) or 0,
            level=r.string(data, "level", path),
        )
    if rule_type == "domain_sum":
        r.check_keys(data, {"type", "domains", "points", "bands", "combine"}, path)
        bands = r.tables(data, "bands", path)
        return DomainSumRule(
            domains=r.strings(data, "domains", path),
            points=r.pairs(data, "points", path, int),
            bands=tuple(
                _read_band(r, b, f"{_join(path, 'bands')}[{i}]") for i, b in enumerate(bands)
            ),
            combine=r.string(data, "combine", path, required=False) or "total",
        )
    if rule_type:
        r.problem(
            _join(path, "type"),
            f"Unknown scoring rule type '{rule_type}'; expected 'count' or 'domain_sum'.",
        )
    return None


def _read_scoring(r: _Reader, data: Table | None) -> Scoring:
    if data is None:
        return Scoring((), ())
    r.check_keys(data, {"red_flags", "rules", "report_prompts"}, "scoring")
    rules = [
        _read_rule(r, rule, f"scoring.rules[{i}]")
        for i, rule in enumerate(r.tables(data, "rules", "scoring"))
    ]
    return Scoring(
        red_flags=r.strings(data, "red_flags", "scoring", required=False),
        rules=tuple(rule for rule in rules if rule is not None),
        report_prompts=r.strings(data, "report_prompts", "scoring", required=False),
    )


def _read_next_step(r: _Reader, data: Table, path: str) -> NextStep:
    r.check_keys(
        data,
        {"level", "ages", "text", "mandated_report", "referral_handout", "follow_up_days",
         "items"},
        path,
    )
    level = data.get("level")
    if isinstance(level, list):
        levels = r.strings(data, "level", path)
    else:
        levels = (r.string(data, "level", path),)
    return NextStep(
        levels=levels,
        items=r.strings(data, "items", path, required=False),
        ages=r.string(data, "ages", path, required=False) or "any",
        text=r.text(data, "text", path),
        mandated_report=r.boolean(data, "mandated_report", path),
        referral_handout=r.boolean(data, "referral_handout", path),
        follow_up_days=r.integer(data, "follow_up_days", path, required=False),
    )


def _read_changelog(r: _Reader, data: Table, path: str) -> ChangelogEntry:
    r.check_keys(data, {"version", "date", "changes"}, path)
    return ChangelogEntry(
        version=r.string(data, "version", path),
        date=r.date(data, "date", path),
        changes=r.string(data, "changes", path),
    )


def _build(r: _Reader, data: Table) -> Instrument:
    r.check_keys(data, _TOP_KEYS, "")
    sections = r.tables(data, "sections", "")
    next_steps = r.tables(data, "next_steps", "")
    changelog = r.tables(data, "changelog", "")
    return Instrument(
        format=r.integer(data, "format", "") or 0,
        id=r.string(data, "id", ""),
        version=r.string(data, "version", ""),
        released=r.date(data, "released", ""),
        kind=r.string(data, "kind", ""),
        respondent=r.string(data, "respondent", ""),
        validation_status=r.string(data, "validation_status", ""),
        translation_status=r.pairs(data, "translation_status", "", str),
        title=r.text(data, "title", ""),
        notice=r.text(data, "notice", ""),
        privacy_script=r.text(data, "privacy_script", ""),
        sections=tuple(_read_section(r, s, f"sections[{i}]") for i, s in enumerate(sections)),
        scoring=_read_scoring(r, r.table(data, "scoring", "")),
        next_steps=tuple(
            _read_next_step(r, s, f"next_steps[{i}]") for i, s in enumerate(next_steps)
        ),
        sources=r.strings(data, "sources", ""),
        changelog=tuple(_read_changelog(r, c, f"changelog[{i}]") for i, c in enumerate(changelog)),
        age_note=r.text(data, "age_note", "") if "age_note" in data else None,
        age_note_below=r.integer(data, "age_note_below", "", required=False),
        source=r.file,
    )


def parse_text(text: str, source: str = "<text>") -> tuple[Instrument | None, list[Problem]]:
    """Parse definition text; return the instrument (None if unusable) and the shape problems.

    `source` names the file in problems. A TOML syntax error gives one problem
    located at its line and column.
    """
    if len(text) > MAX_FILE_CHARS:
        return None, [
            Problem(source, "", f"The file is longer than {MAX_FILE_CHARS:,} characters.")
        ]
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return None, [Problem(source, "", "The file nests tables or lists too deeply.")]
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _SYNTAX_POSITION.search(message)
        location = f"line {match.group(1)}, column {match.group(2)}" if match else ""
        detail = _SYNTAX_POSITION.sub("", message).strip().rstrip(".")
        return None, [Problem(source, location, f"This is not valid TOML: {detail}.")]
    except ValueError:  # tomllib converts decimal integers with int(), which has a digit limit
        return None, [Problem(source, "", "The file holds a number too large to read.")]
    reader = _Reader(source)
    instrument = _build(reader, data)
    return (None if reader.problems else instrument), reader.problems


def parse_file(path: Path | str) -> tuple[Instrument | None, list[Problem]]:
    """Read and parse one definition file (see `parse_text`)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_CHARS * 4:  # UTF-8: at most 4 bytes a character
            return None, [Problem(str(path), "", "The file is too large to be an instrument.")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(str(path), "", f"The file cannot be read: {error}.")]
    return parse_text(text, str(path))
