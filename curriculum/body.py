"""Check a lesson's Markdown body: section anchors, activity minutes, raw HTML, images, links."""

from __future__ import annotations

import re

from curriculum.model import REQUIRED_SECTIONS, Problem, Section, Severity

_HEADING_ID_RE = re.compile(
    r"^(#{1,6})[ \t]+(.*?)[ \t]*\{[^}\n]*?#([A-Za-z0-9_-]+)[^}\n]*\}[ \t]*#*[ \t]*$", re.MULTILINE
)
_SECTION_END_RE = re.compile(r"^#{1,2}[ \t]", re.MULTILINE)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>|<!--|<![A-Za-z]|<\?[A-Za-z]")
_INLINE_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REF_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?!\()")
_REF_DEF_RE = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
_LINK_RE = re.compile(r"\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REMOTE_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
_MINUTES = r"(\d{1,3})[ \t]*(?:-[ \t]*)?(?:min\b|mins\b|minutes?\b|minutos?\b|feeb\b|daqiiqo\w*)"
_MINUTES_RE = re.compile(_MINUTES, re.IGNORECASE)
_H3_RE = re.compile(r"^#{3,6}[ \t]")
_ITEM_RE = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,2}[.)])[ \t]")
_ROW_RE = re.compile(r"^[ \t]*\|")
MAX_REPORTS_PER_KIND = 10
_ACTIVITY_LINE_STARTS = frozenset("#-*+|` \t~0123456789")


def find_sections(body: str, body_line: int) -> tuple[Section, ...]:
    """Headings carrying an ``{#id}`` anchor, with their file line numbers."""
    sections: list[Section] = []
    line, pos = body_line, 0
    anchor = body.find("{")
    while anchor >= 0:  # only lines holding a '{' can be anchored headings: skip the rest fast
        start = body.rfind("\n", 0, anchor) + 1
        end = body.find("\n", anchor)
        end = len(body) if end < 0 else end
        if body.startswith("#", start) and body.find("#", anchor, end) > 0:
            match = _HEADING_ID_RE.match(body, start, end)
            if match:
                line += body.count("\n", pos, start)
                pos = start
                sections.append(Section(match[3], match[2].strip(), len(match[1]), line))
        anchor = body.find("{", end)
    return tuple(sections)


