"""Fuzzing the loaders of untrusted files (issue 12).

Instrument definitions, lesson files, lesson packs and backups come from outside the
app. Whatever their bytes, each is accepted or refused with a problem naming the file;
nothing raises an exception the caller does not expect.

Every test is derandomized (the same examples on every run and in CI) and keeps its
example count small enough for the whole file to run in well under a minute.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import shutil
import stat
import struct
import tempfile
import tomllib
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from staff_accounts import ADMIN, PASSWORDS

import screening
from clinic_app.store.backup import BackupError, UnpackedBackup, unpack
from clinic_app.store.facade import DB_FILE, KEY_FILE, Store
from curriculum import Library, Pack, install_pack, parse_lesson, render_lesson, validate_pack
from curriculum.fields import KNOWN_FIELDS
from curriculum.packs import read_pack
from curriculum.paths import bundled_lessons_root
from screening.loader import MAX_FILE_CHARS

# Hypothesis prints every draw of a failing case; whole lesson files make long ones.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def fuzz(examples: int) -> settings:
    """Reproducible settings: fixed examples, no deadline, no example database on disk."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.function_scoped_fixture,
        ],
    )


def note(label: str) -> None:
    """Count an outcome in Hypothesis' statistics (the plain tests below share the checks)."""
    if currently_in_test_context():
        event(label)


def scratch(root: Path) -> Path:
    """A fresh folder for one example (tmp_path is shared by all examples of a test)."""
    return Path(tempfile.mkdtemp(dir=root))


# --------------------------------------------------------------------------------------
# Mutations shared by the text formats
# --------------------------------------------------------------------------------------

HUGE_DECIMAL = "9" * 5_000  # past Python's 4,300-digit limit for int <-> str
HUGE_HEX = "0x" + "f" * 4_000  # parsed without a limit, then too large to print
HUGE_TEXT = "x" * (MAX_FILE_CHARS + 10)


def _lines_op(draw: st.DrawFn, text: str, snippet: st.SearchStrategy[str]) -> str:
    lines = text.split("\n")
    op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap"]))
    i = draw(st.integers(0, len(lines) - 1))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "insert":
        lines.insert(i, draw(snippet))
    else:
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _truncate(draw: st.DrawFn, text: str, snippet: st.SearchStrategy[str]) -> str:
    return text[: draw(st.integers(0, len(text)))]


def _flip_char(draw: st.DrawFn, text: str, snippet: st.SearchStrategy[str]) -> str:
    if not text:
        return draw(st.characters(exclude_categories=["Cs"]))
    i = draw(st.integers(0, len(text) - 1))
    return text[:i] + draw(st.characters(exclude_categories=["Cs"])) + text[i + 1 :]


def _insert_at(draw: st.DrawFn, text: str, snippet: st.SearchStrategy[str]) -> str:
    i = draw(st.integers(0, len(text)))
    return text[:i] + draw(snippet) + text[i:]


_TEXT_MUTATIONS: list[Callable[[st.DrawFn, str, st.SearchStrategy[str]], str]] = [
    _lines_op,
    _lines_op,
    _truncate,
    _flip_char,
    _flip_char,
    _insert_at,
]


def mutate(draw: st.DrawFn, text: str, snippet: st.SearchStrategy[str], most: int) -> str:
    """`text` changed one to `most` times: truncated, characters flipped, lines deleted,
    duplicated, swapped, or snippets (deep nesting, huge values...) inserted."""
    for _ in range(draw(st.integers(1, most))):
        text = draw(st.sampled_from(_TEXT_MUTATIONS))(draw, text, snippet)
    return text


@st.composite
def mutated_text(
    draw: st.DrawFn, bases: list[str], snippet: st.SearchStrategy[str], most: int = 4
) -> str:
    """One of `bases`, mutated (see `mutate`)."""
    return mutate(draw, draw(st.sampled_from(bases)), snippet, most)


# --------------------------------------------------------------------------------------
# 1. Instruments
# --------------------------------------------------------------------------------------

INSTRUMENT_PATHS = sorted(screening.BUNDLED_DIR.glob("*/*.toml"))
INSTRUMENT_TEXTS = [p.read_text(encoding="utf-8") for p in INSTRUMENT_PATHS]
SOURCE = "fuzzed/instrument.toml"

_TOP_KEYS = sorted(tomllib.loads(INSTRUMENT_TEXTS[-1]))

