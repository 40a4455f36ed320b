"""Answer labels and their single-key shortcuts, shared by the guided screening and the
record views. The keys stay the same in every language so staff build one habit."""

from __future__ import annotations

from clinic_app.i18n import N_, _

ANSWER_LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "possible": N_("Possible"),
    "declined": N_("Declined"),
    "unknown": N_("Don't know"),
}
ANSWER_KEYS: dict[str, str] = {"yes": "Y", "no": "N", "possible": "P", "declined": "D",
                               "unknown": "U"}


def answer_label(value: str) -> str:
    """The translated label of a yes/no/rating answer (option ids are shown as they are)."""
    label = ANSWER_LABELS.get(value)
    return _(label) if label else value
