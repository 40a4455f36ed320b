"""Referral contacts edited by the lead: validated, versioned with who and when."""

from __future__ import annotations

import pytest
from staff_accounts import LEAD, NURSE

from clinic_app.errors import ClinicError, PermissionDenied, ValidationError

NAVIGATOR = {
    "id": "safe-harbor-navigator",
    "name": "Safe Harbor regional navigator (The Link)",
    "short_name": {"en": "Youth navigator"},
    "phone": "612-232-5428",
    "text": None,
    "emergency": False,
    "hours": {"en": "Weekdays 9 am to 5 pm"},
    "languages": {"en": "English, Spanish"},
    "description": {"en": "Helps young people up to age 24 find safe housing and support."},
    "verified_on": "2026-11-29",
    "source": "https://www.thelinkmn.org/",
}


def test_defaults_apply_until_a_lead_edits(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    phones = [c.phone for c in nurse.referral_contacts()]
    assert "1-888-373-7888" in phones and "612-348-3552" in phones
    assert nurse.contacts_history() == []


def test_lead_adds_edits_and_removes_with_history(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    lead.save_contact(NAVIGATOR)
    assert "612-232-5428" in [c.phone for c in lead.referral_contacts()]
    lead.save_contact(dict(NAVIGATOR, phone="612-232-0000"))
    assert [c.phone for c in lead.referral_contacts()].count("612-232-0000") == 1
    lead.set_clinic_details("612-555-0100", "Mon-Fri 8-4")
    assert lead.clinic_details().phone == "612-555-0100"
    assert lead.clinic_details().name == "Test Clinic"
    lead.remove_contact("safe-harbor-navigator")
    history = lead.contacts_history()
    assert [h.changed_by for h in history] == [LEAD] * 4
    assert history[-1].summary.startswith("Added contact")


def test_a_bad_contact_names_the_field_and_changes_nothing(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    before = lead.contacts_document()
    with pytest.raises(ClinicError, match="verified_on"):
        lead.save_contact(dict(NAVIGATOR, verified_on="last tuesday"))
    with pytest.raises(ClinicError, match="phone"):
        lead.save_contact(dict(NAVIGATOR, phone=""))
    assert lead.contacts_document() == before


def test_nurse_cannot_change_contacts(open_as) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="referral contacts"):
        open_as(NURSE).save_contact(NAVIGATOR)


def test_the_last_contact_cannot_be_removed(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    ids = [c.id for c in lead.referral_contacts()]
    for contact_id in ids[:-1]:
        lead.remove_contact(contact_id)
    with pytest.raises(ValidationError, match="last contact"):
        lead.remove_contact(ids[-1])
