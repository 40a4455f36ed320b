"""`audit verify` and `audit head`: check the hash chain; print the chain head to keep elsewhere."""

from __future__ import annotations

import argparse

from clinic_app.commands.common import open_store
from clinic_app.errors import ClinicError
from clinic_app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check the hash chain").set_defaults(func=cmd_verify)
    audit_sub.add_parser("head", help="print the newest entry's id and hash").set_defaults(
        func=cmd_head)


def cmd_verify(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        result = store.verify_audit()
    finally:
        store.close()
    if not result.ok:
        raise ClinicError(_("The audit log is broken at entry {id}: {reason}.").format(
            id=result.first_bad_id, reason=result.reason))
    print(_("The audit log is intact: {n} entries checked.").format(n=result.checked))
    return 0


def cmd_head(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        head = store.audit_head()
    finally:
        store.close()
    print(f"{head.id} {head.hash}")
    return 0
