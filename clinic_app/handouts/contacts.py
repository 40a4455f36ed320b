"""Referral contacts and clinic details: the data every referral handout is built from.

The shipped defaults live in resources/contacts.json; the store will later supply the
clinic's edited contacts as the same `Contact` records, so builders never read files
or the store themselves. Loading validates every field and names the one that is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinic_app.handouts.errors import ContactsFileError, NoContactsError
from clinic_app.i18n import LANGUAGES, SOURCE_LANGUAGE, _
from clinic_app.paths import resource_path

CONTACTS_FILE = "contacts.json"
FORMAT_VERSION = 1
_LOCALIZED = ("hours", "languages", "description")

ROLES: tuple[str, ...] = ("county_cp", "tribal_agency", "navigator", "consultation_line")
"""Jurisdiction roles a clinic contact can fill, one contact each. Released content refers
to them as placeholders ("{county_cp}"), filled from the clinic's contacts at render time."""
REQUIRED_ROLES: tuple[str, ...] = ("county_cp", "navigator", "consultation_line")
"""Roles every clinic should fill (tribal social services only where a clinic serves
tribal members); `doctor` and the setup wizard flag the missing ones."""


@dataclass(frozen=True)
class Contact:
    """One place a student can call or text, with when it was last checked and where.

    Localized fields map a language code to text; English is required and is the
    fallback for a language without its own text.
    """

    id: str
    name: str
    phone: str
    verified_on: dt.date
    source: str
    description: Mapping[str, str]
    hours: Mapping[str, str]
    languages: Mapping[str, str] = field(default_factory=dict)
    short_name: Mapping[str, str] = field(default_factory=dict)
    text_number: str | None = None
    text_keywords: tuple[str, ...] = ()
    emergency: bool = False
    translation_status: Mapping[str, str] = field(default_factory=dict)
    role: str = ""
    """One of ROLES, or "" for a contact that fills none."""
    verified_by: str = ""
    """The person who checked the number against its source, and how ("" until one has)."""
    verification_note: str = ""
    """Where a shipped number came from when no person has checked it yet."""
    staff_only: bool = False
    """A line for staff (e.g. adult protection reporting), never printed on youth handouts."""

    @property
    def has_number(self) -> bool:
        """False for a contact whose number no public source confirmed: it waits for the
        clinic lead and is never printed as a blank."""
        return bool(self.phone)

    def localized(self, name: str, lang: str) -> str:
        """A localized field in `lang`, else English, else empty."""
        values: Mapping[str, str] = getattr(self, name)
        return values.get(lang) or values.get(SOURCE_LANGUAGE, "")

    def card_name(self, lang: str) -> str:
        """The short, neutral name printed on a wallet card (falls back to the full name)."""
        return self.short_name.get(lang) or self.short_name.get(SOURCE_LANGUAGE) or self.name


@dataclass(frozen=True)
class ClinicDetails:
    """The clinic's own name, phone and opening hours, printed on the referral sheet."""

    name: str
    phone: str = ""
    hours: str = ""


REGIONS_FILE = "regions.json"
DEFAULT_REGION = "hennepin"
"""The region an unedited clinic gets (the app was built with Minneapolis clinics)."""


@dataclass(frozen=True)
class Region:
    """A county's contacts to choose from: child protection, navigator and so on."""

    id: str
    name: str
    contacts: tuple[Mapping[str, Any], ...]


def default_contacts_path() -> Path:
    """The shipped statewide and national contacts under resources/."""
    return resource_path(CONTACTS_FILE)


def load_regions() -> list[Region]:
    """The shipped county contacts (resources/regions.json), each validated."""
    file = resource_path(REGIONS_FILE)
    data = json.loads(file.read_text(encoding="utf-8"))
    regions = []
    for i, entry in enumerate(data.get("regions", [])):
        contacts_from_data({"contacts": entry["contacts"]}, f"{file.name}: regions[{i}]")
        regions.append(Region(str(entry["id"]), str(entry["name"]), tuple(entry["contacts"])))
    return regions


def _find_region(regions: Sequence[Region], region_id: str) -> Region:
    for candidate in regions:
        if candidate.id == region_id:
            return candidate
    raise ContactsFileError(_("There is no region '{value}'.").format(value=region_id))


