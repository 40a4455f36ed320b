"""The instrument model: frozen dataclasses built by the loader, read by everything else."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES: tuple[str, ...] = ("en", "es", "hmn", "so")
"""Every translatable text carries these four languages; English is the source."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "hmn": "Hmong",
    "so": "Somali",
}

KINDS: tuple[str, ...] = ("youth-brief-screen", "staff-indicators")
RESPONDENTS: tuple[str, ...] = ("youth", "staff")
VALIDATION_STATUSES: tuple[str, ...] = ("not-validated", "in-validation", "validated")
TRANSLATION_STATUSES: tuple[str, ...] = ("draft", "reviewed")
AGE_GROUPS: tuple[str, ...] = ("under-18", "18-24")
"""Who a next step is for. `any` in a definition stands for both."""

YES_NO = "yes_no"
RATING = "rating"
SINGLE_CHOICE = "single_choice"
NOTE = "note"
ITEM_TYPES: tuple[str, ...] = (YES_NO, RATING, SINGLE_CHOICE, NOTE)

YES = "yes"
NO = "no"
POSSIBLE = "possible"
DECLINED = "declined"
UNKNOWN = "unknown"
NON_ANSWERS: tuple[str, ...] = (DECLINED, UNKNOWN)
"""Answers that record why there is no answer; they never count towards a level, and
too many of them make the result Incomplete (not assessed)."""
ABOVE_NO: tuple[str, ...] = (YES, POSSIBLE)
"""Answers that indicate something: a report-prompt item answered so asks for a decision."""

NOTE_MAX_LENGTH = 500

PLACEHOLDERS: tuple[str, ...] = ("county_cp", "tribal_agency", "navigator", "consultation_line")
"""Jurisdiction placeholders a text may hold, e.g. "{county_cp}": the app fills them from
the clinic's own contacts, so released content never names a county."""


@dataclass(frozen=True)
class Text:
    """One translatable string in every supported language."""

    en: str
    es: str
    hmn: str
    so: str

    def get(self, lang: str) -> str:
        """Return the text in `lang`, falling back to English when it is empty or unknown."""
        value = getattr(self, lang, "") if lang in LANGUAGES else ""
        return value or self.en

    def items(self) -> tuple[tuple[str, str], ...]:
        """Return (language, text) pairs in the order of LANGUAGES."""
        return tuple((lang, getattr(self, lang)) for lang in LANGUAGES)


@dataclass(frozen=True)
class Option:
    """One choice of a single_choice item."""

    id: str
    label: Text
    points: int = 0


@dataclass(frozen=True)
class Item:
    """One question (youth-answered) or indicator (staff-rated)."""

    id: str
    type: str
    text: Text
    guidance: Text
    options: tuple[Option, ...] = ()

    def answer_values(self) -> tuple[str, ...]:
        """Every answer this item accepts (empty for a free-text note)."""
        if self.type == YES_NO:
            return (YES, NO, *NON_ANSWERS)
        if self.type == RATING:
            return (NO, POSSIBLE, YES, *NON_ANSWERS)
        if self.type == SINGLE_CHOICE:
            return (*(option.id for option in self.options), *NON_ANSWERS)
        return ()


@dataclass(frozen=True)
class Section:
    """A group of items asked together; scoring rules call it a domain."""

    id: str
    title: Text
    items: tuple[Item, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class CountRule:
    """`at_least` of `items` answered with one of `answers` gives `level`."""

    items: tuple[str, ...]
    answers: tuple[str, ...]
    at_least: int
    level: str


@dataclass(frozen=True)
class Band:
    """A range of points (max None = no upper bound) mapped to a level."""

    min: int
    max: int | None
    level: str

    def contains(self, points: int) -> bool:
        """True when `points` falls inside this band."""
        return points >= self.min and (self.max is None or points <= self.max)


@dataclass(frozen=True)
class DomainSumRule:
    """Points per answer summed over domains and mapped to a level through bands.

    combine = "total": one sum over all listed domains; "each": every domain on its
    own, and the highest domain level wins.
    """

    domains: tuple[str, ...]
    points: tuple[tuple[str, int], ...]
    bands: tuple[Band, ...]
    combine: str = "total"

    def points_for(self, answer: str) -> int:
        """Points for an answer value (0 when not listed)."""
        return dict(self.points).get(answer, 0)


Rule = CountRule | DomainSumRule


@dataclass(frozen=True)
class Scoring:
    """Red-flag items (a yes forces the highest level), the scoring rules, and the items
    whose answer above "no" asks the professional for a report decision."""

    red_flags: tuple[str, ...]
    rules: tuple[Rule, ...]
    report_prompts: tuple[str, ...] = field(default=(), metadata={"added": "1.1.0"})


@dataclass(frozen=True)
class NextStep:
    """What staff should do for one or more levels and an age group.

    A step with `items` is shown only when one of those items was answered above
    "no" (yes, or possible for a rating), e.g. the "who and when" step of a
    forced-sex disclosure.
    """

    levels: tuple[str, ...]
    ages: str
    text: Text
    mandated_report: bool = False
    referral_handout: bool = False
    follow_up_days: int | None = None
    items: tuple[str, ...] = field(default=(), metadata={"added": "1.1.0"})

    @property
    def level(self) -> str:
        """The first level this step is for (most steps have one)."""
        return self.levels[0] if self.levels else ""

    def applies_to(self, level: str, age_group: str) -> bool:
        """True when this step is meant for `level` and `age_group` (ignoring `items`)."""
        return level in self.levels and self.ages in ("any", age_group)


@dataclass(frozen=True)
class ChangelogEntry:
    """One released version and what changed in it."""

    version: str
    date: str
    changes: str


@dataclass(frozen=True)
class Instrument:
    """One version of a screening instrument, exactly as defined in its file."""

    format: int
    id: str
    version: str
    released: str
    kind: str
    respondent: str
    validation_status: str
    translation_status: tuple[tuple[str, str], ...]
    title: Text
    notice: Text
    privacy_script: Text
    sections: tuple[Section, ...]
    scoring: Scoring
    next_steps: tuple[NextStep, ...]
    sources: tuple[str, ...]
    changelog: tuple[ChangelogEntry, ...]
    age_note: Text | None = field(default=None, metadata={"added": "1.1.0"})
    """Shown to staff when the student is younger than `age_note_below`."""
    age_note_below: int | None = field(default=None, metadata={"added": "1.1.0"})
    source: str = field(default="", compare=False)
    """Where the definition was read from; not part of its content."""

    @property
    def key(self) -> tuple[str, str]:
        """(id, version): what a screening record stores to name its instrument."""
        return (self.id, self.version)

    def items(self) -> tuple[Item, ...]:
        """All items in definition order."""
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item:
        """The item with `item_id`; KeyError when there is none."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def section(self, section_id: str) -> Section:
        """The section (domain) with `section_id`; KeyError when there is none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)
