"""`i18n status`: per language, how much of the UI and of the bundled content is
translated, and the review status of each."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import asdict
from typing import Any

from clinic_app.i18n import LANGUAGES, _, catalog_status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i18n = sub.add_parser("i18n", help="translation coverage and review status")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", required=True)
    status = i18n_sub.add_parser("status", help="per language: coverage and review status")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=cmd_status)


def content_status() -> dict[str, dict[str, Any]]:
    """Per language: lesson files by translation status (newest versions) and the
    instruments' translation status."""
    import curriculum
    import screening

    library, _lesson_problems = curriculum.load_library(curriculum.bundled_lessons_root())
    lessons: dict[str, Counter[str]] = {code: Counter() for code in LANGUAGES}
    for entry in library.listing():
        newest = entry["versions"][-1]  # type: ignore[index]
        for code in LANGUAGES:
            lessons[code][newest["languages"].get(code, "missing")] += 1
    instruments, _instrument_problems = screening.load_bundled()
    result: dict[str, dict[str, Any]] = {}
    for code in LANGUAGES:
        result[code] = {
            "lessons": dict(lessons[code]),
            "instruments": {f"{i.id}@{i.version}": dict(i.translation_status).get(
                code, "source" if code == "en" else "missing") for i in instruments},
        }
    return result


def cmd_status(args: argparse.Namespace) -> int:
    rows = catalog_status()
    content = content_status()
    if args.json:
        print(json.dumps([asdict(r) | {"missing": r.missing, "content": content[r.language]}
                          for r in rows], indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(_("{name} ({code}): {done} of {total} UI strings translated; review status: {review}")
              .format(name=row.name, code=row.language, done=row.translated, total=row.total,
                      review=row.review_status))
        lessons = ", ".join(f"{count} {status}" for status, count in
                            sorted(content[row.language]["lessons"].items()))
        print("  " + _("Lessons (newest versions): {summary}").format(summary=lessons))
    return 0
