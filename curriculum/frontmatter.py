"""Split a lesson file into YAML front matter and Markdown body, parse the YAML with lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # libyaml is ~10x faster; the pure-Python loader gives the same results.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_RESOLVE_CACHE_LIMIT = 4096


class _Loader(_BaseLoader):
    """Safe loader that remembers the implicit tag of short plain scalars.

    Keys such as ``title`` or ``version`` repeat in every file; resolving their tag is
    a handful of regex matches each time, so caching it speeds up loading a library.
    """

    _resolved: dict[tuple[str, bool], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not implicit[0] or len(value) > 40:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call, unused-ignore]
        key = (value, implicit[1])
        tag = self._resolved.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call, unused-ignore]
            if len(self._resolved) < _RESOLVE_CACHE_LIMIT:
                self._resolved[key] = tag
        return tag


_FENCE_RE = re.compile(r"^---[ \t]*$", re.MULTILINE)

MAX_FRONT_MATTER_CHARS = 64_000
"""Front matter is a few dozen lines; anything larger is refused before it is parsed."""
MAX_DEPTH = 8
"""Front matter nests a list of mappings at most; deeper nesting is refused."""


class FrontMatterError(Exception):
    """The front matter is missing or is not valid YAML; ``line`` is 1-based in the file."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Parsed front matter: values, the file line of each top-level key, and the body."""

    data: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    duplicate_keys: list[tuple[str, int]]
    body: str
    body_line: int


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM removed and line endings normalised to ``\\n``.

    Raises FrontMatterError (with the line of the first bad byte) for non-UTF-8 data.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrontMatterError(line, "the file is not UTF-8 text") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split(text: str) -> tuple[str, str, int]:
    """Return (yaml text, body, body's first file line); raise FrontMatterError if absent."""
    first_nl = text.find("\n")
    first = text if first_nl < 0 else text[:first_nl]
    if first.rstrip() != "---":
        raise FrontMatterError(1, "no front matter: the file must start with a '---' line")
    if first_nl < 0:
        raise FrontMatterError(1, "front matter is not closed: no second '---' line")
    closing = _FENCE_RE.search(text, first_nl + 1)
    if closing is None:
        raise FrontMatterError(1, "front matter is not closed: no second '---' line")
    yaml_text = text[first_nl + 1 : closing.start()]
    end = text.find("\n", closing.end())
    body = "" if end < 0 else text[end + 1 :]
    body_line = 2 + yaml_text.count("\n") + 1
    return yaml_text, body, body_line


def _refuse_aliases(yaml_text: str) -> None:
    """Anchors and aliases let a few hundred bytes expand to gigabytes (an alias bomb);
    lesson front matter never needs them, so any is refused with its line."""
    if "&" not in yaml_text and "*" not in yaml_text:
        return
    try:
        for token in yaml.scan(yaml_text, Loader=_BaseLoader):
            if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
                raise FrontMatterError(
                    token.start_mark.line + 2,
                    "YAML anchors and aliases (& and *) are not allowed in front matter",
                )
    except yaml.YAMLError:  # e.g. a control character (ReaderError, which has no mark)
        return  # the parse below reports the syntax error with its line


def _depth(node: yaml.Node, limit: int) -> int:
    """Nesting depth of a composed node, stopping once it passes `limit`."""
    if isinstance(node, yaml.ScalarNode) or limit <= 0:
        return 1
    children = (
        [v for pair in node.value for v in pair]
        if isinstance(node, yaml.MappingNode)
        else list(node.value)
    )
    return 1 + max((_depth(child, limit - 1) for child in children), default=0)


def parse(text: str) -> FrontMatter:
    """Parse a whole lesson file's text; raise FrontMatterError with the offending line."""
    yaml_text, body, body_line = split(text)
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        raise FrontMatterError(
            2, f"the front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters"
        )
    _refuse_aliases(yaml_text)
    loader = _Loader(yaml_text)
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrontMatterError(1, "the front matter is empty")
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                node.start_mark.line + 2, "the front matter must be 'field: value' lines"
            )
        if _depth(node, MAX_DEPTH) > MAX_DEPTH:
            raise FrontMatterError(
                node.start_mark.line + 2,
                f"the front matter nests deeper than {MAX_DEPTH} levels",
            )
        key_lines: dict[str, int] = {}
        item_lines: dict[str, list[int]] = {}
        duplicates: list[tuple[str, int]] = []
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 2
            if key in key_lines:
                duplicates.append((key, line))
            key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            try:
                data[str(_construct(loader, key_node))] = _construct(loader, value_node)
            except (ValueError, TypeError, OverflowError) as exc:  # e.g. date 2026-13-01
                line = key_node.start_mark.line + 2
                raise FrontMatterError(line, f"bad value for '{key_node.value}': {exc}") from None
            except (LookupError, AttributeError):  # PyYAML on e.g. `!!bool x`, `!!int ''`
                line = key_node.start_mark.line + 2
                raise FrontMatterError(
                    line, f"bad value for '{key_node.value}': it does not fit its YAML tag (!!...)"
                ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        what = exc.problem or str(exc)
        if exc.context and exc.context_mark is not None and exc.context_mark.line + 2 != line:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 2})"
        raise FrontMatterError(line, f"YAML syntax error: {what}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, e.g. a control code
        line = yaml_text.count("\n", 0, max(exc.position, 0)) + 2
        raise FrontMatterError(line, f"YAML syntax error: {str(exc).splitlines()[0]}") from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(1, f"YAML syntax error: {exc}") from None
    finally:
        loader.dispose()
    return FrontMatter(data, key_lines, item_lines, duplicates, body, body_line)


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _construct(loader: Any, node: yaml.Node) -> Any:
    """Build Python values from composed nodes; strings directly, anything else via PyYAML.

    Same result as ``construct_document`` for front matter, several times faster because
    most values are plain strings.
    """
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        if any(key.tag == _MERGE_TAG for key, _ in node.value):
            return loader.construct_object(node, deep=True)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "found an unhashable key", key_node.start_mark
                ) from None
            result[key] = _construct(loader, value_node)
        return result
    return loader.construct_object(node, deep=True)
