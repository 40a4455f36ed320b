"""Clinic settings, each declared once with type, default, limits and a translatable title
(after Picard's declared options). The store validates every write against this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clinic_app.errors import ValidationError
from clinic_app.i18n import N_, _


@dataclass(frozen=True)
class IntSetting:
    key: str
    title: str  # N_-marked; translate at display time
    default: int
    minimum: int
    maximum: int

    def check(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(
                _("{setting} must be a whole number.").format(setting=_(self.title))
            )
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                _("{setting} must be between {low} and {high}.").format(
                    setting=_(self.title), low=self.minimum, high=self.maximum
                )
            )
        return value


@dataclass(frozen=True)
class ChoiceSetting:
    key: str
    title: str
    default: str
    choices: tuple[str, ...]

    def check(self, value: Any) -> str:
        if value not in self.choices:
            raise ValidationError(
                _("{setting} must be one of: {choices}.").format(
                    setting=_(self.title), choices=", ".join(self.choices)
                )
            )
        return str(value)


LOCK_MINUTES = IntSetting("privacy.lock_minutes", N_("Lock after minutes of inactivity"), 10, 2, 15)
QUICK_HIDE_KEY = ChoiceSetting(
    "privacy.quick_hide_key", N_("Quick hide key"), "F12", ("F12", "F11", "F10", "F9", "Pause")
)
BACKUP_REMINDER_DAYS = IntSetting(
    "backup.reminder_days",
    N_("Remind me when the last verified backup is older than (days)"),
    7,
    1,
    90,
)

SETTINGS: dict[str, IntSetting | ChoiceSetting] = {
    s.key: s for s in (LOCK_MINUTES, QUICK_HIDE_KEY, BACKUP_REMINDER_DAYS)
}


def check_setting(key: str, value: Any) -> Any:
    """The validated value, or ValidationError naming the setting and the rule."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise ValidationError(_("Unknown setting '{key}'.").format(key=key))
    return spec.check(value)
