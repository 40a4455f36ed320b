"""`doctor`: check the store's encryption integrity, schema version, audit chain and the
bundled content; exit 1 naming the first thing that is wrong."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from clinic_app.commands.common import open_store
from clinic_app.errors import StoreError
from clinic_app.i18n import _, ngettext

if TYPE_CHECKING:
    from clinic_app.handouts.contacts import Contact


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doctor = sub.add_parser("doctor", help="integrity check of store, audit chain, schema, content")
    doctor.set_defaults(func=cmd_doctor)


def content_problems() -> list[str]:
    """Problems with the bundled lessons (loading and the release manifest) and instruments."""
    import curriculum
    import screening
    from curriculum.manifest import check_manifest

    root = curriculum.bundled_lessons_root()
    _library, lesson_problems = curriculum.load_library(root)
    problems = [str(p) for p in lesson_problems if p.is_error]
    problems += [_("{file}: a released lesson file was changed").format(file=path)
                 for path in check_manifest(root)]
    _instruments, instrument_problems = screening.load_bundled()
    problems += [str(p) for p in instrument_problems]
    return problems


def cmd_doctor(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        problems = store.integrity_problems()
        current, head = store.schema_version()
        chain = store.verify_audit()
        contacts = store.referral_contacts()
        fixed = store.permissions_fixed
    finally:
        store.close()
    if fixed:
        print(_("Made private to this account (other accounts could read them): {names}.")
              .format(names=", ".join(fixed)))
    print(_("Schema version: {current} (this app: {head})").format(current=current, head=head))
    if problems:
        lines = [line.strip() for p in problems for line in p.splitlines()
                 if line.strip() and not line.startswith("***")]
        detail = lines[0] if len(lines) == 1 else ngettext(
            "{first}, and {n} more problem", "{first}, and {n} more problems",
            len(lines) - 1).format(first=lines[0], n=len(lines) - 1)
        raise StoreError(
            _("The store is damaged ({detail}). Restore the last verified backup with "
              "'clinic-app restore FILE'.").format(detail=detail)
        )
    print(_("Encryption and integrity check: OK"))
    if not chain.ok:
        raise StoreError(_("The audit log is broken at entry {id}: {reason}.").format(
            id=chain.first_bad_id, reason=chain.reason))
    print(_("The audit log is intact: {n} entries checked.").format(n=chain.checked))
    content = content_problems()
    if content:
        raise StoreError(_("Bundled content has problems: {detail}").format(
            detail="; ".join(content[:3])))
    print(_("Bundled lessons and instruments: OK"))
    for line in contact_warnings(contacts):
        print(line)
    return 0


def contact_warnings(contacts: list[Contact]) -> list[str]:
    """Clinic contacts a lead must still fill in or check (warnings: the store is fine)."""
    from clinic_app.handouts.contacts import missing_roles
    from clinic_app.jurisdiction import ROLE_LABELS

    lines = [_("Warning: no {role} number is set; screens and handouts say \"ask your clinic "
               "lead\". A clinic lead sets it under Administration > Referral contacts.")
             .format(role=_(ROLE_LABELS[role])) for role in missing_roles(contacts)]
    unchecked = [c.name for c in contacts if c.has_number and not c.verified_by]
    if unchecked:
        lines.append(_("Warning: not yet checked by a person: {names}. Call or open each "
                       "source and record who checked it.").format(names=", ".join(unchecked)))
    return lines

