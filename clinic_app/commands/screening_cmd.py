"""`instrument list|validate|import`, `screening list`, `demo-data`."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from clinic_app.commands import score_cmd
from clinic_app.commands.common import open_store
from clinic_app.errors import ValidationError
from clinic_app.i18n import _

if TYPE_CHECKING:
    from screening import Instrument


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    instrument = sub.add_parser("instrument", help="screening instruments")
    inst_sub = instrument.add_subparsers(dest="instrument_command", required=True)
    listing = inst_sub.add_parser("list", help="installed instruments and their versions")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_instrument_list)
    validate = inst_sub.add_parser("validate", help="check an instrument file")
    validate.add_argument("path", type=Path)
    validate.set_defaults(func=cmd_instrument_validate)
    imp = inst_sub.add_parser("import", help="install an instrument file")
    imp.add_argument("path", type=Path)
    imp.set_defaults(func=cmd_instrument_import)
    score_cmd.register(inst_sub)

    screening_parser = sub.add_parser("screening", help="screening records")
    scr_sub = screening_parser.add_subparsers(dest="screening_command", required=True)
    scr_list = scr_sub.add_parser("list", help="screening records (no free text)")
    scr_list.add_argument("--json", action="store_true")
    scr_list.add_argument("--limit", type=int, default=1000)
    scr_list.set_defaults(func=cmd_screening_list)

    demo = sub.add_parser("demo-data", help="synthetic records for training and benchmarks")
    demo.add_argument("--screenings", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(func=cmd_demo_data)


class _VersionEntry(TypedDict):
    version: str
    languages: dict[str, str]
    validation_status: str


class _InstrumentEntry(TypedDict):
    id: str
    title: str
    versions: list[_VersionEntry]


def _instrument_listing(instruments: list[Instrument]) -> list[_InstrumentEntry]:
    by_id: dict[str, _InstrumentEntry] = {}
    for instrument in instruments:
        entry = by_id.setdefault(instrument.id, {"id": instrument.id,
                                                 "title": instrument.title.en, "versions": []})
        statuses = dict(instrument.translation_status)
        entry["versions"].append({
            "version": instrument.version,
            "languages": {code: statuses.get(code, "source" if code == "en" else "draft")
                          for code in ("en", "es", "hmn", "so")},
            "validation_status": instrument.validation_status,
        })
    return list(by_id.values())


def cmd_instrument_list(args: argparse.Namespace) -> int:
    """Installed versions come from the store when signed in, else the bundled ones."""
    import screening

    if args.user:
        store = open_store(args)
        try:
            instruments = store.instruments()
        finally:
            store.close()
    else:
        instruments, _problems = screening.load_bundled()
    listing = _instrument_listing(instruments)
    if args.json:
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    for entry in listing:
        versions = ", ".join(v["version"] for v in entry["versions"])
        print(f"{entry['id']}\t{versions}\t{entry['title']}")
    return 0


def cmd_instrument_validate(args: argparse.Namespace) -> int:
    import screening

    if not args.path.is_file():
        raise ValidationError(_("There is no file {path}.").format(path=args.path))
    problems = screening.validate_file(args.path)
    if problems:
        for problem in problems:
            print(str(problem))
        raise ValidationError(_("{path}: {n} problem(s) found.").format(
            path=args.path, n=len(problems)))
    print(_("{path}: no problems found.").format(path=args.path))
    return 0


def cmd_instrument_import(args: argparse.Namespace) -> int:
    if not args.path.is_file():
        raise ValidationError(_("There is no file {path}.").format(path=args.path))
    store = open_store(args)
    try:
        instrument, added = store.import_instrument(args.path)
    finally:
        store.close()
    if added:
        print(_("Installed {id} {version}.").format(id=instrument.id, version=instrument.version))
    else:
        print(_("{id} {version} is already installed; nothing changed.").format(
            id=instrument.id, version=instrument.version))
    return 0


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def cmd_screening_list(args: argparse.Namespace) -> int:
    from clinic_app.store.screenings import RecordFilter

    store = open_store(args)
    try:
        rows = store.list_screenings(RecordFilter(), limit=max(1, args.limit))
    finally:
        store.close()
    if args.json:
        print(json.dumps([{k: _json_value(v) for k, v in dataclasses.asdict(r).items()}
                          for r in rows], indent=1))
        return 0
    for row in rows:
        print(f"{row.record_code}\t{row.screened_on}\t{row.site}\t{row.level}")
    return 0


def cmd_demo_data(args: argparse.Namespace) -> int:
    from clinic_app.store import demo

    store = open_store(args)
    try:
        added = demo.generate(store, args.screenings, args.seed)
    finally:
        store.close()
    print(_("Added {n} synthetic screenings.").format(n=added))
    return 0
