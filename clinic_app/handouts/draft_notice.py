"""The footer a handout carries while its text in the student's language is a draft.

Every Spanish, Hmong and Somali text was written by the developers and has not been
checked by a qualified translator (issue 16); one draft has already been found whose
meaning was inverted. A printed copy says so, in its own language and in English, so
that staff and families know to ask. Reviewed text carries no footer.
"""

from __future__ import annotations

from collections.abc import Sequence

from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import N_, catalog_reviewed, translations

DRAFT_NOTICE = N_("Draft translation, not yet checked by a qualified translator.")


def draft_lines(lang: str) -> list[str]:
    """The notice in `lang`, then in English; none for English."""
    if lang == "en":
        return []
    local = translations(lang).gettext(DRAFT_NOTICE)
    return [DRAFT_NOTICE] if local == DRAFT_NOTICE else [local, DRAFT_NOTICE]


def draft_footer(lang: str) -> str:
    """The notice as the lines a page prints ("" for English)."""
    return "\n".join(draft_lines(lang))


def referral_text_is_draft(contacts: Sequence[Contact], lang: str) -> bool:
    """A referral handout in `lang` is a draft when the app's own words in `lang` are
    (its catalog), or when any listed contact's text in `lang` is marked draft."""
    if lang == "en":
        return False
    return not catalog_reviewed(lang) or any(
        contact.translation_status.get(lang) == "draft" for contact in contacts)


def referral_footer(contacts: Sequence[Contact], lang: str) -> str:
    return draft_footer(lang) if referral_text_is_draft(contacts, lang) else ""