def check_body(
    body: str, body_line: int, sections: tuple[Section, ...], duration: int, file: str
) -> list[Problem]:
    """All body problems: required sections, activity minutes, raw HTML, remote images, links."""
    problems = check_sections(body, body_line, sections, file)
    problems += check_activity_minutes(body, body_line, sections, duration, file)
    if "<" in body or "[" in body:  # one fast scan each; most files need no markup check
        problems += check_markup(body, body_line, file)
    if "{" in body:
        problems += check_placeholders(body, body_line, file)
    if body.count("[") > MAX_BRACKETS:  # Markdown's link parser slows down sharply
        problems.append(Problem(file, body_line, f"more than {MAX_BRACKETS:,} '[' "
                                "brackets; a lesson needs far fewer", "error"))
    if (" " * (2 * MAX_NESTING + 2) in body or "\t" * (MAX_NESTING // 2 + 1) in body
            or body.count(">") > MAX_NESTING):  # cheap signs that deep nesting may be there
        problems += check_nesting(body, body_line, file)
    return problems


def check_sections(
    body: str, body_line: int, sections: tuple[Section, ...], file: str
) -> list[Problem]:
    """Every required section present once, as a level-2 heading."""
    problems: list[Problem] = []
    seen: dict[str, Section] = {}
    for s in sections:
        if s.id in seen:
            problems.append(
                Problem(
                    file,
                    s.line,
                    f"section id {{#{s.id}}} is used twice (first on line {seen[s.id].line})",
                )
            )
        else:
            seen[s.id] = s
    last_line = body_line + body.count("\n")
    for index, section_id in enumerate(REQUIRED_SECTIONS):
        found = seen.get(section_id)
        if found is not None and found.level == 2:
            continue
        if found is not None:
            problems.append(
                Problem(
                    file,
                    found.line,
                    f"section {{#{section_id}}} must be a level-2 heading "
                    f"('## ...'), not level {found.level}",
                )
            )
            continue
        later = [seen[i] for i in REQUIRED_SECTIONS[index + 1 :] if i in seen]
        line = later[0].line if later else last_line
        where = f"expected before line {line}" if later else "expected before the end"
        problems.append(
            Problem(file, line, f"missing required section {{#{section_id}}} ({where})")
        )
    return problems


def _section_text(body: str, section: Section) -> tuple[str, int]:
    """The lines after a section's heading up to the next level-1/2 heading."""
    anchor = body.find("#" + section.id)
    while anchor >= 0 and not body.startswith("#", body.rfind("\n", 0, anchor) + 1):
        anchor = body.find("#" + section.id, anchor + 1)  # a link to the anchor, not the heading
    start = body.find("\n", anchor) if anchor >= 0 else -1
    if start < 0:
        return "", section.line + 1
    start += 1
    return body[start : _section_end(body, start)], section.line + 1


def _section_end(body: str, start: int) -> int:
    """Offset of the next level-1 or level-2 heading line at or after ``start``."""
    if body.startswith("#", start) and _SECTION_END_RE.match(body, start):
        return start
    position = body.find("\n#", start)
    while position >= 0:
        if _SECTION_END_RE.match(body, position + 1):
            return position + 1
        position = body.find("\n#", position + 1)
    return len(body)


def activity_minutes(body: str, body_line: int, section: Section) -> list[tuple[int, int]]:
    """(minutes, line) for each activity in the activities section.

    Minutes are read from activity headings such as ``### Warm-up (5 min)``; when no
    heading carries minutes, from list items, then from table rows. The unit may be
    written in any lesson language (min, minutes, minutos, feeb, daqiiqo).
    """
    text, first_line = _section_text(body, section)
    found: dict[str, list[tuple[int, int]]] = {"heading": [], "item": [], "row": []}
    in_fence = False
    for offset, raw in enumerate(text.split("\n")):
        if raw.startswith(("`", "~", " ")) and _FENCE_RE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not raw or raw[0] not in _ACTIVITY_LINE_STARTS:
            continue
        kind = (
            "heading"
            if _H3_RE.match(raw)
            else "item"
            if _ITEM_RE.match(raw)
            else "row"
            if _ROW_RE.match(raw)
            else None
        )
        if kind is None:
            continue
        match = _MINUTES_RE.search(raw)
        if match:
            found[kind].append((int(match[1]), first_line + offset))
    return found["heading"] or found["item"] or found["row"]


def check_activity_minutes(
    body: str, body_line: int, sections: tuple[Section, ...], duration: int, file: str
) -> list[Problem]:
    """Warn when activity minutes cannot be found or do not add up to the duration."""
    section = next((s for s in sections if s.id == "activities"), None)
    if section is None or duration <= 0:
        return []
    minutes = activity_minutes(body, body_line, section)
    if not minutes:
        return [
            Problem(
                file,
                section.line,
                "no activity minutes found: give each activity its "
                "minutes, e.g. '### Warm-up (5 min)'",
                "warning",
            )
        ]
    total = sum(m for m, _ in minutes)
    if total != duration:
        return [
            Problem(
                file,
                section.line,
                f"activity minutes add up to {total}, but duration_minutes is {duration}",
                "warning",
            )
        ]
    return []


def _fenced_ranges(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of fenced code blocks."""
    if ("`" not in body or "```" not in body) and ("~" not in body or "~~~" not in body):
        return []  # single-character scans are much faster than "```" in body
    ranges: list[tuple[int, int]] = []
    offset, opened = 0, -1
    for raw in body.split("\n"):
        if _FENCE_RE.match(raw):
            if opened < 0:
                opened = offset
            else:
                ranges.append((opened, offset + len(raw)))
                opened = -1
        offset += len(raw) + 1
    if opened >= 0:
        ranges.append((opened, len(body)))
    return ranges


class _Lines:
    """Map offsets in the body to file lines, and tell code from text."""

    def __init__(self, body: str, body_line: int) -> None:
        self.body = body
        self.body_line = body_line
        self.fences = _fenced_ranges(body)
        self._pos = 0
        self._line = body_line

    def line(self, offset: int) -> int:
        """File line of an offset; offsets must be asked for in increasing order per scan."""
        if offset < self._pos:
            self._pos, self._line = 0, self.body_line
        self._line += self.body.count("\n", self._pos, offset)
        self._pos = offset
        return self._line

    def in_code(self, offset: int) -> bool:
        """True inside a fenced block or an inline code span."""
        if any(start <= offset < end for start, end in self.fences):
            return True
        start = self.body.rfind("\n", 0, offset) + 1
        if "`" not in self.body[start:offset]:
            return False
        end = self.body.find("\n", offset)
        line = self.body[start : len(self.body) if end < 0 else end]
        return any(m.start() <= offset - start < m.end() for m in _CODE_SPAN_RE.finditer(line))


PLACEHOLDERS: tuple[str, ...] = ("county_cp", "tribal_agency", "navigator", "consultation_line")
"""Jurisdiction placeholders the app fills from the clinic's contacts (the same names as
screening.model.PLACEHOLDERS; a test keeps them equal)."""
# A word in braces, but not an attribute list such as {#anchor} or {.class}.
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


MAX_BRACKETS = 1_000
MAX_NESTING = 10
"""Lists and quotes nested deeper than this are refused: a lesson never needs them and
Markdown rendering recurses once per level."""
_NESTED_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<quotes>(?:>[ \t]?)*)(?:[-*+]|\d{1,9}[.)])?")


def check_nesting(body: str, body_line: int, file: str) -> list[Problem]:
    """The first line whose list or quote nesting is deeper than MAX_NESTING."""
    in_fence = False
    for offset, line in enumerate(body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or not line.strip():
            continue
        m = _NESTED_RE.match(line)
        assert m is not None  # every part of the pattern is optional
        indent = len(m["indent"].expandtabs(4))
        depth = max(indent // 2, m["quotes"].count(">"))
        if depth > MAX_NESTING:
            return [Problem(file, body_line + offset,
                            f"lists or quotes are nested deeper than {MAX_NESTING} levels",
                            "error")]
    return []


def check_markup(body: str, body_line: int, file: str) -> list[Problem]:
    """Raw HTML, images from remote addresses and links that will not be kept."""
    problems: list[Problem] = []
    lines = _Lines(body, body_line)

    def report(found: dict[int, list[str]], message: str, severity: Severity) -> None:
        for line, items in list(found.items())[:MAX_REPORTS_PER_KIND]:
            shown = ", ".join(dict.fromkeys(items))
            problems.append(Problem(file, line, message.format(shown), severity))

    if "<" in body:
        tags: dict[int, list[str]] = {}
        for m in _TAG_RE.finditer(body):
            if not lines.in_code(m.start()):
                tags.setdefault(lines.line(m.start()), []).append(_describe_tag(m))
        report(tags, "raw HTML is not allowed ({}); use Markdown", "error")
    if "!" in body:
        images: dict[int, list[str]] = {}
        for m in _INLINE_IMAGE_RE.finditer(body):
            if _REMOTE_RE.match(m[1]) and not lines.in_code(m.start()):
                images.setdefault(lines.line(m.start()), []).append(m[1])
        ref_images = list(_REF_IMAGE_RE.finditer(body))
        refs = (
            {m[1].strip().lower(): m[2] for m in _REF_DEF_RE.finditer(body)} if ref_images else {}
        )
        for m in ref_images:
            url = refs.get((m[2] or m[1]).strip().lower())
            if url is not None and _REMOTE_RE.match(url) and not lines.in_code(m.start()):
                images.setdefault(lines.line(m.start()), []).append(url)
        report(
            dict(sorted(images.items())), "image from a remote address is not allowed: {}", "error"
        )
    links: dict[int, list[str]] = {}  # the regex is faster than a '"](" in body' check
    for m in _LINK_RE.finditer(body):
        url = m[1]
        if m.start() > 0 and body[m.start() - 1] == "!":
            continue  # an image, checked above
        if not url.startswith(("#", "https://")) and not lines.in_code(m.start()):
            links.setdefault(lines.line(m.start()), []).append(url)
    report(
        links,
        "link {} will show as plain text: only https:// links and in-page #anchors are kept",
        "warning",
    )
    return problems


def check_placeholders(body: str, body_line: int, file: str) -> list[Problem]:
    """Words in braces that are not one of the jurisdiction placeholders."""
    lines = _Lines(body, body_line)
    unknown: dict[int, list[str]] = {}
    for m in _PLACEHOLDER_RE.finditer(body):
        if m[1] not in PLACEHOLDERS and not lines.in_code(m.start()):
            unknown.setdefault(lines.line(m.start()), []).append(m[0])
    names = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    return [
        Problem(file, line, f"unknown placeholder {', '.join(dict.fromkeys(items))}; "
                f"use one of {names}", "error")
        for line, items in list(unknown.items())[:MAX_REPORTS_PER_KIND]
    ]


def _describe_tag(match: re.Match[str]) -> str:
    if match[0].startswith("<!--"):
        return "an HTML comment"
    if match[2]:
        return f"<{match[1]}{match[2].lower()}>"
    return match[0]