TOML_SNIPPETS = st.one_of(
    st.sampled_from(
        [
            "deep = " + "[" * 3_000 + "]" * 3_000,
            "deep = " + "{ a = " * 600 + "1" + " }" * 600,
            "[" * 3_000,
            "[a" + ".a" * 3_000 + "]",
            "big = " + HUGE_DECIMAL,
            "big = " + HUGE_HEX,
            "format = " + HUGE_HEX,
            "age_note_below = " + HUGE_HEX,
            "follow_up_days = -" + HUGE_DECIMAL,
            "points = { yes = " + HUGE_HEX + " }",
            'huge = "' + HUGE_TEXT + '"',
            "title = { en = " + '"' + "t" * 5_000 + '" }',
            "[[sections]]",
            "[[sections.items]]",
            "[scoring]",
            "[[scoring.rules]]",
            "[[next_steps]]",
            'type = "count"',
            'type = "domain_sum"',
            "format = 2",
            "id = 1",
            "level = []",
            "level = [1, 2]",
            "items = [[]]",
            "title = { en = 1 }",
            "title = 'plain'",
            "released = 2026-02-30",
            "released = 2026-01-01T10:00:00Z",
            "released = 10:00:00",
            "x = 1979-05-27T25:00:00",
            "x = 1979-05-27T07:32:00+25:00",
            "t = 24:00:00",
            "f = nan",
            "f = -inf",
            'k = """',
            "k = '''",
            "a.b.c = 1",
            "= 1",
            "x = \x00",
            "\ufeff",
            "\r",
            "sections = 5",
            "sections = [1, 2]",
            "[sections]",
            "[[title]]",
        ]
    ),
    st.builds(
        lambda k, v: f"{k} = {v}",
        st.sampled_from(_TOP_KEYS + ["min", "max", "at_least", "points", "level", "ages"]),
        st.sampled_from(['""', "0", "-1", "true", "[]", "{}", "1.5", "2026-01-01", '"zz"']),
    ),
    st.text(max_size=40),
)


def _toml_value(value: Any) -> str:
    """A TOML value for `value`; tables become inline tables, so nesting stays on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return hex(value) if value > 2**64 else str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in data.items())


def _mutate_at(draw: Any, data: Any, path: tuple[Any, ...], action: str,
               values: st.SearchStrategy[Any], key_size: int) -> None:
    """Replace, delete or add a value at `path` inside nested dicts and lists."""
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    if action == "replace":
        parent[path[-1]] = draw(values)
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(max_size=key_size))] = draw(values)
    else:
        parent.append(draw(values))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path (keys and list indexes) of every value under `node`."""
    children: Any = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else ())
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


TOML_SCALARS = st.one_of(
    st.integers(),
    st.integers(min_value=2**63, max_value=2**80),
    st.just(4_000).map(lambda n: int("f" * n, 16)),  # a repr() of it raises ValueError
    st.floats(),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["", "yes", "no", "count", "domain_sum", "1.0.0", "x" * 5_000]),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.times(),
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def instrument_with_wrong_values(draw: st.DrawFn) -> str:
    """A bundled instrument with one to three values replaced by values of any type, keys
    deleted or unknown keys added, written back as TOML."""
    data = tomllib.loads(draw(st.sampled_from(INSTRUMENT_TEXTS)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(_paths(data))))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        _mutate_at(draw, data, path, action, TOML_VALUES, key_size=10)
        if not list(_paths(data)):
            break
    return to_toml(data)


def check_instrument(text: str) -> screening.Instrument | None:
    """The contract: (instrument, []) or (None, problems), each naming the file."""
    instrument, problems = screening.load_instrument_text(text, SOURCE)
    assert (instrument is None) == bool(problems)
    for problem in problems:
        assert problem.file == SOURCE
        assert str(problem).startswith(SOURCE)
    return instrument


def test_bundled_instruments_survive_the_toml_round_trip() -> None:
    """The serializer used below is faithful: an unchanged instrument still loads."""
    for text in INSTRUMENT_TEXTS:
        assert check_instrument(to_toml(tomllib.loads(text))) is not None


