"""Errors a handout build can raise; each message is one line fit for a clinic user."""

from __future__ import annotations

from clinic_app.errors import ClinicError


class HandoutError(ClinicError):
    """A handout cannot be built (bad input, nothing to print)."""


class NoContactsError(HandoutError):
    """The contact list is empty: a blank referral sheet is never printed."""


class ContactsFileError(HandoutError):
    """A contacts data file is missing, unreadable or has a bad field."""


class LessonHandoutError(HandoutError):
    """The lesson, version or language asked for is not in the library."""


class HandoutCancelled(HandoutError):
    """The user cancelled a build; nothing was written."""
