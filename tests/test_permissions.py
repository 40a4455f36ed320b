"""Every role and action pair, enforced in the services and through the CLI.

The expected table is written out here from DOMAIN.md section 2, independently of
clinic_app.permissions, so a wrong entry in the declared table fails a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from staff_accounts import ADMIN, EDUCATOR, LEAD, NURSE, PASSWORDS
from test_screenings_store import FIXTURE_NEXT, entry

from clinic_app.cli import main
from clinic_app.errors import PermissionDenied
from clinic_app.permissions import PERMISSIONS, Action, Role
from clinic_app.services.lessons import LessonsService
from clinic_app.services.referrals import referral_pdf
from clinic_app.store.deliveries import DeliveryInput
from clinic_app.store.facade import Store
from clinic_app.store.screenings import RecordFilter

ROLE_USERS = {Role.NURSE: NURSE, Role.EDUCATOR: EDUCATOR, Role.LEAD: LEAD, Role.ADMIN: ADMIN}

EXPECTED: dict[Action, set[Role]] = {
    Action.READ_SCREENINGS: {Role.NURSE, Role.LEAD},
    Action.CREATE_SCREENING: {Role.NURSE, Role.LEAD},
    Action.AMEND_SCREENING: {Role.NURSE, Role.LEAD},
    Action.LOG_DELIVERY: {Role.EDUCATOR, Role.LEAD},
    Action.READ_LESSONS: {Role.NURSE, Role.EDUCATOR, Role.LEAD, Role.ADMIN},
    Action.PRINT_HANDOUTS: {Role.NURSE, Role.EDUCATOR, Role.LEAD},
    Action.VIEW_DASHBOARD: {Role.LEAD},
    Action.EXPORT_COUNTS: {Role.LEAD},
    Action.MANAGE_ACCOUNTS: {Role.LEAD, Role.ADMIN},
    Action.MANAGE_CONTACTS: {Role.LEAD},
    Action.MANAGE_CONTENT: {Role.LEAD, Role.ADMIN},
    Action.BACKUP_RESTORE: {Role.LEAD, Role.ADMIN},
    Action.READ_AUDIT: {Role.LEAD, Role.ADMIN},
}


@dataclass
class Context:
    data_dir: Path
    tmp: Path
    code: str  # a screening made by the lead, for amending


def _read_screenings(store: Store, ctx: Context) -> None:
    store.list_screenings(RecordFilter())


def _create_screening(store: Store, ctx: Context) -> None:
    store.save_screening(entry())


def _amend_screening(store: Store, ctx: Context) -> None:
    store.amend_screening(ctx.code, {"ran-away": "no"}, "", "corrected")


def _log_delivery(store: Store, ctx: Context) -> None:
    LessonsService(ctx.data_dir, store).record_delivery(DeliveryInput(
        "healthy-relationships", "1.1.0", dt.date.today(), "North High", 7, 25, ("en",)))


def _read_lessons(store: Store, ctx: Context) -> None:
    assert LessonsService(ctx.data_dir, store).library.get("healthy-relationships")


def _print_handouts(store: Store, ctx: Context) -> None:
    referral_pdf(store, "card", "en")


def _manage_accounts(store: Store, ctx: Context) -> None:
    store.add_account(f"new-{store.user.role}", "nurse", "a long enough new passphrase")


def _manage_contacts(store: Store, ctx: Context) -> None:
    store.set_clinic_details("612-555-0100", "Mon-Fri")


def _manage_content(store: Store, ctx: Context) -> None:
    store.import_instrument(FIXTURE_NEXT)


def _backup(store: Store, ctx: Context) -> None:
    store.backup(ctx.tmp / f"backup-{store.user.role}.zip")


def _read_audit(store: Store, ctx: Context) -> None:
    store.audit_entries(limit=5)


def _view_dashboard(store: Store, ctx: Context) -> None:
    from clinic_app.reports.dashboard import dashboard_request

    store.build_counts_report(dashboard_request("2026-01", "2026-11"))


def _export_counts(store: Store, ctx: Context) -> None:
    from clinic_app.reports import ReportRequest

    request = ReportRequest.for_breakdowns("2026-01", "2026-11", ("month", "site"))
    store.export_counts(request, "json", ctx.tmp / f"counts-{store.user.role}.json")


SERVICE_CALLS: dict[Action, Callable[[Store, Context], None]] = {
    Action.READ_SCREENINGS: _read_screenings,
    Action.CREATE_SCREENING: _create_screening,
    Action.AMEND_SCREENING: _amend_screening,
    Action.LOG_DELIVERY: _log_delivery,
    Action.READ_LESSONS: _read_lessons,
    Action.PRINT_HANDOUTS: _print_handouts,
    Action.VIEW_DASHBOARD: _view_dashboard,
    Action.EXPORT_COUNTS: _export_counts,
    Action.MANAGE_ACCOUNTS: _manage_accounts,
    Action.MANAGE_CONTACTS: _manage_contacts,
    Action.MANAGE_CONTENT: _manage_content,
    Action.BACKUP_RESTORE: _backup,
    Action.READ_AUDIT: _read_audit,
}

# Actions a command-line user can attempt (the others have no command).
CLI_ARGS: dict[Action, list[str]] = {
    Action.READ_SCREENINGS: ["screening", "list"],
    Action.CREATE_SCREENING: ["demo-data", "--screenings", "3"],
    Action.EXPORT_COUNTS: ["export-counts", "--from", "2026-01", "--to", "2026-11",
                           "--format", "json", "--out", "{tmp}/cli-counts.json"],
    Action.MANAGE_ACCOUNTS: ["users", "list"],
    Action.MANAGE_CONTENT: ["instrument", "import", str(FIXTURE_NEXT)],
    Action.BACKUP_RESTORE: ["backup", "--out", "{tmp}/cli-backup.zip"],
    Action.READ_AUDIT: ["audit", "head"],
}


def test_the_declared_table_matches_the_domain() -> None:
    for action, roles in EXPECTED.items():
        assert {r for r in Role if action in PERMISSIONS[r]} == roles, action


def test_every_action_has_a_service_check() -> None:
    assert set(SERVICE_CALLS) == set(Action) == set(EXPECTED)


@pytest.fixture
def context(data_dir: Path, tmp_path: Path) -> Context:
    lead = Store.open(data_dir, LEAD, PASSWORDS[LEAD])
    try:
        code, _outcome = lead.save_screening(entry())
    finally:
        lead.close()
    return Context(data_dir, tmp_path, code)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_service_enforces(role: Role, action: Action, context: Context) -> None:
    user = ROLE_USERS[role]
    store = Store.open(context.data_dir, user, PASSWORDS[user])
    try:
        if role in EXPECTED[action]:
            SERVICE_CALLS[action](store, context)
        else:
            with pytest.raises(PermissionDenied):
                SERVICE_CALLS[action](store, context)
    finally:
        store.close()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(CLI_ARGS))
def test_cli_enforces(role: Role, action: Action, context: Context, capsys,  # type: ignore[no-untyped-def]
                      monkeypatch) -> None:
    user = ROLE_USERS[role]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", PASSWORDS[user])
    args = [a.replace("{tmp}", str(context.tmp)) for a in CLI_ARGS[action]]
    code = main(["--data-dir", str(context.data_dir), "--user", user, *args])
    err = capsys.readouterr().err
    if role in EXPECTED[action] and action is Action.CREATE_SCREENING:
        # allowed, then refused for another reason: this store holds real screenings
        assert code == 1 and "real screenings" in err
    elif role in EXPECTED[action]:
        assert code == 0, err
    else:
        assert code == 1 and "Permission denied" in err and len(err.strip().splitlines()) == 1
