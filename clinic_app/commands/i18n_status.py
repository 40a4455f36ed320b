"""`i18n status`: per language, how much of the UI is translated and who reviewed it."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from clinic_app.i18n import _, catalog_status


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i18n = sub.add_parser("i18n", help="translation coverage and review status")
    i18n_sub = i18n.add_subparsers(dest="i18n_command", required=True)
    status = i18n_sub.add_parser("status", help="per language: coverage and review status")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    rows = catalog_status()
    if args.json:
        print(json.dumps([asdict(r) | {"missing": r.missing} for r in rows], indent=2,
                         ensure_ascii=False))
        return 0
    for row in rows:
        print(_("{name} ({code}): {done} of {total} UI strings translated; review status: {review}")
              .format(name=row.name, code=row.language, done=row.translated, total=row.total,
                      review=row.review_status))
    return 0
