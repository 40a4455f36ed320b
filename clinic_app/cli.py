"""The command-line contract (see ARCHITECTURE.md): global options, commands, exit codes.

Exit 0 on success, 1 on a user error with one line on stderr, 2 on a usage error.
No traceback reaches the user; unexpected errors are logged under the data folder.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from clinic_app import __version__
from clinic_app.commands import (
    accounts,
    audit,
    backups,
    curriculum_cmd,
    doctor,
    handouts,
    i18n_status,
    reports_cmd,
    screening_cmd,
)
from clinic_app.errors import ClinicError
from clinic_app.i18n import LANGUAGES, UnknownLanguageError, _, set_language
from clinic_app.logs import log_unexpected, setup_logging
from clinic_app.paths import default_data_dir
from clinic_app.store.layout import store_exists

log = logging.getLogger("clinic_app.cli")
COMMAND_MODULES = (
    accounts, i18n_status, doctor, audit, backups, handouts, curriculum_cmd, screening_cmd,
    reports_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clinic-app",
        description="Screening, lessons and anonymized counts for school-based health clinics.",
    )
    parser.add_argument("--version", action="version", version=f"clinic-app {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="data folder (default: $CLINIC_APP_DATA_DIR or the user data folder)")
    parser.add_argument("--lang", default=None, help="language: " + ", ".join(LANGUAGES))
    parser.add_argument("--user", default=None, help="user name for commands that open the store")
    parser.add_argument("--smoke", action="store_true",
                        help="start the app, show its first window and quit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def _is_damaged_store(exc: BaseException) -> bool:
    """A database page that fails SQLCipher's check surfaces as a DatabaseError."""
    from sqlalchemy.exc import DatabaseError

    return isinstance(exc, DatabaseError) and any(
        word in str(exc.orig) for word in ("not a database", "malformed", "disk image"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = args.data_dir or default_data_dir()
    language = args.lang or os.environ.get("CLINIC_APP_LANG") or "en"
    try:
        set_language(language)
    except UnknownLanguageError:
        print(_("Unknown language '{code}': use one of {codes}.").format(
            code=language, codes=", ".join(LANGUAGES)), file=sys.stderr)
        return 1
    if args.command is None:
        from clinic_app.ui.app import run_app  # Qt is loaded only for the GUI

        return run_app(args.data_dir, language=language, smoke=args.smoke)
    # Only a folder that holds a store gets a log: commands that need no store (handouts,
    # validation) leave no trace in the default data folder.
    log_file = setup_logging(args.data_dir) if store_exists(args.data_dir) else None
    try:
        result: int = args.func(args)
        return result
    except ClinicError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1
    except BrokenPipeError:  # e.g. `clinic-app screening list | head`: not an error
        sys.stderr.close()
        return 0
    except Exception as exc:
        if _is_damaged_store(exc):
            print(_("The store in {path} is damaged: part of the database cannot be read. "
                    "Run 'clinic-app doctor', then restore the last verified backup.").format(
                path=args.data_dir), file=sys.stderr)
            return 1
        log_unexpected(log, exc, f"command {args.command}")
        if log_file is not None:
            print(_("Unexpected error; details were written to the log in {path}.").format(
                path=log_file.parent), file=sys.stderr)
        else:
            print(_("Unexpected error ({kind}); no log could be written.").format(
                kind=type(exc).__name__), file=sys.stderr)
        return 1
