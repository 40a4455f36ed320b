"""`instrument score`: score a set of answers exactly as the screening flow does, for
checks and training, without saving anything. Next steps are filled from the clinic's
contacts when signed in (--user), else with the "ask your clinic lead" lines."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clinic_app.commands.common import open_store
from clinic_app.errors import ValidationError
from clinic_app.i18n import _, current_language

if TYPE_CHECKING:
    from clinic_app.handouts.contacts import Contact

ANSWERS_MAX_BYTES = 1_000_000


def register(inst_sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    score = inst_sub.add_parser("score", help="score answers (nothing is saved)")
    score.add_argument("instrument", help="instrument id, e.g. youth-brief-screen")
    score.add_argument("--version", help="instrument version (default: the newest)")
    score.add_argument("--age", type=int, required=True, help="the student's age in years")
    score.add_argument("--answers", type=Path, required=True,
                       help="JSON file: an object of item id to answer")
    score.add_argument("--json", action="store_true", help="print JSON")
    score.set_defaults(func=cmd_instrument_score)


def _read_answers(path: Path) -> dict[str, str]:
    try:
        if path.stat().st_size > ANSWERS_MAX_BYTES:
            raise ValidationError(_("{path}: the answers file is too large.").format(path=path))
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(_("There is no file {path}.").format(path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_("{path}: not valid JSON ({reason}).").format(
            path=path, reason=exc)) from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValidationError(_("{path}: the answers must be a JSON object of item id to "
                                "answer text.").format(path=path))
    return data


def _instrument_and_contacts(args: argparse.Namespace) -> tuple[Any, list[Contact]]:
    import screening

    if args.user:
        store = open_store(args)
        try:
            installed = store.instruments()
            contacts = store.referral_contacts()
        finally:
            store.close()
    else:
        installed, _problems = screening.load_bundled()
        contacts = []
    versions = [i for i in installed if i.id == args.instrument]
    if not versions:
        raise ValidationError(_("There is no instrument '{id}'.").format(id=args.instrument))
    if args.version:
        chosen = next((i for i in versions if i.version == args.version), None)
        if chosen is None:
            raise ValidationError(_("{id} has no version {version}.").format(
                id=args.instrument, version=args.version))
        return chosen, contacts
    return screening.latest(versions, args.instrument), contacts


def cmd_instrument_score(args: argparse.Namespace) -> int:
    import screening
    from clinic_app.jurisdiction import fill
    from clinic_app.store.screenings import AGES, evaluate

    if args.age not in AGES:
        raise ValidationError(_("Age: use an age from {low} to {high} years.").format(
            low=AGES.start, high=AGES.stop - 1))
    answers = _read_answers(args.answers)
    instrument, contacts = _instrument_and_contacts(args)
    outcome = evaluate(instrument, answers, args.age)
    lang = current_language()
    note = screening.age_note(instrument, args.age)
    result = {
        "instrument": instrument.id,
        "version": instrument.version,
        "age": args.age,
        "level": outcome.level,
        "level_label": screening.label(outcome.level, lang),
        "drivers": list(outcome.drivers),
        "red_flags": list(outcome.red_flags),
        "not_assessed": list(outcome.not_assessed),
        "decision_asked": outcome.decision_asked,
        "report_prompts": list(outcome.report_prompts),
        "age_note": note.get(lang) if note is not None else None,
        "next_steps": [{"text": fill(step.text.get(lang), contacts, lang),
                        "referral_handout": step.referral_handout,
                        "follow_up_days": step.follow_up_days} for step in outcome.steps],
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(_("Level: {level}").format(level=result["level_label"]))
    if outcome.drivers:
        print(_("Driven by: {items}").format(items=", ".join(outcome.drivers)))
    if outcome.not_assessed:
        print(_("Declined or unknown: {items}").format(items=", ".join(outcome.not_assessed)))
    print(_("Report decision asked: yes") if outcome.decision_asked
          else _("Report decision asked: no"))
    if note is not None:
        print(note.get(lang))
    for step in result["next_steps"]:
        print(f"- {step['text']}")
    return 0
