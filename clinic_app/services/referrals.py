"""Referral handouts from the clinic's own contacts: a permission check, the build in
memory, and an audit entry naming only the kind and language (never a student)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Literal

from clinic_app.handouts import build_referral_sheet, build_wallet_cards
from clinic_app.i18n import check_language
from clinic_app.permissions import Action, require

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

Kind = Literal["sheet", "card"]


def referral_pdf(store: Store, kind: Kind, lang: str, page_size: str = "letter") -> bytes:
    """The referral sheet or the wallet cards in `lang`, as PDF bytes."""
    require(store.user.role, Action.PRINT_HANDOUTS)
    check_language(lang)
    out = io.BytesIO()
    contacts = store.referral_contacts()
    if kind == "sheet":
        build_referral_sheet(contacts, store.clinic_details(), lang, out, page_size)
    else:
        build_wallet_cards(contacts, lang, out)
    store.record_audit("handout_printed", f"referral_{kind}", lang)
    return out.getvalue()