@fuzz(100)
@given(st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_random_text_is_refused_naming_the_file(text: str) -> None:
    check_instrument(text)


@fuzz(200)
@given(mutated_text(INSTRUMENT_TEXTS, TOML_SNIPPETS))
def test_mutated_instruments_are_accepted_or_refused(text: str) -> None:
    check_instrument(text)


@fuzz(200)
@given(instrument_with_wrong_values())
def test_values_of_the_wrong_type_are_refused_naming_the_file(text: str) -> None:
    check_instrument(text)


@pytest.mark.parametrize(
    "text",
    [
        "format = " + HUGE_DECIMAL,  # was ValueError from tomllib (int digit limit)
        INSTRUMENT_TEXTS[0].replace("format = 1", "format = " + HUGE_HEX, 1),  # ValueError
        INSTRUMENT_TEXTS[0].replace("min = 0", "min = " + HUGE_HEX, 1),  # printing the band
    ],
    ids=["decimal", "hex-format", "hex-band"],
)
def test_numbers_too_large_to_print_are_refused(text: str) -> None:
    assert check_instrument(text) is None


BUNDLED_INSTRUMENTS = [screening.parse_instrument(t, str(p))
                       for t, p in zip(INSTRUMENT_TEXTS, INSTRUMENT_PATHS, strict=True)]


@st.composite
def answers_for(draw: st.DrawFn) -> tuple[screening.Instrument, dict[Any, Any]]:
    instrument = draw(st.sampled_from(BUNDLED_INSTRUMENTS))
    ids = [item.id for item in instrument.items()]
    values = sorted({v for item in instrument.items() for v in item.answer_values()})
    answers = draw(
        st.dictionaries(
            st.sampled_from(ids) | st.text(max_size=10),
            st.sampled_from(values or ["yes"])
            | st.text(max_size=600)
            | st.integers()
            | st.none()
            | st.lists(st.text(max_size=3), max_size=2),
            max_size=len(ids) + 2,
        )
    )
    return instrument, answers


@fuzz(200)
@given(answers_for(), st.integers(0, 24))
def test_scoring_random_answers_returns_or_raises_answer_error(
    case: tuple[screening.Instrument, dict[Any, Any]], age: int
) -> None:
    instrument, answers = case
    try:
        result = screening.score(instrument, answers)
    except screening.AnswerError:
        return
    assert result.level in screening.OUTCOMES
    screening.next_steps_for(instrument, result.level, age, answers)


# --------------------------------------------------------------------------------------
# 2. Lessons
# --------------------------------------------------------------------------------------

LESSONS_ROOT = bundled_lessons_root()
LESSON_PATHS = sorted(LESSONS_ROOT.glob("*/*/*.md"))
LESSON_RELPATHS = ["/".join(p.parts[-3:]) for p in LESSON_PATHS]
LESSON_BYTES = [p.read_bytes() for p in LESSON_PATHS]
LESSON_TEXTS = [b.decode("utf-8") for b in LESSON_BYTES]
# A few lessons of each language keep each example cheap; the mutations do the rest.
SAMPLE = sorted({rel.rsplit("/", 1)[1]: i for i, rel in enumerate(LESSON_RELPATHS)}.values())
SAMPLE += list(range(0, len(LESSON_PATHS), 9))
DISPLAY = "fuzzed-pack/lesson.md"

YAML_SNIPPETS = [
    "!!python/object:os.system ls",
    "!!python/object/apply:os.system [ls]",
    "!!python/name:os.system",
    "!!python/tuple [a, b]",
    "!!bool maybe",
    "!!bool ''",
    "!!timestamp nope",
    "!!timestamp ''",
    "!!timestamp 2026-99-99",
    "!!int ''",
    "!!int",
    "!!int 0x",
    "!!int [a]",
    "!!float ''",
    "!!float",
    "!!float x",
    "!!binary ''",
    "!!binary \u00e9",
    "!!binary [a]",
    "!!set {a: 1}",
    "!!set x",
    "!!omap [a]",
    "!!omap x",
    "!!pairs [[a, b]]",
    "!!null x",
    "!!str {a: 1}",
    "!!merge x",
    "!!value x",
    "!custom x",
    "!<tag:example.com,2026:x> y",
    "&a [1, 2]",
    "*a",
    "&a x",
    "[*a, *a]",
    "&a [*a]",
    "[" * 100 + "]" * 100,
    "[" * 20_000,
    "{a: " * 50 + "1" + "}" * 50,
    HUGE_HEX,
    HUGE_DECIMAL,
    "-" + HUGE_DECIMAL,
    "0b" + "1" * 20_000,
    "190:20:30",
    "1e999",
    ".nan",
    "-.inf",
    "1_000",
    "2026-13-45",
    "2026-02-30",
    "2026-01-01T25:00:00",
    "2026-01-01 10:00:00 +99:00",
    "{? [a, b]: c}",
    "{[a]: 1}",
    "{{a: 1}: 2}",
    "{<<: {a: 1}, b: 2}",
    "{<<: [x]}",
    "{<<: 1}",
    "'unterminated",
    '"unterminated',
    "|",
    ">",
    "\t",
    "%YAML 1.1",
    "...",
    "? a",
    "@x",
    "`x",
    "\x00",
    "\x85",
    "\u2028",
    "~",
    "yes",
    "",
    "[]",
    "{}",
    "[a, b, c, d, e, f]",
    "[{version: 1.0.0, date: 2026-01-01, changes: x}]",
    "[{version: 99.0.0, date: nope, changes: ''}]",
    "[1.0.0, [1.0.0]]",
    "t" * 70_000,
]
YAML_VALUES = st.sampled_from(YAML_SNIPPETS) | st.text(max_size=30)
YAML_KEYS = st.sampled_from(sorted(KNOWN_FIELDS) + ["<<", "? x", "[a]", "{a: 1}", "- x"]) | st.text(
    max_size=10
)


@st.composite
def broken_front_matter(draw: st.DrawFn) -> tuple[int, bytes]:
    """A bundled lesson whose front matter has values replaced by YAML tags, aliases, deep
    nesting, huge numbers..., lines added, or a fence removed."""
    index = draw(st.sampled_from(SAMPLE))
    lines = LESSON_TEXTS[index].split("\n")
    closing = lines.index("---", 1)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["value", "value", "line", "raw", "fence"]))
        i = draw(st.integers(1, closing - 1))
        if action == "value" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + ": " + draw(YAML_VALUES)
        elif action in ("value", "line"):
            lines.insert(i, f"{draw(YAML_KEYS)}: {draw(YAML_VALUES)}")
            closing += 1
        elif action == "raw":
            lines.insert(i, draw(YAML_VALUES))
            closing += 1
        else:
            lines[draw(st.sampled_from([0, closing]))] = draw(st.sampled_from(["", "--", "- --"]))
    return index, "\n".join(lines).encode("utf-8")