def with_region(document: Mapping[str, Any], region_id: str | None) -> dict[str, Any]:
    """`document` with the county contacts of `region_id` (None: no shipped county).

    Contacts shipped for another county go. A contact the lead added for a role wins
    over the one shipped for it; a shipped contact of this county that the lead
    already has stays as edited (a number entered for its navigator is kept).
    Statewide lines and the clinic's other contacts stay."""
    regions = load_regions()
    chosen = [dict(c) for c in _find_region(regions, region_id).contacts] if region_id else []
    shipped = {str(c["id"]) for r in regions for c in r.contacts}
    current = {str(c.get("id")): dict(c) for c in document.get("contacts", [])}
    kept = [c for cid, c in current.items() if cid not in shipped]
    own_roles = {c.get("role") for c in kept if c.get("role")}
    added = [current.get(c["id"], c) for c in chosen if c.get("role") not in own_roles]
    result = dict(document)
    result["contacts"] = kept + added
    result["region"] = region_id or ""
    return result


def default_document(region_id: str | None = DEFAULT_REGION) -> dict[str, Any]:
    """The shipped contacts with one region's county contacts."""
    data = json.loads(default_contacts_path().read_text(encoding="utf-8"))
    return with_region(data, region_id)


def default_contacts(region_id: str | None = DEFAULT_REGION) -> list[Contact]:
    """The contacts of `default_document` (what an unedited clinic prints from)."""
    return contacts_from_data(default_document(region_id), f"{CONTACTS_FILE} + {REGIONS_FILE}")


def upgrade_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """Bring a document saved before roles existed up to date: the shipped Hennepin
    child-protection contact becomes the clinic's county_cp (the mandated-report box
    used it by id)."""
    data = dict(document)
    contacts = [dict(c) for c in data.get("contacts", [])]
    if not any(c.get("role") for c in contacts):
        for contact in contacts:
            if contact.get("id") == "hennepin-child-protection":
                contact["role"] = "county_cp"
    data["contacts"] = contacts
    return data


def load_contacts(path: str | Path | None = None) -> list[Contact]:
    """Load and validate a contacts file (default: the shipped one).

    Raises ContactsFileError naming the file and the field that is wrong.
    """
    file = Path(path) if path is not None else default_contacts_path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ContactsFileError(_("Cannot read the contacts file {file}: {reason}").format(
            file=file, reason=exc.strerror or exc)) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContactsFileError(_("{file}: not valid JSON ({reason}).").format(
            file=file.name, reason=exc)) from exc
    return contacts_from_data(data, file.name)


def contacts_from_data(data: Any, where: str = CONTACTS_FILE) -> list[Contact]:
    """Validate parsed contacts data (`{"format": 1, "contacts": [...]}`) into Contacts."""
    if not isinstance(data, dict):
        raise _bad(where, "", _("the file must hold an object with a 'contacts' list"))
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        raise _bad(where, "format", _("unsupported format {value}").format(value=data["format"]))
    items = data.get("contacts")
    if not isinstance(items, list):
        raise _bad(where, "contacts", _("must be a list"))
    contacts = [_contact(item, where, f"contacts[{i}]") for i, item in enumerate(items)]
    seen: set[str] = set()
    roles: set[str] = set()
    for i, contact in enumerate(contacts):
        if contact.id in seen:
            raise _bad(where, f"contacts[{i}].id", _("'{value}' is used twice").format(
                value=contact.id))
        seen.add(contact.id)
        if contact.role in roles:
            first = contact_for_role(contacts[:i], contact.role)
            raise _bad(where, f"contacts[{i}].role", _(
                "{name} already has the role '{value}'; give this contact no role, or change "
                "that one first").format(name=first.name if first else "", value=contact.role))
        if contact.role:
            roles.add(contact.role)
    return contacts


def contact_for_role(contacts: Sequence[Contact], role: str) -> Contact | None:
    """The contact that fills `role`, or None."""
    return next((c for c in contacts if c.role == role), None)


def printable(contacts: Sequence[Contact]) -> list[Contact]:
    """The contacts a handout lists: every one with a number."""
    return [c for c in contacts if c.has_number and not c.staff_only]


