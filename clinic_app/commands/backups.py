"""`backup --out FILE` and `restore FILE`: encrypted, verified."""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_app.commands.common import PASSWORD_ENV, open_store, read_secret
from clinic_app.errors import ValidationError
from clinic_app.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="write an encrypted, verified backup")
    backup.add_argument("--out", required=True, type=Path, help="the backup file to write")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the store with a verified backup")
    restore.add_argument("file", type=Path, help="a backup made by 'clinic-app backup'")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        info = store.backup(args.out)
    finally:
        store.close()
    print(_("Backup written and verified: {path} ({n} records in {t} tables).").format(
        path=args.out, n=sum(info.tables.values()), t=len(info.tables)))
    print(_("Audit log in this backup ends at {head}. Keep this line somewhere else: "
            "'audit verify' and a later backup must still show it.").format(head=info.audit_head))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.user:
        raise ValidationError(_("This command needs --user NAME before the command name."))
    if not args.file.is_file():
        raise ValidationError(_("There is no file {path}.").format(path=args.file))
    password = read_secret(PASSWORD_ENV, _("Password for {user}: ").format(user=args.user))
    from clinic_app.store.facade import Store  # loaded only by commands that need it

    kept = Store.restore(args.data_dir, args.file, args.user, password)
    print(_("Restored the store from {path}.").format(path=args.file))
    if kept is not None:
        print(_("The store it replaced was kept in {path}.").format(path=kept))
    return 0
