"""The referral sheet: a full page a nurse hands a student, safe if someone else finds it.

Neutral title (no word like "trafficking"), what to expect, the student's rights in
plain words, every contact with its checked-on date, and short safety tips. Nothing
on it identifies the student or a screening.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from clinic_app.handouts.contact_text import call_line, checked_line, text_line
from clinic_app.handouts.contacts import ClinicDetails, Contact, require_contacts
from clinic_app.handouts.document import (
    BuildReport,
    StartCopy,
    checked_language,
    one_build_at_a_time,
    page_size_points,
    render_story,
)
from clinic_app.handouts.draft_notice import referral_footer
from clinic_app.handouts.output import Output, write_pdf
from clinic_app.handouts.styles import Styles, make_styles
from clinic_app.i18n import translations

BULLET = "\u2022"
SHEET_FONT_SIZE = 9.5


def referral_title(lang: str) -> str:
    """The sheet's neutral title in `lang` (also the PDF's title)."""
    t = translations(lang)
    # Translators: title of a sheet a student may carry home; keep it neutral: no word
    # such as "trafficking", "exploitation" or "abuse".
    return t.gettext("Support you can reach any time")


def _expectations(lang: str) -> list[str]:
    t = translations(lang)
    return [
        t.gettext("Calls and texts to these numbers are free. You choose whether to call, "
                  "text or wait."),
        t.gettext("Ask each service what they keep private before you share."),
        t.gettext("The person who answers will listen without judging you and explain "
                  "your choices."),
        t.gettext("You decide what to share. You can skip a question or stop at any time."),
        t.gettext("You can ask for an interpreter in your language."),
        t.gettext("Most of what you tell clinic staff stays private. They have to get help "
                  "from others, such as child protection or the police, if someone is "
                  "hurting or exploiting you or you might be seriously hurt. They will tell "
                  "you first whenever they can."),
    ]


def _rights(lang: str) -> list[str]:
    t = translations(lang)
    return [
        t.gettext("You have the right to be safe and to be treated with respect."),
        t.gettext("If you are under 18 and you traded sex for anything, you are a victim, "
                  "not a criminal (Minnesota's Safe Harbor law). Asking for help will not "
                  "get you in trouble."),
        t.gettext("You have the right to health care, even if you do not want to talk "
                  "about what happened."),
        t.gettext("If you are 18 to 24, you choose which help to accept. Services are "
                  "still there for you."),
    ]


def _safety_tips(lang: str) -> list[str]:
    t = translations(lang)
    return [
        t.gettext("Learn one number by heart. Phones are often taken or checked."),
        t.gettext("If someone checks your phone, you can call from the clinic phone. "
                  "Delete calls and texts if that is safer for you."),
        t.gettext("Fold this sheet small, or ask the clinic for a small card instead."),
        t.gettext("If you are in danger right now, call 911."),
    ]


def _bullets(lines: list[str], styles: Styles) -> list[Flowable]:
    return [Paragraph(escape(line), styles.bullet, bulletText=BULLET) for line in lines]


def _contact_block(contact: Contact, lang: str, styles: Styles) -> Flowable:
    parts: list[Flowable] = [Paragraph(escape(contact.name), styles.contact_name)]
    description = contact.localized("description", lang)
    if description:
        parts.append(Paragraph(escape(description), styles.contact_line))
    reach = [call_line(contact, lang)]
    text = text_line(contact, lang)
    if text:
        reach.append(text)
    parts.append(Paragraph(" \u00b7 ".join(reach), styles.contact_line))
    details = [escape(contact.localized("hours", lang)), escape(contact.localized("languages",
                                                                                  lang)),
               checked_line(contact.verified_on, lang)]
    parts.append(Paragraph(" \u00b7 ".join(d for d in details if d), styles.small))
    return KeepTogether(parts)


def _clinic_lines(clinic: ClinicDetails, lang: str, styles: Styles) -> list[Flowable]:
    t = translations(lang)
    pieces = [escape(p) for p in (clinic.name, clinic.phone, clinic.hours) if p.strip()]
    if not pieces:
        return []
    line = t.gettext("Your school clinic: {details}").format(details=" \u00b7 ".join(pieces))
    return [Paragraph(line, styles.subtitle)]


def referral_story(contacts: Sequence[Contact], clinic: ClinicDetails | None, lang: str,
                   styles: Styles, copy_index: int = 0) -> list[Flowable]:
    """The flowables of one referral sheet."""
    t = translations(lang)
    story: list[Flowable] = [StartCopy(copy_index, lang, notice=referral_footer(contacts, lang)),
                             Paragraph(escape(referral_title(lang)), styles.title)]
    if clinic is not None:
        story += _clinic_lines(clinic, lang, styles)
    story.append(Paragraph(escape(t.gettext("What you can expect")), styles.heading))
    story += _bullets(_expectations(lang), styles)
    story.append(Paragraph(escape(t.gettext("Your rights")), styles.heading))
    story += _bullets(_rights(lang), styles)
    story.append(Paragraph(escape(t.gettext("Who you can contact")), styles.heading))
    story += [_contact_block(contact, lang, styles) for contact in contacts]
    story.append(Paragraph(escape(t.gettext("Staying safe")), styles.heading))
    story += _bullets(_safety_tips(lang), styles)
    return story


@one_build_at_a_time
def build_referral_sheet(contacts: Sequence[Contact], clinic: ClinicDetails | None, lang: str,
                         out: Output, page_size: str = "letter") -> BuildReport:
    """Build the referral sheet PDF in `lang` ("letter" or "a4") and write it to `out`.

    Raises NoContactsError for an empty contact list and HandoutError for an unknown
    language or page size.
    """
    lang = checked_language(lang)
    size = page_size_points(page_size)
    listed = require_contacts(contacts)
    story = referral_story(listed, clinic, lang, make_styles(SHEET_FONT_SIZE))
    data, report = render_story(story, lang=lang, title=referral_title(lang), size=size)
    write_pdf(data, out)
    return report
