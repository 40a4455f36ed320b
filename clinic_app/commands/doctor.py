"""`doctor`: check the store's encryption integrity and schema version."""

from __future__ import annotations

import argparse

from clinic_app.commands.common import open_store
from clinic_app.errors import StoreError
from clinic_app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = sub.add_parser("doctor", help="integrity check of the store and its schema")
    doctor.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        problems = store.integrity_problems()
        current, head = store.schema_version()
    finally:
        store.close()
    print(_("Schema version: {current} (this app: {head})").format(current=current, head=head))
    if problems:
        raise StoreError(
            _("The store failed its integrity check: {detail}").format(detail="; ".join(problems))
        )
    print(_("Encryption and integrity check: OK"))
    return 0