BYTE_SNIPPETS = [
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xf4\x90\x80\x80",  # past U+10FFFF
    b"\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\r",
    b"\r\n",
]


@st.composite
def mutated_lesson(draw: st.DrawFn) -> tuple[int, bytes]:
    """A bundled lesson mutated as text, then as bytes (invalid UTF-8, BOMs, CRs)."""
    index = draw(st.sampled_from(SAMPLE))
    text = mutate(draw, LESSON_TEXTS[index], YAML_VALUES | MARKDOWN, most=3)
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(data)))
        data = data[:i] + draw(st.sampled_from(BYTE_SNIPPETS)) + data[i:]
    if draw(st.integers(0, 9)) == 0:
        data = text.encode(draw(st.sampled_from(["utf-16", "utf-32", "cp1252", "latin-1"])),
                           errors="replace")
    return index, data


MARKDOWN_SNIPPETS = [
    "> " * 12 + "deep",
    "> " * 9 + "quoted",
    "  " * 30 + "- deep",
    "\t" * 6 + "- tabbed",
    "- " * 9 + "list",
    "1. " * 9 + "numbered",
    "[" * 40 + "x" + "]" * 40,
    "[x](" * 30,
    "![x](https://example.com/a.png)",
    "![x](../a.png)",
    "![x](/etc/passwd)",
    "[a](javascript:alert(1))",
    "[a](https://example.com)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- c -->",
    "&#0; &#xD800; &#x110000; &nbsp;",
    "*" * 200,
    "_" * 200,
    "`" * 100,
    "```",
    "~~~",
    "```\n<script>\n```",
    "| a | b |\n|---|:-:|\n| 1 |",
    "|" * 100,
    "---",
    "# " + "#" * 10,
    "## Title {#objectives}",
    "## Again {#activities}",
    "### Step (5 min)",
    "- 999 minutes",
    "## x {: #a .b key=val }",
    "{: .x }",
    "{#" + "a" * 100 + "}",
    "{county_cp} {navigator}",
    "{unknown}",
    "\\" * 50,
    "\u202e\ufffd\x00",
    "    indented code",
    "[ref]: https://example.com",
    "![ref][r]\n\n[r]: http://example.com/a.png",
    "<https://example.com>",
    "<http://example.com>",
    "a  \nb",
    "*a **b *c** d*",
]
MARKDOWN = st.sampled_from(MARKDOWN_SNIPPETS) | st.text(max_size=60)


@st.composite
def lesson_with_changed_body(draw: st.DrawFn) -> tuple[int, bytes]:
    """A bundled lesson with Markdown snippets added to its body (it often still loads)."""
    index = draw(st.sampled_from(SAMPLE))
    head, body = LESSON_TEXTS[index].split("\n---\n", 1)
    lines = body.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(MARKDOWN))
    return index, (head + "\n---\n" + "\n".join(lines)).encode("utf-8")


def check_lesson(data: bytes, relpath: str = LESSON_RELPATHS[0]) -> bool:
    """The contract: problems name the file and a line >= 1; a loaded lesson renders."""
    lesson, problems = parse_lesson(data, relpath, DISPLAY)
    for problem in problems:
        assert problem.file == DISPLAY
        assert isinstance(problem.line, int) and problem.line >= 1
        assert str(problem).startswith(f"{DISPLAY}:{problem.line}:")
    if lesson is None:
        assert any(p.is_error for p in problems)
        return False
    for html in (
        render_lesson(lesson),
        render_lesson(lesson, with_title=False, fill=lambda s: s.replace("{", "<script>")),
    ):
        assert isinstance(html, str) and "<script" not in html.lower()
    return True


