"""Readable, translatable names for the actions in the audit log (the log itself stores
the stable action codes)."""

from __future__ import annotations

from clinic_app.i18n import N_, _

ACTION_LABELS: dict[str, str] = {
    "store_created": N_("Store created"),
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Failed sign-in"),
    "sign_in_refused": N_("Sign-in refused (disabled account)"),
    "account_locked": N_("Account locked after failed sign-ins"),
    "account_unlocked": N_("Account unlocked"),
    "unlocked": N_("Screen unlocked"),
    "unlock_failed": N_("Failed unlock"),
    "account_added": N_("Account added"),
    "account_disabled": N_("Account disabled"),
    "account_enabled": N_("Account enabled"),
    "password_reset": N_("Password reset"),
    "own_password_changed": N_("Own password changed"),
    "role_changed": N_("Role changed"),
    "setting_changed": N_("Setting changed"),
    "screening_created": N_("Screening saved"),
    "screening_viewed": N_("Screening viewed"),
    "screening_amended": N_("Screening amended"),
    "follow_up_recorded": N_("Follow-up recorded"),
    "report_recorded": N_("Mandated report recorded"),
    "report_decision_recorded": N_("Report decision recorded"),
    "demo_data_generated": N_("Synthetic records generated"),
    "instrument_imported": N_("Instrument imported"),
    "delivery_logged": N_("Lesson delivery logged"),
    "delivery_edited": N_("Lesson delivery edited"),
    "delivery_deleted": N_("Lesson delivery deleted"),
    "lesson_pack_imported": N_("Lesson pack imported"),
    "class_set_printed": N_("Class handouts printed"),
    "handout_printed": N_("Referral handout printed"),
    "contacts_changed": N_("Referral contacts changed"),
    "counts_viewed": N_("Counts viewed"),
    "counts_exported": N_("Counts exported"),
    "backup_created": N_("Backup made"),
    "backup_restored": N_("Backup restored"),
    "audit_log_viewed": N_("Audit log viewed"),
    "audit_head_exported": N_("Audit chain head saved"),
    "audit_tamper_detected": N_("Tampering with the audit log found at sign-in"),
}


def action_label(action: str) -> str:
    """The translated name of an audit action (the code itself if it is new)."""
    label = ACTION_LABELS.get(action)
    return _(label) if label else action
