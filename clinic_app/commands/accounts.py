"""`init` and `users add`: create the store and its staff accounts."""

from __future__ import annotations

import argparse

from clinic_app.commands.common import NEW_PASSWORD_ENV, PASSWORD_ENV, open_store, read_secret
from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Role


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser("init", help="create an encrypted store and its first lead account")
    init.add_argument("--clinic", required=True, help="the clinic's name")
    init.add_argument("--admin", required=True, help="user name of the first lead account")
    init.add_argument("--site", action="append", default=[], help="a school site (repeatable)")
    # The shipped counties are read when the command runs: the CLI starts without them.
    init.add_argument("--region", default="hennepin",
                      help="county contacts to start from (a shipped county such as hennepin "
                      "or ramsey, or none to enter your own); default hennepin")
    init.set_defaults(func=cmd_init)

    users = sub.add_parser("users", help="manage staff accounts")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser("add", help="add a staff account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.set_defaults(func=cmd_users_add)
    listing = users_sub.add_parser("list", help="list staff accounts")
    listing.set_defaults(func=cmd_users_list)
    unlock = users_sub.add_parser("unlock", help="let a locked account sign in again")
    unlock.add_argument("username")
    unlock.set_defaults(func=cmd_users_unlock)


def cmd_init(args: argparse.Namespace) -> int:
    password = read_secret(PASSWORD_ENV, _("New password for {user}: ").format(user=args.admin))
    from clinic_app.handouts.contacts import load_regions, missing_roles
    from clinic_app.jurisdiction import ROLE_LABELS
    from clinic_app.store.facade import Store  # loaded only by commands that need it

    region_ids = tuple(region.id for region in load_regions())
    region = None if args.region == "none" else args.region
    if region is not None and region not in region_ids:
        raise ValidationError(_("Region: '{value}' is not one of {choices}.").format(
            value=args.region, choices=", ".join((*region_ids, "none"))))
    store = Store.create(args.data_dir, clinic=args.clinic, sites=args.site, admin=args.admin,
                         password=password)
    try:
        store.apply_region(region)
        missing = missing_roles(store.referral_contacts())
    finally:
        store.close()
    for role in missing:
        print(_("Still to enter: the {role} number (Administration > Referral contacts).")
              .format(role=_(ROLE_LABELS[role])))
    print(_("Created an encrypted store in {path} with lead account '{user}'.").format(
        path=args.data_dir, user=store.user.username))
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        password = read_secret(NEW_PASSWORD_ENV,
                               _("New password for {user}: ").format(user=args.username))
        store.add_account(args.username, args.role, password)
    finally:
        store.close()
    print(_("Added account '{user}' ({role}).").format(user=args.username.lower(), role=args.role))
    return 0


def cmd_users_unlock(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        store.unlock_account(args.username)
    finally:
        store.close()
    print(_("Account '{user}' can sign in again.").format(user=args.username.strip().lower()))
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        for account in store.list_accounts():
            state = _("active") if account.active else _("disabled")
            print(f"{account.username}\t{account.role}\t{state}")
    finally:
        store.close()
    return 0
