"""What every store-opening command shares: reading passwords and unlocking."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from clinic_app.errors import ValidationError
from clinic_app.i18n import _

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

PASSWORD_ENV = "CLINIC_APP_PASSWORD"
NEW_PASSWORD_ENV = "CLINIC_APP_NEW_PASSWORD"


def read_secret(env_name: str, prompt: str) -> str:
    """A password from the environment, else an interactive prompt (never echoed)."""
    value = os.environ.get(env_name)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(
            _("No password given: set {env} or run the command in a terminal.").format(env=env_name)
        )
    return getpass.getpass(prompt)


def open_store(args: argparse.Namespace) -> Store:
    """Unlock the store in --data-dir as --user with the password from the environment."""
    if not args.user:
        raise ValidationError(_("This command needs --user NAME before the command name."))
    password = read_secret(PASSWORD_ENV, _("Password for {user}: ").format(user=args.user))
    from clinic_app.store.facade import Store  # loaded only by commands that need it

    return Store.open(args.data_dir, args.user, password)
