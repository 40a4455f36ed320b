"""Check what a parsed definition means: ids, versions, translations, scoring, next steps."""

from __future__ import annotations

import re
from collections.abc import Iterator

from screening.levels import LEVELS, NONE, OUTCOMES
from screening.model import (
    AGE_GROUPS,
    ITEM_TYPES,
    KINDS,
    LANGUAGE_NAMES,
    LANGUAGES,
    NON_ANSWERS,
    NOTE,
    PLACEHOLDERS,
    POSSIBLE,
    RATING,
    RESPONDENTS,
    SINGLE_CHOICE,
    TRANSLATION_STATUSES,
    VALIDATION_STATUSES,
    YES,
    YES_NO,
    Band,
    CountRule,
    DomainSumRule,
    Instrument,
    Item,
    Text,
)
from screening.problems import Problem
from screening.versions import is_semver

SUPPORTED_FORMATS = (1,)
# Bounds a real instrument stays far inside; each keeps a hostile file from making
# every later list, score or render slow.
MAX_SECTIONS = 50
MAX_ITEMS = 300
MAX_OPTIONS = 20
MAX_NEXT_STEPS = 100
MAX_TEXT_CHARS = 4_000
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_KIND_RESPONDENT = {"youth-brief-screen": "youth", "staff-indicators": "staff"}
_PLACEHOLDER = re.compile(r"\{([^{}#\s]*)\}")


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class _Checker:
    def __init__(self, instrument: Instrument) -> None:
        self.ins = instrument
        self.problems: list[Problem] = []
        self.items: dict[str, Item] = {}
        self.domains: dict[str, tuple[Item, ...]] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.ins.source, path, message))

    def check_id(self, value: str, path: str, what: str) -> None:
        if not _ID.fullmatch(value):
            self.add(
                path,
                f"The {what} id '{value}' must use lowercase letters, digits and single hyphens.",
            )

    def check_choice(self, value: str, allowed: tuple[str, ...], path: str, what: str) -> None:
        if value not in allowed:
            self.add(path, f"Unknown {what} '{value}'; expected one of {_one_of(allowed)}.")

    def run(self) -> list[Problem]:
        self.check_header()
        self.check_texts()
        self.check_sections()
        self.check_scoring()
        self.check_next_steps()
        return self.problems

    def check_header(self) -> None:
        ins = self.ins
        if ins.format not in SUPPORTED_FORMATS:
            self.add("format", f"Format {ins.format} is not supported; this app reads format 1.")
        self.check_id(ins.id, "id", "instrument")
        if not is_semver(ins.version):
            self.add(
                "version",
                f"The version '{ins.version}' is not a semantic version like 1.0.0 "
                "(three whole numbers separated by dots).",
            )
        self.check_choice(ins.kind, KINDS, "kind", "kind")
        self.check_choice(ins.respondent, RESPONDENTS, "respondent", "respondent")
        expected = _KIND_RESPONDENT.get(ins.kind)
        if expected and ins.respondent in RESPONDENTS and ins.respondent != expected:
            self.add("respondent", f"A '{ins.kind}' instrument is answered by '{expected}'.")
        self.check_choice(
            ins.validation_status, VALIDATION_STATUSES, "validation_status", "validation status"
        )
        status = dict(ins.translation_status)
        for lang in LANGUAGES[1:]:
            if lang not in status:
                self.add(
                    f"translation_status.{lang}",
                    f"The review status of the {LANGUAGE_NAMES[lang]} translation is missing.",
                )
        for lang, value in ins.translation_status:
            path = f"translation_status.{lang}"
            if lang == "en":
                if value != "source":
                    self.add(path, "English is the source language; its status must be 'source'.")
            elif lang not in LANGUAGES:
                self.add(path, f"Unknown language '{lang}'; expected one of {_one_of(LANGUAGES)}.")
            else:
                self.check_choice(value, TRANSLATION_STATUSES, path, "translation status")
        if not ins.sources:
            self.add("sources", "List at least one source the instrument is based on.")
        versions = [entry.version for entry in ins.changelog]
        for i, version in enumerate(versions):
            if not is_semver(version):
                self.add(f"changelog[{i}].version", f"'{version}' is not a version like 1.0.0.")
            elif version in versions[:i]:
                self.add(f"changelog[{i}].version", f"Version {version} is listed twice.")
        if is_semver(ins.version) and ins.version not in versions:
            self.add("changelog", f"The changelog has no entry for version {ins.version}.")

    def texts(self) -> Iterator[tuple[str, Text]]:
        ins = self.ins
        yield "title", ins.title
        yield "notice", ins.notice
        yield "privacy_script", ins.privacy_script
        for s, section in enumerate(ins.sections):
            yield f"sections[{s}].title", section.title
            if section.intro is not None:
                yield f"sections[{s}].intro", section.intro
            for i, item in enumerate(section.items):
                path = f"sections[{s}].items[{i}]"
                yield f"{path}.text", item.text
                yield f"{path}.guidance", item.guidance
                for o, option in enumerate(item.options):
                    yield f"{path}.options[{o}].label", option.label
        for n, step in enumerate(ins.next_steps):
            yield f"next_steps[{n}].text", step.text
        if ins.age_note is not None:
            yield "age_note", ins.age_note

    def check_texts(self) -> None:
        for path, text in self.texts():
            for lang, value in text.items():
                if len(value) > MAX_TEXT_CHARS:
                    self.add(f"{path}.{lang}", f"The text is longer than {MAX_TEXT_CHARS:,} "
                             "characters.")
                    continue
                if not value.strip():
                    self.add(
                        f"{path}.{lang}",
                        f"The {LANGUAGE_NAMES[lang]} ({lang}) translation is missing or empty.",
                    )
                for name in _PLACEHOLDER.findall(value):
                    if name in PLACEHOLDERS and not path.startswith("next_steps"):
                        self.add(f"{path}.{lang}", f"The placeholder '{{{name}}}' is filled "
                                 "only in next steps; name the contact in words here.")
                    elif name not in PLACEHOLDERS:
                        self.add(
                            f"{path}.{lang}",
                            f"Unknown placeholder '{{{name}}}'; expected one of "
                            + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                            + ".",
                        )
        note, below = self.ins.age_note, self.ins.age_note_below
        if (note is None) != (below is None):
            self.add("age_note", "age_note and age_note_below go together: give both or neither.")
        elif below is not None and not 11 <= below <= 24:
            self.add("age_note_below", "age_note_below must be an age from 11 to 24.")

    def check_sections(self) -> None:
        if not self.ins.sections:
            self.add("sections", "The instrument has no sections.")
        if len(self.ins.sections) > MAX_SECTIONS:
            self.add("sections", f"More than {MAX_SECTIONS} sections; an instrument has fewer.")
        if len(self.ins.items()) > MAX_ITEMS:
            self.add("sections", f"More than {MAX_ITEMS} items; an instrument has fewer.")
        if len(self.ins.next_steps) > MAX_NEXT_STEPS:
            self.add("next_steps", f"More than {MAX_NEXT_STEPS} next steps.")
        for s, section in enumerate(self.ins.sections):
            path = f"sections[{s}]"
            self.check_id(section.id, f"{path}.id", "section")
            if section.id in self.domains:
                self.add(f"{path}.id", f"The section id '{section.id}' is used twice.")
            self.domains[section.id] = section.items
            if not section.items:
                self.add(f"{path}.items", f"The section '{section.id}' has no items.")
            for i, item in enumerate(section.items):
                self.check_item(item, f"{path}.items[{i}]")

    def check_item(self, item: Item, path: str) -> None:
        self.check_id(item.id, f"{path}.id", "item")
        if item.id in self.items:
            self.add(f"{path}.id", f"The item id '{item.id}' is used twice; ids must be unique.")
        else:
            self.items[item.id] = item
        self.check_choice(item.type, ITEM_TYPES, f"{path}.type", "item type")
        if len(item.options) > MAX_OPTIONS:
            self.add(f"{path}.options", f"More than {MAX_OPTIONS} options.")
        if item.type == SINGLE_CHOICE and len(item.options) < 2:
            self.add(f"{path}.options", "A single_choice item needs at least two options.")
        if item.type != SINGLE_CHOICE and item.options:
            self.add(f"{path}.options", "Only single_choice items have options.")
        seen: set[str] = set()
        for o, option in enumerate(item.options):
            opath = f"{path}.options[{o}]"
            self.check_id(option.id, f"{opath}.id", "option")
            if option.id in seen or option.id in NON_ANSWERS:
                self.add(f"{opath}.id", f"The option id '{option.id}' is used twice or reserved.")
            seen.add(option.id)
            if option.points < 0:
                self.add(f"{opath}.points", "Points cannot be negative.")

    def known_level(self, level: str, path: str) -> bool:
        if level not in LEVELS:
            self.add(path, f"Unknown level '{level}'; expected one of {_one_of(LEVELS)}.")
            return False
        return True

    def check_answerable(self, ids: tuple[str, ...], field: str, what: str,
                         adjective: str) -> None:
        """Each id names a yes_no or rating item, once."""
        for n, item_id in enumerate(ids):
            path = f"{field}[{n}]"
            item = self.items.get(item_id)
            if item is None:
                self.add(path, f"The {what} refers to an item '{item_id}' that does not exist.")
            elif item.type not in (YES_NO, RATING):
                self.add(path, f"The {adjective} item '{item_id}' must be a yes_no or rating "
                         "item.")
            if item_id in ids[:n]:
                self.add(path, f"The {what} '{item_id}' is listed twice.")

    def check_scoring(self) -> None:
        scoring = self.ins.scoring
        self.check_answerable(scoring.red_flags, "scoring.red_flags", "red flag", "red-flag")
        self.check_answerable(scoring.report_prompts, "scoring.report_prompts", "report prompt",
                              "report-prompt")
        if not scoring.rules:
            self.add("scoring.rules", "The instrument has no scoring rules.")
        for r, rule in enumerate(scoring.rules):
            if isinstance(rule, CountRule):
                self.check_count_rule(rule, f"scoring.rules[{r}]")
            else:
                self.check_domain_rule(rule, f"scoring.rules[{r}]")

    def check_count_rule(self, rule: CountRule, path: str) -> None:
        if not rule.items:
            self.add(f"{path}.items", "A count rule must list the items it counts.")
        for i, item_id in enumerate(rule.items):
            item = self.items.get(item_id)
            if item is None:
                self.add(f"{path}.items[{i}]", f"The rule counts an unknown item '{item_id}'.")
            elif item.type == NOTE:
                self.add(f"{path}.items[{i}]", f"The note item '{item_id}' cannot be counted.")
            else:
                for answer in rule.answers:
                    if answer not in item.answer_values():
                        self.add(
                            f"{path}.answers",
                            f"'{answer}' is not a possible answer to item '{item_id}'.",
                        )
        for a, answer in enumerate(rule.answers):
            if answer in NON_ANSWERS:
                self.add(f"{path}.answers[{a}]", f"'{answer}' answers can never count as yes.")
        if not 1 <= rule.at_least <= max(len(rule.items), 1):
            self.add(
                f"{path}.at_least",
                f"at_least must be between 1 and the number of items ({len(rule.items)}).",
            )
        if self.known_level(rule.level, f"{path}.level") and rule.level == NONE:
            self.add(f"{path}.level", "A count rule must raise the level above 'none'.")

    def check_domain_rule(self, rule: DomainSumRule, path: str) -> None:
        if not rule.domains:
            self.add(f"{path}.domains", "A domain_sum rule must list its domains (section ids).")
        for d, domain in enumerate(rule.domains):
            if domain not in self.domains:
                self.add(
                    f"{path}.domains[{d}]",
                    f"The rule refers to a domain '{domain}' that is not a section id.",
                )
        self.check_choice(rule.combine, ("total", "each"), f"{path}.combine", "combine mode")
        for answer, points in rule.points:
            if answer not in (YES, POSSIBLE, "no"):
                self.add(
                    f"{path}.points.{answer}",
                    f"Points can only be given to 'yes', 'possible' and 'no', not '{answer}'.",
                )
            if points < 0:
                self.add(f"{path}.points.{answer}", "Points cannot be negative.")
        self.check_bands(rule.bands, f"{path}.bands")

    def check_bands(self, bands: tuple[Band, ...], path: str) -> None:
        if not bands:
            self.add(path, "The rule needs bands that map point totals to levels.")
            return
        if bands[0].min != 0:
            self.add(f"{path}[0].min", f"Points 0 to {bands[0].min - 1} have no level; start at 0.")
        previous_rank = 0
        for b, band in enumerate(bands):
            bpath = f"{path}[{b}]"
            if self.known_level(band.level, f"{bpath}.level"):
                if LEVELS.index(band.level) < previous_rank:
                    self.add(f"{bpath}.level", "Levels must not go down as points go up.")
                previous_rank = LEVELS.index(band.level)
            if band.max is not None and band.max < band.min:
                self.add(f"{bpath}.max", f"max ({band.max}) is below min ({band.min}).")
            if b + 1 < len(bands):
                if band.max is None:
                    self.add(f"{bpath}.max", "Only the last band may leave out max.")
                elif bands[b + 1].min != band.max + 1:
                    gap = "overlap" if bands[b + 1].min <= band.max else "gap"
                    self.add(
                        f"{path}[{b + 1}].min",
                        f"Level mapping {gap}: this band starts at {bands[b + 1].min} but the "
                        f"band before it ends at {band.max}; it should start at {band.max + 1}.",
                    )
            elif band.max is not None:
                self.add(
                    f"{bpath}.max",
                    f"Points above {band.max} have no level; leave out max on the last band.",
                )

    def check_next_steps(self) -> None:
        steps = self.ins.next_steps
        for n, step in enumerate(steps):
            path = f"next_steps[{n}]"
            if not step.levels:
                self.add(f"{path}.level", "A next step needs at least one level.")
            for level in step.levels:
                if level not in OUTCOMES:
                    self.add(
                        f"{path}.level",
                        f"Unknown level '{level}'; expected one of {_one_of(OUTCOMES)}.",
                    )
            self.check_choice(step.ages, (*AGE_GROUPS, "any"), f"{path}.ages", "age group")
            if step.follow_up_days is not None and step.follow_up_days < 1:
                self.add(f"{path}.follow_up_days", "follow_up_days must be 1 or more.")
            for i, item_id in enumerate(step.items):
                if item_id not in self.items:
                    self.add(f"{path}.items[{i}]", f"The step names an unknown item '{item_id}'.")
        # Every rule level needs a step for both age groups that does not depend on items.
        # The report duty is not a step: the app asks the professional for a decision.
        for level in LEVELS:
            for ages in AGE_GROUPS:
                if not any(s.applies_to(level, ages) and not s.items for s in steps):
                    self.add("next_steps", f"No next step for level '{level}' and ages {ages}.")


def validate(instrument: Instrument) -> list[Problem]:
    """Every problem with the meaning of a parsed definition; [] when it is sound."""
    return _Checker(instrument).run()