def missing_roles(contacts: Sequence[Contact]) -> list[str]:
    """Required roles that no contact with a number fills."""
    return [role for role in REQUIRED_ROLES
            if (c := contact_for_role(contacts, role)) is None or not c.has_number]


def _bad(where: str, field_path: str, message: str) -> ContactsFileError:
    location = f"{where}: {field_path}" if field_path else where
    return ContactsFileError(f"{location}: {message}")


def _contact(item: Any, where: str, at: str) -> Contact:
    if not isinstance(item, dict):
        raise _bad(where, at, _("must be an object"))
    contact_id = _text(item, "id", where, at)
    name = _text(item, "name", where, at)
    role = item.get("role", "")
    if role not in ("", *ROLES):
        raise _bad(where, f"{at}.role", _("unknown role '{value}'; expected one of {roles}")
                   .format(value=role, roles=", ".join(ROLES)))
    # A role contact may wait for its number (no public source confirmed one).
    phone = ("" if role and not str(item.get("phone") or "").strip()
             else _phone(item, "phone", where, at))
    verified_by = item.get("verified_by", "")
    note = item.get("verification_note", "")
    for key, value in (("verified_by", verified_by), ("verification_note", note)):
        if not isinstance(value, str):
            raise _bad(where, f"{at}.{key}", _("must be text"))
    text = item.get("text")
    if text is not None and not isinstance(text, dict):
        raise _bad(where, f"{at}.text", _("must be an object with 'number' and 'keywords'"))
    text_number = _phone(text, "number", where, f"{at}.text") if text else None
    keywords = (text or {}).get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) and k for k in keywords):
        raise _bad(where, f"{at}.text.keywords", _("must be a list of words"))
    emergency = item.get("emergency", False)
    if not isinstance(emergency, bool):
        raise _bad(where, f"{at}.emergency", _("must be true or false"))
    staff_only = item.get("staff_only", False)
    if not isinstance(staff_only, bool):
        raise _bad(where, f"{at}.staff_only", _("must be true or false"))
    verified_on = _date(item, where, at)
    source = _text(item, "source", where, at)
    localized = {key: _localized(item, key, where, at, required=True) for key in _LOCALIZED}
    return Contact(
        id=contact_id, name=name, phone=phone, verified_on=verified_on, source=source,
        description=localized["description"], hours=localized["hours"],
        languages=localized["languages"],
        short_name=_localized(item, "short_name", where, at, required=False),
        text_number=text_number, text_keywords=tuple(keywords), emergency=emergency,
        translation_status=_localized(item, "translation_status", where, at, required=False),
        role=role, verified_by=verified_by.strip(), verification_note=note.strip(),
        staff_only=staff_only,
    )


def _text(item: dict[str, Any], key: str, where: str, at: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(where, f"{at}.{key}", _("missing or empty"))
    return value.strip()


def _phone(item: dict[str, Any], key: str, where: str, at: str) -> str:
    value = _text(item, key, where, at)
    if not any(ch.isdigit() for ch in value):
        raise _bad(where, f"{at}.{key}", _("'{value}' is not a phone number").format(value=value))
    return value


def _date(item: dict[str, Any], where: str, at: str) -> dt.date:
    value = item.get("verified_on")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(where, f"{at}.verified_on",
               _("'{value}' is not a date (YYYY-MM-DD)").format(value=value))


def _localized(item: dict[str, Any], key: str, where: str, at: str,
               required: bool) -> dict[str, str]:
    value = item.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise _bad(where, f"{at}.{key}", _("must map language codes to text"))
    for code, text in value.items():
        if code not in LANGUAGES:
            raise _bad(where, f"{at}.{key}.{code}", _("unknown language code"))
        if not isinstance(text, str) or not text.strip():
            raise _bad(where, f"{at}.{key}.{code}", _("missing or empty"))
    if required and SOURCE_LANGUAGE not in value:
        raise _bad(where, f"{at}.{key}.{SOURCE_LANGUAGE}", _("English text is required"))
    return {code: text.strip() for code, text in value.items()}


def require_contacts(contacts: Sequence[Contact]) -> list[Contact]:
    """The contacts with a number; none is refused rather than printing a blank sheet."""
    contacts = printable(contacts)
    if not contacts:
        raise NoContactsError(_("There are no referral contacts to print: add at least one "
                                "contact first."))
    return list(contacts)