@fuzz(100)
@given(st.binary(max_size=600), st.sampled_from(LESSON_RELPATHS) | st.text(max_size=30))
def test_random_bytes_are_refused_naming_file_and_line(data: bytes, relpath: str) -> None:
    check_lesson(data, relpath)


@fuzz(100)
@given(st.sampled_from(SAMPLE), st.binary(max_size=200))
def test_random_front_matter_is_refused_naming_file_and_line(index: int, junk: bytes) -> None:
    body = LESSON_BYTES[index].split(b"\n---\n", 1)[1]
    check_lesson(b"---\n" + junk + b"\n---\n" + body, LESSON_RELPATHS[index])


@fuzz(150)
@given(mutated_lesson())
def test_mutated_lessons_are_accepted_or_refused(case: tuple[int, bytes]) -> None:
    note("loaded" if check_lesson(case[1], LESSON_RELPATHS[case[0]]) else "refused")


@fuzz(150)
@given(broken_front_matter())
def test_broken_front_matter_is_refused_naming_file_and_line(case: tuple[int, bytes]) -> None:
    note("loaded" if check_lesson(case[1], LESSON_RELPATHS[case[0]]) else "refused")


@fuzz(100)
@given(lesson_with_changed_body())
def test_lessons_with_odd_markdown_load_and_render(case: tuple[int, bytes]) -> None:
    note("loaded" if check_lesson(case[1], LESSON_RELPATHS[case[0]]) else "refused")


def _with_front_matter_line(line: str) -> bytes:
    """The first bundled lesson with the front-matter line of `line`'s field replaced."""
    head, body = LESSON_TEXTS[0].split("\n---\n", 1)
    key = line.split(":", 1)[0] + ":"
    lines = [line if x.startswith(key) else x for x in head.split("\n")]
    assert line in lines
    return ("\n".join(lines) + "\n---\n" + body).encode("utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "title: !!bool maybe",  # was KeyError from PyYAML's bool constructor
        "title: !!timestamp nope",  # was AttributeError
        "title: !!int ''",  # was IndexError
        "title: !!float",  # was IndexError
        "duration_minutes: " + HUGE_HEX,  # was ValueError printing the number
        "version: " + HUGE_HEX,
        "released: 0b" + "1" * 20_000,
        "title: &a x\x1f",  # was ReaderError from the alias scan (a control character)
    ],
    ids=["bool", "timestamp", "int", "float", "hex-duration", "hex-version", "bin-released",
         "control-character"],
)
def test_bad_tagged_or_huge_values_are_refused_with_their_line(line: str) -> None:
    data = _with_front_matter_line(line)
    lesson, problems = parse_lesson(data, LESSON_RELPATHS[0], DISPLAY)
    assert lesson is None
    assert any(p.is_error and p.line > 1 for p in problems), [str(p) for p in problems]
    check_lesson(data)


# --------------------------------------------------------------------------------------
# 3. Lesson packs
# --------------------------------------------------------------------------------------

ODD_NAMES = [
    "../en.md",
    "../../etc/passwd",
    "a/../../1.0.0/en.md",
    "/abs/1.0.0/en.md",
    "/",
    "C:/x/1.0.0/en.md",
    "c:x.md",
    "a\\1.0.0\\en.md",
    "..\\..\\en.md",
    "lesson/1.0.0/en\x00.md",
    "lesson\x00/../1.0.0/en.md",
    "./a/1.0.0/en.md",
    "a//1.0.0/en.md",
    "a/./1.0.0/en.md",
    "a/1.0.0/",
    "a/",
    ".hidden/1.0.0/en.md",
    "__MACOSX/a/1.0.0/en.md",
    "MANIFEST.json",
    "README.md",
    "LICENSE",
    "notes.txt",
    "a/1.0.0/EN.md",
    "a/1.0.0/xx.md",
    "A/1.0.0/en.md",
    "a/1.0/en.md",
    "a/01.0.0/en.md",
    "\u00fcn\u00ef/1.0.0/en.md",
    " /1.0.0/en.md",
    "a/1.0.0/.md",
    "a/1.0.0/en",
    "a" * 3_000 + ".md",
    "a/" * 80 + "en.md",
]
PACK_NAMES = st.one_of(
    st.sampled_from(LESSON_RELPATHS),
    st.sampled_from(LESSON_RELPATHS).map(lambda r: "wrapper/" + r),
    st.sampled_from(ODD_NAMES),
    st.text(min_size=1, max_size=30),
)
class Blob(bytes):
    """Bytes that print short: Hypothesis shows drawn values, and this one is 1 MB."""

    def __repr__(self) -> str:
        return f"<{len(self):,} bytes>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


