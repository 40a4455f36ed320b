"""How a contact reads in one language: call and text lines, hours, the checked-on date."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import format_date, translations


def call_line(contact: Contact, lang: str) -> str:
    """Paragraph markup such as "Call <b>1-888-373-7888</b>"."""
    t = translations(lang)
    return t.gettext("Call {number}").format(number=f"<b>{escape(contact.phone)}</b>")


def text_line(contact: Contact, lang: str) -> str | None:
    """Paragraph markup such as "Text <b>HELP</b> or <b>INFO</b> to <b>233733</b>", or None."""
    if not contact.text_number:
        return None
    t = translations(lang)
    number = f"<b>{escape(contact.text_number)}</b>"
    if not contact.text_keywords:
        return t.gettext("Text {number}").format(number=number)
    words = [f"<b>{escape(word)}</b>" for word in contact.text_keywords]
    keywords = words[0]
    for word in words[1:]:
        keywords = t.gettext("{first} or {second}").format(first=keywords, second=word)
    return t.gettext("Text {keywords} to {number}").format(keywords=keywords, number=number)


def checked_line(day: dt.date, lang: str) -> str:
    """"Checked on Nov 29, 2026" in that language's date format."""
    t = translations(lang)
    return escape(t.gettext("Checked on {date}").format(date=format_date(day, lang)))


def oldest_check(contacts: list[Contact]) -> dt.date:
    """The earliest verified-on date: every number was checked on or after it."""
    return min(contact.verified_on for contact in contacts)
