"""`handout referral` and `handout lesson`: print-ready PDFs without opening the store."""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_app.i18n import LANGUAGES, ngettext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handout = sub.add_parser("handout", help="print-ready handouts (PDF)")
    kinds = handout.add_subparsers(dest="handout_command", required=True)
    codes = "|".join(LANGUAGES)

    referral = kinds.add_parser("referral", help="referral sheet or wallet cards")
    referral.add_argument("--lang", dest="handout_lang", required=True, metavar=codes,
                          help="language of the handout")
    referral.add_argument("--format", choices=["sheet", "card"], default="sheet")
    referral.add_argument("--page-size", choices=["letter", "a4"], default="letter",
                          help="paper for the sheet (cards are always Letter)")
    referral.add_argument("--sheets", type=int, default=1, help="sheets of cards (10 each)")
    referral.add_argument("--contacts", type=Path, default=None,
                          help="contacts JSON file (default: the shipped contacts)")
    referral.add_argument("--clinic-name", default="", help="clinic name for the sheet")
    referral.add_argument("--clinic-phone", default="", help="clinic phone for the sheet")
    referral.add_argument("--clinic-hours", default="", help="clinic hours for the sheet")
    referral.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    referral.set_defaults(func=cmd_referral)

    lesson = kinds.add_parser("lesson", help="a lesson's student handout and parent letter")
    lesson.add_argument("lesson_id", metavar="ID")
    lesson.add_argument("--version", default=None, help="lesson version (default: newest)")
    lesson.add_argument("--lang", dest="handout_lang", required=True, metavar=codes,
                        help="language of the handout")
    lesson.add_argument("--page-size", choices=["letter", "a4"], default="letter")
    lesson.add_argument("--no-parent-notice", action="store_true",
                        help="print the student handout only")
    lesson.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    lesson.set_defaults(func=cmd_lesson)


def _wrote(out: Path, pages: int) -> None:
    print(ngettext("Wrote {file} ({pages} page).", "Wrote {file} ({pages} pages).", pages)
          .format(file=out, pages=pages))


def cmd_referral(args: argparse.Namespace) -> int:
    from clinic_app.handouts import (
        ClinicDetails,
        build_referral_sheet,
        build_wallet_cards,
        checked_language,
        load_contacts,
    )
    from clinic_app.handouts.contacts import contacts_from_data, default_document

    lang = checked_language(args.handout_lang)
    contacts = (load_contacts(args.contacts) if args.contacts
                else contacts_from_data(default_document()))
    if args.format == "card":
        report = build_wallet_cards(contacts, lang, args.out, sheets=args.sheets)
    else:
        clinic = None
        if args.clinic_name or args.clinic_phone or args.clinic_hours:
            clinic = ClinicDetails(args.clinic_name, args.clinic_phone, args.clinic_hours)
        report = build_referral_sheet(contacts, clinic, lang, args.out, args.page_size)
    _wrote(args.out, report.pages)
    return 0


def cmd_lesson(args: argparse.Namespace) -> int:
    from clinic_app.handouts import (
        build_lesson_handout,
        checked_language,
        find_lesson_file,
        handout_text,
        load_bundled_library,
    )
    from clinic_app.handouts.contacts import contacts_from_data, default_document

    lang = checked_language(args.handout_lang)
    # Without a store, placeholders are filled from the shipped default contacts.
    text = handout_text(find_lesson_file(load_bundled_library(), args.lesson_id, args.version,
                                         lang), contacts_from_data(default_document()))
    parent = None if args.no_parent_notice else text.parent_markdown
    report = build_lesson_handout(text.student_markdown, parent, text.title, text.lesson_id,
                                  text.version, lang, args.out, args.page_size, draft=text.draft)
    _wrote(args.out, report.pages)
    return 0
