"""Jurisdiction placeholders: "{county_cp}", "{navigator}", "{tribal_agency}" and
"{consultation_line}" in released content are filled at render time from the clinic's
own contacts, in the language of the text. A role with no contact (or no number) reads
"ask your clinic lead ...", never a blank."""

from __future__ import annotations

import re
from collections.abc import Sequence

from clinic_app.handouts.contacts import ROLES, Contact, contact_for_role
from clinic_app.i18n import N_, translations

PLACEHOLDER = re.compile(r"\{(" + "|".join(ROLES) + r")\}")

ROLE_LABELS: dict[str, str] = {
    "county_cp": N_("county child protection"),
    "tribal_agency": N_("tribal social services"),
    "navigator": N_("regional Safe Harbor navigator"),
    "consultation_line": N_("consultation line"),
}


def role_label(role: str, lang: str) -> str:
    """What a role is called, in `lang`."""
    return translations(lang).gettext(ROLE_LABELS[role])


def contact_phrase(contact: Contact, lang: str) -> str:
    """"Hennepin County Child Protection, 612-348-3552, 24 hours a day, 7 days a week"."""
    parts = [contact.name, contact.phone, contact.localized("hours", lang)]
    return ", ".join(p for p in parts if p)


def missing_phrase(role: str, lang: str) -> str:
    """The line shown where the clinic has not set a role's contact."""
    return translations(lang).gettext("ask your clinic lead for the {role} number").format(
        role=role_label(role, lang))


def role_phrase(contacts: Sequence[Contact], role: str, lang: str) -> str:
    """The clinic's contact for `role` in `lang`, or the ask-your-lead line."""
    contact = contact_for_role(contacts, role)
    if contact is None or not contact.has_number:
        return missing_phrase(role, lang)
    return contact_phrase(contact, lang)


def fill(text: str, contacts: Sequence[Contact], lang: str) -> str:
    """`text` with every placeholder replaced by the clinic's contact in `lang`."""
    return PLACEHOLDER.sub(lambda m: role_phrase(contacts, m.group(1), lang), text)


def without_contacts(text: str, lang: str) -> str:
    """`text` filled with no clinic at all (the command line without a store)."""
    return fill(text, (), lang)
