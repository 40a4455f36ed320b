"""The clinic's referral contacts and details, edited by the lead, versioned in the store.

Until a lead changes anything the shipped defaults (resources/contacts.json) apply.
Each change stores a whole new version of the document, validated first, with who
made it and a one-line summary, so every earlier version stays readable.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from clinic_app.errors import ValidationError
from clinic_app.handouts.contacts import (
    ClinicDetails,
    Contact,
    contacts_from_data,
    default_document,
    upgrade_document,
    with_region,
)
from clinic_app.i18n import _
from clinic_app.permissions import Action, require
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import ContactDocument
from clinic_app.store.types import ClinicProfile

WHERE = "clinic contacts"


@dataclass(frozen=True)
class ContactChange:
    changed_at: dt.datetime
    changed_by: str
    summary: str


class ContactsMixin(StoreMixin):
    """Store operations on referral contacts (mixed into the Store facade)."""

    if TYPE_CHECKING:
        def clinic_profile(self) -> ClinicProfile: ...

    def contacts_document(self) -> dict[str, Any]:
        """The current document (the shipped defaults until a lead edits them)."""
        with self._session() as session:
            text = session.scalar(select(ContactDocument.document)
                                  .order_by(ContactDocument.id.desc()).limit(1))
        if text is None:
            return default_document()
        return upgrade_document(json.loads(text))

    def referral_contacts(self) -> list[Contact]:
        return contacts_from_data(self.contacts_document(), WHERE)

    def clinic_details(self) -> ClinicDetails:
        clinic = self.contacts_document().get("clinic", {})
        return ClinicDetails(self.clinic_profile().name, str(clinic.get("phone", "")),
                             str(clinic.get("hours", "")))

    def save_contacts_document(self, document: dict[str, Any], summary: str) -> None:
        """Validate and store a new version; the message names the bad field."""
        require(self.user.role, Action.MANAGE_CONTACTS)
        if not summary.strip():
            raise ValidationError(_("Say in a few words what changed."))
        contacts_from_data(document, WHERE)
        with self._session() as session:
            session.add(ContactDocument(document=json.dumps(document, ensure_ascii=False),
                                        summary=summary.strip()[:300],
                                        changed_by=self.user.username))
            self._audit_in(session, "contacts_changed", "contacts")

    def save_contact(self, contact: dict[str, Any]) -> None:
        """Add a contact, or replace the one with the same id."""
        document = copy.deepcopy(self.contacts_document())
        entries = document.setdefault("contacts", [])
        ids = [str(c.get("id")) for c in entries]
        if contact.get("id") in ids:
            entries[ids.index(str(contact["id"]))] = contact
            summary = _("Edited contact {name}").format(name=contact.get("name", ""))
        else:
            entries.append(contact)
            summary = _("Added contact {name}").format(name=contact.get("name", ""))
        self.save_contacts_document(document, summary)

    def remove_contact(self, contact_id: str) -> None:
        document = copy.deepcopy(self.contacts_document())
        before = document.get("contacts", [])
        kept = [c for c in before if c.get("id") != contact_id]
        if len(kept) == len(before):
            raise ValidationError(_("There is no contact '{id}'.").format(id=contact_id))
        if not kept:
            raise ValidationError(_("The last contact cannot be removed: a referral sheet "
                                    "needs at least one number."))
        document["contacts"] = kept
        self.save_contacts_document(document, _("Removed contact {id}").format(id=contact_id))

    def apply_region(self, region_id: str | None) -> None:
        """Replace the county contacts (child protection, navigator, ...) with a shipped
        region's, or remove them (None) so the lead enters the clinic's own."""
        document = with_region(self.contacts_document(), region_id)
        self.save_contacts_document(document, _("Chose the county contacts of {region}").format(
            region=region_id) if region_id else _("Removed the shipped county contacts"))

    def set_clinic_details(self, phone: str, hours: str) -> None:
        document = copy.deepcopy(self.contacts_document())
        document["clinic"] = {"phone": phone.strip()[:40], "hours": hours.strip()[:120]}
        self.save_contacts_document(document, _("Changed the clinic's phone or hours"))

    def contacts_history(self) -> list[ContactChange]:
        """Every change, newest first (the shipped defaults are the first version)."""
        with self._session() as session:
            rows = session.execute(select(ContactDocument.changed_at, ContactDocument.changed_by,
                                          ContactDocument.summary)
                                   .order_by(ContactDocument.id.desc())).all()
        return [ContactChange(*row) for row in rows]
