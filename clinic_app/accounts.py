"""Rules for staff accounts that need no store: valid user names and roles."""

from __future__ import annotations

import re

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Role

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


def normalise_username(username: str) -> str:
    """Lower-case and check a user name; raise ValidationError naming the rule."""
    name = username.strip().lower()
    if not _USERNAME.match(name):
        raise ValidationError(
            _(
                "The user name '{name}' is not valid: use 2 to 32 letters, digits, dots, "
                "dashes or underscores, starting with a letter or digit."
            ).format(name=username)
        )
    return name


def check_role(role: str) -> str:
    """The role's value, or ValidationError naming the four roles."""
    try:
        return Role(role).value
    except ValueError:
        raise ValidationError(
            _("Unknown role '{role}': use nurse, educator, lead or admin.").format(role=role)
        ) from None