PACK_DATA = st.one_of(
    st.sampled_from([*(LESSON_BYTES[i] for i in SAMPLE), Blob(b"x" * 1_000_010)]),  # too large
    mutated_lesson().map(lambda case: case[1]),
    st.binary(max_size=200),
)
ENGLISH = [i for i, rel in enumerate(LESSON_RELPATHS) if rel.endswith("/en.md")]
# A lesson at its own place (English, so it needs nothing installed): such packs can install.
GOOD_ENTRY = st.sampled_from(ENGLISH).map(
    lambda i: (LESSON_RELPATHS[i], LESSON_BYTES[i], zipfile.ZIP_DEFLATED, False, False))
METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]


def write_zip(path: Path, entries: list[tuple[str, bytes, int, bool, bool]]) -> None:
    """Write (name, data, method, symlink, encrypted-flag) entries, duplicates and NULs
    included (zipfile cuts a name at NUL, so NUL is patched in afterwards)."""
    patches: list[tuple[bytes, bytes]] = []
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name"
        for n, (name, data, method, symlink, encrypted) in enumerate(entries):
            stored = name
            if "\x00" in name:
                stored = name.replace("\x00", chr(0x2400 + n % 16))  # same UTF-8 length each
                patches.append((stored.encode(), name.encode()))
            info = zipfile.ZipInfo(stored, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = method
            if symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            if encrypted:
                info.flag_bits |= 0x1
            archive.writestr(info, data)
    if patches:
        raw = path.read_bytes()
        for old, new in patches:
            raw = raw.replace(old, new.ljust(len(old), b"\x00"))
        path.write_bytes(raw)


def _break_utf8_name(raw: bytes) -> bytes:
    """Mark the first central-directory name as UTF-8 and make it invalid UTF-8."""
    at = raw.find(b"PK\x01\x02")
    name_length = struct.unpack("<H", raw[at + 28 : at + 30])[0] if at >= 0 else 0
    if not name_length:
        return raw
    flags = struct.unpack("<H", raw[at + 8 : at + 10])[0] | 0x800
    return raw[: at + 8] + struct.pack("<H", flags) + raw[at + 10 : at + 46] + b"\xff" + raw[
        at + 47 :]


@st.composite
def damaged_file(draw: st.DrawFn, raw: bytes) -> bytes:
    """A file's bytes, maybe truncated, with bytes flipped, junk added or a name broken."""
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["truncate", "flip", "flip", "prefix", "suffix", "utf8"]))
        if op == "truncate":
            raw = raw[: draw(st.integers(0, len(raw)))]
        elif op == "flip" and raw:
            for _ in range(draw(st.integers(1, 8))):
                i = draw(st.integers(0, len(raw) - 1))
                raw = raw[:i] + bytes([raw[i] ^ draw(st.integers(1, 255))]) + raw[i + 1 :]
        elif op == "prefix":
            raw = draw(st.binary(max_size=40)) + raw
        elif op == "suffix":
            raw = raw + draw(st.binary(max_size=40))
        elif op == "utf8":
            raw = _break_utf8_name(raw)
    return raw


@st.composite
def pack_zip(draw: st.DrawFn, folder: Path) -> Path:
    path = folder / "pack.zip"
    kind = draw(st.sampled_from(["zip", "zip", "zip", "random"]))
    if kind == "random":
        path.write_bytes(draw(st.binary(max_size=300)))
        return path
    entries = draw(
        st.lists(
            GOOD_ENTRY
            | st.tuples(
                PACK_NAMES,
                PACK_DATA,
                st.sampled_from(METHODS),
                st.integers(0, 15).map(lambda n: n == 0),
                st.integers(0, 15).map(lambda n: n == 0),
            ),
            max_size=6,
            unique_by=lambda entry: entry[0] if entry[1] in LESSON_BYTES else object(),
        )
    )
    if entries and draw(st.integers(0, 3)) == 0:
        entries.append(draw(st.sampled_from(entries)))  # a duplicate entry
    write_zip(path, entries)
    path.write_bytes(draw(damaged_file(path.read_bytes())))
    return path


def check_pack(path: Path, target: Path) -> None:
    """The contract: a Pack and problems naming files inside the pack; install is all or
    nothing and writes only inside the target folder."""
    pack, problems = validate_pack(path)
    assert isinstance(pack, Pack)
    for problem in [*pack.problems, *problems]:
        assert problem.file.startswith(str(path))
        assert isinstance(problem.line, int) and problem.line >= 1
        str(problem)
    assert read_pack(path).problems == pack.problems
    result = install_pack(pack, target, Library([]))
    written = sorted(p for p in target.rglob("*") if p.is_file())
    if any(p.is_error for p in problems):
        assert not result.ok and written == []
        note("refused")
    else:
        assert result.ok
        root = target.resolve()
        assert all(root in p.resolve().parents for p in written)
        assert {p.relative_to(target).as_posix() for p in written} == set(result.added)
        note("installed")


