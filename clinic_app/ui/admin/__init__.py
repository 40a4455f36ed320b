"""The Administration workspace: staff accounts, referral contacts, the audit log and
backups, one tab per job the role may do."""

from clinic_app.ui.admin.page import AdminPage, may_administer

__all__ = ["AdminPage", "may_administer"]
