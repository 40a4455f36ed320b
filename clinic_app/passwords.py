"""Password rules after NIST SP 800-63B rev. 4 (single factor): length, a blocklist, no
composition rules, no forced rotation."""

from __future__ import annotations

import functools
import re
import unicodedata

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.paths import resource_path

MIN_LENGTH = 15
MAX_LENGTH = 256


@functools.cache
def _blocklist() -> frozenset[str]:
    text = resource_path("common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def _normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def _is_repetition(text: str) -> bool:
    """'aaaa…', 'abcabcabc…' and the like."""
    return re.fullmatch(r"(.{1,4})\1+.{0,3}", text) is not None


def check_password(password: str, *, username: str = "", clinic: str = "") -> None:
    """Raise ValidationError naming the rule the password breaks."""
    text = _normalise(password)
    if len(text) < MIN_LENGTH:
        raise ValidationError(
            _(
                "The password is too short: use at least {n} characters (a phrase works well)."
            ).format(n=MIN_LENGTH)
        )
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("The password is too long: use at most {n} characters.").format(n=MAX_LENGTH)
        )
    folded = text.casefold()
    squeezed = re.sub(r"[\s\d\W_]+", "", folded)
    blocked = _blocklist()
    if folded in blocked or squeezed in blocked or _is_repetition(folded):
        raise ValidationError(
            _("That password is too common or too easy to guess; choose another.")
        )
    if (
        any(len(word) >= 4 and word.casefold() in folded for word in (username, clinic) if word)
        and len(squeezed) - max(len(username), len(clinic)) < 8
    ):
        raise ValidationError(_("The password must not be built from the user or clinic name."))
    # Common words stuck together ("passwordpassword", "iloveyouiloveyou").
    for word in blocked:
        if len(word) >= 4 and squeezed and squeezed == word * (len(squeezed) // len(word)):
            raise ValidationError(
                _("That password is too common or too easy to guess; choose another.")
            )