@fuzz(150)
@given(data=st.data())
def test_odd_zip_packs_are_read_or_refused_naming_the_file(
    data: st.DataObject, tmp_path: Path
) -> None:
    folder = scratch(tmp_path)
    check_pack(data.draw(pack_zip(folder)), folder / "installed")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA])
def test_a_pack_entry_with_corrupt_compressed_data_is_refused(method: int, tmp_path: Path) -> None:
    """Was zlib.error / lzma.LZMAError out of validate_pack."""
    path = tmp_path / "pack.zip"
    write_zip(path, [(LESSON_RELPATHS[0], LESSON_BYTES[0], method, False, False)])
    path.write_bytes(corrupt_first_entry(path.read_bytes()))
    pack, problems = validate_pack(path)
    assert [p.message.split(":")[0] for p in problems] == ["cannot read zip entry"]
    check_pack(path, tmp_path / "installed")


def test_a_pack_with_a_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    """Was UnicodeDecodeError out of validate_pack."""
    path = tmp_path / "pack.zip"
    write_zip(path, [(LESSON_RELPATHS[0], LESSON_BYTES[0], zipfile.ZIP_STORED, False, False)])
    path.write_bytes(_break_utf8_name(path.read_bytes()))
    assert "not a readable zip file" in validate_pack(path)[1][0].message
    check_pack(path, tmp_path / "installed")


# --------------------------------------------------------------------------------------
# 4. Backups
# --------------------------------------------------------------------------------------


def corrupt_first_entry(raw: bytes) -> bytes:
    """Make the compressed data of the zip's first entry undecodable (CRC left as is):
    a reserved deflate block type, or LZMA properties no decoder accepts."""
    name_length, extra_length = struct.unpack("<HH", raw[26:30])
    start = 30 + name_length + extra_length
    method = struct.unpack("<H", raw[8:10])[0]
    if method == zipfile.ZIP_DEFLATED:
        return raw[:start] + b"\x07" + raw[start + 1 :]
    assert method == zipfile.ZIP_LZMA
    return raw[: start + 4] + b"\xff" * 5 + raw[start + 9 :]


