"""Score answers against an instrument: level, the items that drove it, and next steps.

Scoring is a pure function of (instrument, answers). "declined" and "unknown" never
count towards any rule, and an unanswered item counts as "unknown". They are not "no"
either: when a red flag or more than half of the items were not assessed and no rule
raised concern, the result is Incomplete (not assessed), never "none".

The level is not the report decision. `Result.decision_asked` says whether the
professional must be asked for one (a red flag or report-prompt item answered above
"no", or a Clear level); the decision itself is theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from screening.levels import CLEAR, HIGHEST, INCOMPLETE, NONE, check_outcome, highest
from screening.model import (
    ABOVE_NO,
    AGE_GROUPS,
    NON_ANSWERS,
    NOTE,
    NOTE_MAX_LENGTH,
    SINGLE_CHOICE,
    UNKNOWN,
    YES,
    CountRule,
    DomainSumRule,
    Instrument,
    Item,
    NextStep,
    Text,
)


class AnswerError(ValueError):
    """An answer names an unknown item or is not a possible answer to its item."""


@dataclass(frozen=True)
class Result:
    """The outcome of one screening under one instrument version."""

    instrument_id: str
    instrument_version: str
    level: str
    drivers: tuple[str, ...]
    """Item ids that raised the result to `level`, in definition order (empty for none)."""
    red_flags_hit: tuple[str, ...]
    yes_count: int
    """Items answered yes, across the whole instrument."""
    domain_sums: tuple[tuple[str, int], ...]
    """(section id, points) for every domain named by a domain_sum rule."""
    declined: tuple[str, ...]
    unanswered: tuple[str, ...]
    not_assessed: tuple[str, ...] = ()
    """Items (not notes) declined, unknown or left unanswered, in definition order."""
    report_prompts: tuple[str, ...] = ()
    """Red-flag and report-prompt items answered above "no", in definition order."""
    decision_asked: bool = False
    """True when the professional must record a report decision."""


def check_answers(instrument: Instrument, answers: Mapping[str, str]) -> None:
    """Raise AnswerError unless every answer fits its item."""
    items = {item.id: item for item in instrument.items()}
    for item_id, answer in answers.items():
        item = items.get(item_id)
        if item is None:
            raise AnswerError(f"{instrument.id} {instrument.version} has no item {item_id!r}")
        if item.type == NOTE:
            if not isinstance(answer, str) or len(answer) > NOTE_MAX_LENGTH:
                raise AnswerError(f"note {item_id!r} must be text of {NOTE_MAX_LENGTH} or fewer")
        elif answer not in item.answer_values():
            raise AnswerError(
                f"{answer!r} is not an answer to {item_id!r}; "
                f"expected one of {', '.join(item.answer_values())}"
            )


def _points(rule: DomainSumRule, item: Item, answer: str) -> int:
    if item.type == NOTE:
        return 0
    if item.type == SINGLE_CHOICE:
        return next((o.points for o in item.options if o.id == answer), 0)
    return rule.points_for(answer)


def _level_for(rule: DomainSumRule, points: int) -> str:
    return next((band.level for band in rule.bands if band.contains(points)), NONE)


def _domain_rule(
    instrument: Instrument, rule: DomainSumRule, answers: Mapping[str, str]
) -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, int]]:
    """(level, driver ids) contributions and the per-domain sums of one domain_sum rule."""
    sums: dict[str, int] = {}
    scored: dict[str, tuple[str, ...]] = {}
    for domain in rule.domains:
        section = instrument.section(domain)
        points = {i.id: _points(rule, i, answers.get(i.id, UNKNOWN)) for i in section.items}
        sums[domain] = sum(points.values())
        scored[domain] = tuple(item_id for item_id, p in points.items() if p > 0)
    if rule.combine == "each":
        contributions = [(_level_for(rule, sums[d]), scored[d]) for d in rule.domains]
    else:
        total = sum(sums.values())
        contributions = [(_level_for(rule, total), sum((scored[d] for d in rule.domains), ()))]
    return contributions, sums


def score(instrument: Instrument, answers: Mapping[str, str]) -> Result:
    """Score `answers` (item id -> answer) under `instrument`.

    The level is the highest reached by any rule; a red-flag item answered yes
    forces the highest level. Raises AnswerError for answers that do not fit.
    """
    check_answers(instrument, answers)
    items = instrument.items()
    order = {item.id: n for n, item in enumerate(items)}
    contributions: list[tuple[str, tuple[str, ...]]] = []
    domain_sums: dict[str, int] = {}

    red_flags_hit = tuple(
        item.id for item in items if item.id in instrument.scoring.red_flags
        and answers.get(item.id) == YES
    )
    if red_flags_hit:
        contributions.append((HIGHEST, red_flags_hit))
    for rule in instrument.scoring.rules:
        if isinstance(rule, CountRule):
            counted = tuple(i for i in rule.items if answers.get(i, UNKNOWN) in rule.answers)
            if len(counted) >= rule.at_least:
                contributions.append((rule.level, counted))
        else:
            found, sums = _domain_rule(instrument, rule, answers)
            contributions.extend(found)
            for domain, points in sums.items():
                domain_sums.setdefault(domain, points)

    level = highest([lvl for lvl, _ in contributions])
    drivers: set[str] = set()
    if level != NONE:
        for lvl, ids in contributions:
            if lvl == level:
                drivers.update(ids)
    scored = [item for item in items if item.type != NOTE]
    not_assessed = tuple(i.id for i in scored if answers.get(i.id, UNKNOWN) in NON_ANSWERS)
    if level == NONE and _incomplete(instrument, scored, set(not_assessed)):
        level = INCOMPLETE
    prompting = set(instrument.scoring.red_flags) | set(instrument.scoring.report_prompts)
    report_prompts = tuple(
        i.id for i in scored if i.id in prompting and answers.get(i.id) in ABOVE_NO
    )
    return Result(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        level=level,
        drivers=tuple(sorted(drivers, key=order.__getitem__)),
        red_flags_hit=red_flags_hit,
        yes_count=sum(1 for item in items if item.type != NOTE and answers.get(item.id) == YES),
        domain_sums=tuple(
            (s.id, domain_sums[s.id]) for s in instrument.sections if s.id in domain_sums
        ),
        declined=tuple(i.id for i in items if answers.get(i.id) == "declined"),
        unanswered=tuple(i.id for i in items if i.id not in answers),
        not_assessed=not_assessed,
        report_prompts=report_prompts,
        decision_asked=bool(report_prompts) or level == CLEAR,
    )


def _incomplete(instrument: Instrument, scored: list[Item], not_assessed: set[str]) -> bool:
    """A red flag, or more than half of the scored items, was not assessed."""
    if any(flag in not_assessed for flag in instrument.scoring.red_flags):
        return True
    return len(not_assessed) * 2 > len(scored)


def age_group(age: int) -> str:
    """'under-18' or '18-24' for an age in years; ValueError outside 0 to 24."""
    if not 0 <= age <= 24:
        raise ValueError(f"age {age} is outside the 0 to 24 years the next steps cover")
    return AGE_GROUPS[0] if age < 18 else AGE_GROUPS[1]


def next_steps_for(
    instrument: Instrument, level: str, age: int, answers: Mapping[str, str] | None = None
) -> tuple[NextStep, ...]:
    """The instrument's next steps for `level` and a student of `age` years, in file order.

    A step tied to items is included only when `answers` has one of them above "no".
    """
    check_outcome(level)
    group = age_group(age)
    given = answers or {}
    return tuple(
        step
        for step in instrument.next_steps
        if step.applies_to(level, group)
        and (not step.items or any(given.get(i) in ABOVE_NO for i in step.items))
    )


def age_note(instrument: Instrument, age: int) -> Text | None:
    """The instrument's note for a student younger than its validated ages, if any."""
    below = instrument.age_note_below
    if instrument.age_note is None or below is None or age >= below:
        return None
    return instrument.age_note

