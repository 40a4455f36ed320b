"""Print-ready handouts as PDF (reportlab, no Qt): referral sheets, wallet cards,
lesson handouts and class sets.

Builders take plain data (contacts, clinic details, lesson text) and write to a path or
a binary stream, so the CLI, a GUI worker thread and tests all call them the same way.
Every builder returns a `BuildReport` (page count and where each flowable landed).
"""

from clinic_app.handouts.class_set import MAX_COPIES, build_class_set
from clinic_app.handouts.contacts import (
    ClinicDetails,
    Contact,
    contacts_from_data,
    default_contacts,
    default_contacts_path,
    load_contacts,
    printable,
)
from clinic_app.handouts.document import (
    PAGE_SIZES,
    PDF_LANG,
    BuildReport,
    Placement,
    checked_language,
)
from clinic_app.handouts.errors import (
    ContactsFileError,
    HandoutCancelled,
    HandoutError,
    LessonHandoutError,
    NoContactsError,
)
from clinic_app.handouts.lesson_handout import build_lesson_handout
from clinic_app.handouts.lesson_source import (
    LessonHandoutText,
    find_lesson_file,
    handout_text,
    load_bundled_library,
    section_markdown,
)
from clinic_app.handouts.referral_sheet import build_referral_sheet, referral_title
from clinic_app.handouts.wallet_cards import (
    CARD_HEIGHT,
    CARD_WIDTH,
    CardSheetLayout,
    build_wallet_cards,
    card_layout,
    cards_title,
)

__all__ = [
    "CARD_HEIGHT",
    "CARD_WIDTH",
    "MAX_COPIES",
    "PAGE_SIZES",
    "PDF_LANG",
    "BuildReport",
    "CardSheetLayout",
    "ClinicDetails",
    "Contact",
    "ContactsFileError",
    "HandoutCancelled",
    "HandoutError",
    "LessonHandoutError",
    "LessonHandoutText",
    "NoContactsError",
    "Placement",
    "build_class_set",
    "build_lesson_handout",
    "build_referral_sheet",
    "build_wallet_cards",
    "card_layout",
    "cards_title",
    "checked_language",
    "contacts_from_data",
    "default_contacts_path",
    "find_lesson_file",
    "handout_text",
    "load_bundled_library",
    "load_contacts",
    "default_contacts",
    "printable",
    "referral_title",
    "section_markdown",
]
