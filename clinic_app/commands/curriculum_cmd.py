"""`curriculum list | validate | import`: the lesson library from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from clinic_app.commands.common import open_store
from clinic_app.i18n import _
from clinic_app.services.lessons import LessonsService, problem_line

if TYPE_CHECKING:
    from curriculum import Problem


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    curriculum = sub.add_parser("curriculum", help="lessons: list, validate, import packs")
    curriculum_sub = curriculum.add_subparsers(dest="curriculum_command", required=True)
    listing = curriculum_sub.add_parser(
        "list", help="lessons, versions, languages and translation status")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_list)
    validate = curriculum_sub.add_parser(
        "validate", help="check a lesson file, a pack folder or a pack .zip")
    validate.add_argument("path", type=Path)
    validate.set_defaults(func=cmd_validate)
    install = curriculum_sub.add_parser(
        "import", help="install a lesson pack (validated first, never partial)")
    install.add_argument("pack", type=Path)
    install.set_defaults(func=cmd_import)


def _print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        print(problem_line(problem), file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    service = LessonsService(args.data_dir)
    listing = service.library.listing()
    _print_problems(service.load_problems)
    if args.json:
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    for lesson in listing:
        print(_("{id}: {title} (grades {band})").format(
            id=lesson["id"], title=lesson["title"], band=lesson["grade_band"]))
        versions = lesson["versions"]
        assert isinstance(versions, list)
        for version in versions:
            statuses = ", ".join(f"{code} {status}"
                                 for code, status in version["languages"].items())
            print(f"    {version['version']}  {statuses}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    report = LessonsService(args.data_dir).validate(args.path)
    _print_problems(report.problems)
    if not report.ok:
        errors = sum(p.is_error for p in report.problems)
        print(_("{path}: {count} error(s) found.").format(path=args.path, count=errors),
              file=sys.stderr)
        return 1
    print(_("{path}: OK, {files} lesson file(s) in {lessons} lesson(s), no errors.").format(
        path=args.path, files=report.files, lessons=report.lessons))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        result = LessonsService(args.data_dir, store).import_pack(args.pack)
    finally:
        store.close()
    _print_problems(result.problems)
    if not result.ok:
        print(_("{pack}: not installed; nothing was changed.").format(pack=args.pack),
              file=sys.stderr)
        return 1
    if not result.added:
        print(_("{pack}: already installed; nothing to do.").format(pack=args.pack))
        return 0
    print(_("{pack}: installed {count} lesson file(s):").format(
        pack=args.pack, count=len(result.added)))
    for relpath in result.added:
        print(f"    {relpath}")
    return 0
