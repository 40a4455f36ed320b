"""Display text shared by the lessons workspace: statuses, grade bands, topics (their
colours are in clinic_app/ui/palette.py)."""

from __future__ import annotations

from clinic_app.i18n import LANGUAGES, N_, _

STATUS_LABELS: dict[str, str] = {
    "source": N_("source"),
    "draft": N_("draft"),
    "reviewed": N_("reviewed"),
    "stale": N_("stale"),
    "missing": N_("missing"),
}
STATUS_HINTS: dict[str, str] = {
    "source": N_("The original English text."),
    "draft": N_("A translation not yet checked by a qualified community translator."),
    "reviewed": N_("A translation checked by a qualified community translator."),
    "stale": N_("Made from an older English version: the English lesson has changed since."),
    "missing": N_("There is no translation in this language for this version."),
}
GRADE_BAND_LABELS: dict[str, str] = {"6-8": N_("Grades 6-8"), "9-12": N_("Grades 9-12")}


def status_label(status: str) -> str:
    """A translation status in the UI language."""
    return _(STATUS_LABELS.get(status, status))


def status_hint(status: str) -> str:
    """What a translation status means, for tooltips."""
    hint = STATUS_HINTS.get(status)
    return _(hint) if hint else ""


def language_name(code: str) -> str:
    """A language in its own name (as the language menu shows it)."""
    return LANGUAGES.get(code, code)


def grade_band_label(band: str) -> str:
    """'Grades 6-8' in the UI language."""
    label = GRADE_BAND_LABELS.get(band)
    return _(label) if label else band


def topic_label(topic: str) -> str:
    """A topic slug as words: 'warning-signs' -> 'warning signs'."""
    return topic.replace("-", " ")