class RealBackup:
    """A backup written by the app, and its three parts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.manifest: dict[str, Any] = json.loads(self.parts["manifest.json"])


@pytest.fixture(scope="module")
def real_backup(template_store: Path, tmp_path_factory: pytest.TempPathFactory) -> RealBackup:
    folder = tmp_path_factory.mktemp("fuzz-backup")
    shutil.copytree(template_store, folder / "data")
    store = Store.open(folder / "data", ADMIN, PASSWORDS[ADMIN])
    try:
        store.backup(folder / "backup.zip")
    finally:
        store.close()
    return RealBackup(folder / "backup.zip")


# Bugs the fuzzing found here are fixed; anything else unpack raises fails the test.
BACKUP_BUGS_NOT_YET_FIXED: tuple[type[BaseException], ...] = ()


def check_backup(path: Path, into: Path) -> None:
    """The contract: unpack returns, or raises BackupError and nothing else."""
    try:
        result = unpack(path, into)
    except BackupError as exc:
        assert str(exc)
        note("refused")
        return
    except BACKUP_BUGS_NOT_YET_FIXED as exc:
        note(f"known bug: {type(exc).__name__}")
        return
    assert isinstance(result, UnpackedBackup)
    note("unpacked")


DEEP = "\x00deep\x00"
HUGE_INT = "\x00hugeint\x00"
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["clinic-app-backup", "x" * 70_000, DEEP, HUGE_INT]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=6,
)


def _json_text(value: Any) -> str:
    """JSON with placeholders for what json.dumps cannot write: deep nesting, huge ints."""
    text = json.dumps(value)
    deep = json.dumps(DEEP)
    return text.replace(deep, "[" * 50_000 + "]" * 50_000).replace(json.dumps(HUGE_INT),
                                                                   HUGE_DECIMAL)


@st.composite
def backup_manifest(draw: st.DrawFn, real: RealBackup, files: dict[str, bytes]) -> bytes:
    manifest = copy.deepcopy(real.manifest)
    if draw(st.booleans()):  # hashes that match the parts, so unpack reads the key file
        manifest["files"] = {n: hashlib.sha256(d).hexdigest() for n, d in files.items()}
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        paths = list(_paths(manifest))
        action = draw(st.sampled_from(["replace", "delete", "add", "whole"]))
        if action == "whole" or not paths:
            manifest = draw(JSON_VALUES)
            break
        path = draw(st.sampled_from(paths))
        _mutate_at(draw, manifest, path, action, JSON_VALUES, key_size=6)
    text = _json_text(manifest)
    if draw(st.integers(0, 4)) == 0:
        text = draw(mutated_text([text], st.sampled_from(['"', "[" * 20_000, "{", ",", "\\"]),
                                 most=2))
    return text.encode("utf-8", errors="surrogatepass")


KEY_FILE_VARIANTS = st.one_of(
    st.just(None),  # the real one
    st.just(None),
    st.sampled_from([b"", b"{}", b"[]", b"null", b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000]),
    JSON_VALUES.map(lambda v: _json_text(v).encode()),
    st.binary(max_size=100),
)


@st.composite
def rebuilt_backup(draw: st.DrawFn, real: RealBackup, folder: Path) -> Path:
    """A zip made from the real backup's parts, each possibly replaced, left out,
    duplicated, renamed or compressed another way, and its manifest mutated."""
    files = {DB_FILE: real.parts[DB_FILE], KEY_FILE: real.parts[KEY_FILE]}
    key = draw(KEY_FILE_VARIANTS)
    if key is not None:
        files[KEY_FILE] = key
    if draw(st.integers(0, 5)) == 0:
        files[DB_FILE] = draw(st.binary(max_size=2_000))
    parts = {"manifest.json": draw(backup_manifest(real, files)), **files}
    entries = []
    for name, data in parts.items():
        if draw(st.integers(0, 9)) == 0:
            continue
        if draw(st.integers(0, 9)) == 0:
            name = draw(st.sampled_from([name + "/", "/" + name, "../" + name, name.upper()]))
        entries.append((name, data, draw(st.sampled_from(METHODS)),
                        draw(st.integers(0, 19)) == 0, draw(st.integers(0, 19)) == 0))
    if entries and draw(st.integers(0, 4)) == 0:
        entries.append(draw(st.sampled_from(entries)))
    path = folder / "backup.zip"
    write_zip(path, entries)
    if draw(st.integers(0, 3)) == 0:
        path.write_bytes(draw(damaged_file(path.read_bytes())))
    return path


def test_the_real_backup_unpacks(real_backup: RealBackup, tmp_path: Path) -> None:
    """The fuzz below starts from a backup that is good."""
    assert isinstance(unpack(real_backup.path, tmp_path), UnpackedBackup)


@fuzz(60)
@given(data=st.data())
def test_damaged_backup_files_unpack_or_raise_backup_error(
    data: st.DataObject, real_backup: RealBackup, tmp_path: Path
) -> None:
    folder = scratch(tmp_path)
    path = folder / "backup.zip"
    source = data.draw(st.sampled_from(["real", "real", "random"]))
    raw = real_backup.raw if source == "real" else data.draw(st.binary(max_size=500))
    path.write_bytes(data.draw(damaged_file(raw)))
    check_backup(path, scratch(folder))


@fuzz(100)
@given(data=st.data())
def test_rebuilt_backups_unpack_or_raise_backup_error(
    data: st.DataObject, real_backup: RealBackup, tmp_path: Path
) -> None:
    folder = scratch(tmp_path)
    check_backup(data.draw(rebuilt_backup(real_backup, folder)), scratch(folder))


def _backup_zip(path: Path, parts: dict[str, bytes], method: int) -> Path:
    write_zip(path, [(name, data, method, False, False) for name, data in parts.items()])
    return path


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA],
                         ids=["deflate", "lzma"])
@pytest.mark.parametrize("first", ["manifest.json", DB_FILE])
def test_backup_with_corrupt_compressed_entry_is_a_backup_error(
    real_backup: RealBackup, tmp_path: Path, method: int, first: str
) -> None:
    parts = {first: real_backup.parts[first]}
    parts.update({n: d for n, d in real_backup.parts.items() if n != first})
    path = _backup_zip(tmp_path / "backup.zip", parts, method)
    path.write_bytes(corrupt_first_entry(path.read_bytes()))
    into = scratch(tmp_path)
    with pytest.raises(BackupError):
        unpack(path, into)


def test_backup_with_deeply_nested_key_file_is_a_backup_error(
    real_backup: RealBackup, tmp_path: Path
) -> None:
    key = b"[" * 100_000 + b"]" * 100_000
    manifest = dict(real_backup.manifest)
    manifest["files"] = {DB_FILE: hashlib.sha256(real_backup.parts[DB_FILE]).hexdigest(),
                         KEY_FILE: hashlib.sha256(key).hexdigest()}
    parts = {"manifest.json": json.dumps(manifest).encode(), DB_FILE: real_backup.parts[DB_FILE],
             KEY_FILE: key}
    path = _backup_zip(tmp_path / "backup.zip", parts, zipfile.ZIP_STORED)
    with pytest.raises(BackupError):
        unpack(path, scratch(tmp_path))

