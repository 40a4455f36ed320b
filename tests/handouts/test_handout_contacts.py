"""Default referral contacts: shipped as data, validated on load, errors name the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from clinic_app.handouts import (
    ContactsFileError,
    NoContactsError,
    contacts_from_data,
    default_contacts_path,
    load_contacts,
)
from clinic_app.handouts.contacts import (
    contact_for_role,
    default_contacts,
    default_document,
    load_regions,
    missing_roles,
    printable,
    require_contacts,
    upgrade_document,
)

LANGS = ("en", "es", "hmn", "so")


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_contacts_path().read_text(encoding="utf-8"))
    return data


def test_defaults_hold_the_four_contacts_with_their_numbers() -> None:
    contacts = {c.id: c for c in default_contacts()}
    assert contacts["national-hotline"].phone == "1-888-373-7888"
    assert contacts["national-hotline"].text_number == "233733"
    assert contacts["national-hotline"].text_keywords == ("HELP", "INFO")
    assert contacts["day-one"].phone == "1-866-223-1111"
    assert contacts["day-one"].text_number == "612-399-9995"
    assert contacts["hennepin-child-protection"].phone == "612-348-3552"
    assert contacts["emergency-911"].phone == "911" and contacts["emergency-911"].emergency
    assert contacts["hennepin-child-protection"].role == "county_cp"
    assert contacts["maarc"].staff_only and contacts["maarc"] not in printable(contacts.values())


def test_regions_give_county_contacts_with_a_number_only_where_a_source_confirmed_it() -> None:
    regions = {r.id: r for r in load_regions()}
    assert set(regions) == {"hennepin", "ramsey"}
    ramsey = {c.id: c for c in default_contacts("ramsey")}
    assert ramsey["ramsey-child-protection"].phone == "651-266-4500"
    assert ramsey["ramsey-child-protection"].role == "county_cp"
    assert "hennepin-child-protection" not in ramsey
    for region_id in regions:
        contacts = default_contacts(region_id)
        navigator = contact_for_role(contacts, "navigator")
        assert navigator is not None and not navigator.has_number  # no source confirmed one
        assert navigator not in printable(contacts)  # never printed as a blank
        assert missing_roles(contacts) == ["navigator", "consultation_line"]
        for contact in contacts:
            assert contact.source.startswith("https://") and contact.verification_note
            assert not contact.verified_by  # no person has checked the shipped numbers
    assert all(c.role == "" for c in default_contacts(None))


def test_an_old_document_gets_its_county_role_and_a_second_role_is_refused() -> None:
    old = {"contacts": [dict(c, role="") for c in default_document()["contacts"]
                        if c["id"] != "hennepin-navigator"]}
    upgraded = contacts_from_data(upgrade_document(old))
    assert contact_for_role(upgraded, "county_cp").id == "hennepin-child-protection"
    twice = default_document()
    twice["contacts"][0]["role"] = "county_cp"
    with pytest.raises(ContactsFileError, match=r"contacts\[4\]\.role"):
        contacts_from_data(twice)
    unknown = default_document()
    unknown["contacts"][0]["role"] = "sheriff"
    with pytest.raises(ContactsFileError, match=r"contacts\[0\]\.role: unknown role 'sheriff'"):
        contacts_from_data(unknown)


def test_every_default_is_dated_sourced_and_written_in_four_languages() -> None:
    for contact in default_contacts():
        assert contact.verified_on in (dt.date(2026, 11, 29), dt.date(2026, 12, 4))
        assert contact.source.startswith("https://")
        for lang in LANGS:
            assert contact.description.get(lang), (contact.id, lang)
            assert contact.hours.get(lang), (contact.id, lang)
            assert contact.languages.get(lang), (contact.id, lang)
        assert all(status == "draft" for status in contact.translation_status.values())


def test_day_one_says_it_does_not_call_police_without_consent() -> None:
    day_one = next(c for c in load_contacts() if c.id == "day-one")
    assert "police without your OK" in day_one.description["en"]


def test_card_names_are_neutral() -> None:
    for contact in load_contacts():
        for lang in LANGS:
            assert "traffick" not in contact.card_name(lang).lower()


@pytest.mark.parametrize(("change", "field"), [
    (lambda c: c.pop("phone"), "contacts[1].phone"),
    (lambda c: c.update(verified_on="29/11/2026"), "contacts[1].verified_on"),
    (lambda c: c.update(verified_on=None), "contacts[1].verified_on"),
    (lambda c: c["description"].pop("en"), "contacts[1].description.en"),
    (lambda c: c["hours"].update(xx="24/7"), "contacts[1].hours.xx"),
    (lambda c: c.update(text={"number": "", "keywords": []}), "contacts[1].text.number"),
    (lambda c: c.update(text={"number": "233733", "keywords": "HELP"}),
     "contacts[1].text.keywords"),
    (lambda c: c.update(emergency="yes"), "contacts[1].emergency"),
    (lambda c: c.update(id="emergency-911"), "contacts[1].id"),
    (lambda c: c.update(source=" "), "contacts[1].source"),
])
def test_a_bad_field_is_named(change: Any, field: str) -> None:
    data = shipped()
    change(data["contacts"][1])
    with pytest.raises(ContactsFileError) as caught:
        contacts_from_data(data, "contacts.json")
    message = str(caught.value)
    assert message.startswith(f"contacts.json: {field}: ") and "\n" not in message


def test_a_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "clinic-contacts.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ContactsFileError, match="clinic-contacts.json"):
        load_contacts(bad)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContactsFileError, match="Cannot read"):
        load_contacts(tmp_path / "absent.json")


def test_an_empty_list_loads_but_is_refused_for_printing() -> None:
    assert contacts_from_data({"format": 1, "contacts": []}) == []
    with pytest.raises(NoContactsError, match="no referral contacts"):
        require_contacts([])


def test_choosing_the_county_again_keeps_what_the_lead_entered() -> None:
    from clinic_app.handouts.contacts import with_region

    document = default_document()
    for contact in document["contacts"]:
        if contact["id"] == "hennepin-navigator":
            contact["phone"] = "612-555-0142"
    own = dict(document["contacts"][0], id="our-consult-line", name="Our consultation line",
               role="consultation_line", phone="612-555-0177")
    document["contacts"].append(own)
    again = contacts_from_data(with_region(document, "hennepin"))
    assert contact_for_role(again, "navigator").phone == "612-555-0142"
    assert contact_for_role(again, "consultation_line").name == "Our consultation line"
    ramsey = contacts_from_data(with_region(document, "ramsey"))
    assert contact_for_role(ramsey, "county_cp").phone == "651-266-4500"
    assert contact_for_role(ramsey, "consultation_line").name == "Our consultation line"
    assert "hennepin-navigator" not in [c.id for c in ramsey]
