"""Plain values the store hands out: the signed-in user, a staff-list row, the clinic.

They live apart from the facade so that the operation mixins can name them without
importing the facade that mixes them in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["AccountInfo", "ClinicProfile", "StaffUser"]


@dataclass(frozen=True)
class StaffUser:
    """The signed-in account."""

    username: str
    role: str


@dataclass(frozen=True)
class AccountInfo:
    """One row of the staff list (no secrets)."""

    username: str
    role: str
    active: bool
    created_at: dt.datetime
    locked: bool = False


@dataclass(frozen=True)
class ClinicProfile:
    """The clinic's name and its active sites, by name."""

    name: str
    sites: tuple[str, ...]
