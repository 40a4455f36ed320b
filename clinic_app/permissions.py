"""Who may do what: one declared table, checked in the services the GUI and the CLI call.

Hiding a button is never the enforcement; `require()` in the service is.
"""

from __future__ import annotations

from enum import StrEnum

from clinic_app.errors import PermissionDenied
from clinic_app.i18n import N_, _


class Role(StrEnum):
    NURSE = "nurse"
    EDUCATOR = "educator"
    LEAD = "lead"
    ADMIN = "admin"


ROLE_LABELS: dict[Role, str] = {
    Role.NURSE: N_("Clinic nurse"),
    Role.EDUCATOR: N_("Health educator"),
    Role.LEAD: N_("Clinic lead"),
    Role.ADMIN: N_("Administrator (IT)"),
}


class Action(StrEnum):
    READ_SCREENINGS = "read_screenings"
    CREATE_SCREENING = "create_screening"
    AMEND_SCREENING = "amend_screening"
    LOG_DELIVERY = "log_delivery"
    READ_LESSONS = "read_lessons"
    PRINT_HANDOUTS = "print_handouts"
    VIEW_DASHBOARD = "view_dashboard"
    EXPORT_COUNTS = "export_counts"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_CONTACTS = "manage_contacts"
    MANAGE_CONTENT = "manage_content"
    BACKUP_RESTORE = "backup_restore"
    READ_AUDIT = "read_audit"


ACTION_LABELS: dict[Action, str] = {
    Action.READ_SCREENINGS: N_("read screenings"),
    Action.CREATE_SCREENING: N_("run a screening"),
    Action.AMEND_SCREENING: N_("amend a screening"),
    Action.LOG_DELIVERY: N_("log a lesson delivery"),
    Action.READ_LESSONS: N_("read lessons"),
    Action.PRINT_HANDOUTS: N_("print handouts"),
    Action.VIEW_DASHBOARD: N_("see the dashboard"),
    Action.EXPORT_COUNTS: N_("export counts"),
    Action.MANAGE_ACCOUNTS: N_("manage staff accounts"),
    Action.MANAGE_CONTACTS: N_("manage referral contacts"),
    Action.MANAGE_CONTENT: N_("manage lessons and instruments"),
    Action.BACKUP_RESTORE: N_("back up and restore"),
    Action.READ_AUDIT: N_("read the audit log"),
}

_CLINICIAN = {
    Action.READ_SCREENINGS,
    Action.CREATE_SCREENING,
    Action.AMEND_SCREENING,
    Action.READ_LESSONS,
    Action.PRINT_HANDOUTS,
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.NURSE: frozenset(_CLINICIAN),
    Role.EDUCATOR: frozenset({Action.LOG_DELIVERY, Action.READ_LESSONS, Action.PRINT_HANDOUTS}),
    Role.LEAD: frozenset(
        _CLINICIAN
        | {
            Action.LOG_DELIVERY,
            Action.VIEW_DASHBOARD,
            Action.EXPORT_COUNTS,
            Action.MANAGE_ACCOUNTS,
            Action.MANAGE_CONTACTS,
            Action.MANAGE_CONTENT,
            Action.BACKUP_RESTORE,
            Action.READ_AUDIT,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Action.READ_LESSONS,
            Action.MANAGE_ACCOUNTS,
            Action.MANAGE_CONTENT,
            Action.BACKUP_RESTORE,
            Action.READ_AUDIT,
        }
    ),
}


def allowed(role: str, action: Action) -> bool:
    """True if `role` may do `action`; unknown roles may do nothing."""
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def require(role: str, action: Action) -> None:
    """Raise PermissionDenied with a clear message unless `role` may do `action`."""
    if not allowed(role, action):
        raise PermissionDenied(
            _("Permission denied: your role may not {action}.").format(
                action=_(ACTION_LABELS[action])
            )
        )
