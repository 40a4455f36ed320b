"""The layers of docs/architecture.md, held by tests: the store, the services, the
reports and the handouts never import Qt; only the store opens its own transactions."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import clinic_app

APP = Path(clinic_app.__file__).parent
QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
QT_FREE = ("store", "services", "reports", "handouts", "commands")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_layers_below_the_window_never_import_qt() -> None:
    offenders = {}
    for package in QT_FREE:
        files = sorted((APP / package).rglob("*.py"))
        assert files, package
        for path in files:
            qt = {name for name in _imports(path) if name.split(".")[0] in QT}
            qt |= {name for name in _imports(path) if name.startswith("clinic_app.ui")}
            if qt:
                offenders[str(path.relative_to(APP))] = sorted(qt)
    assert offenders == {}


PRIVATE_TRANSACTION = re.compile(r"\._(session|reading|audit_in)\(")


def test_only_the_store_opens_a_transaction_or_writes_an_audit_row_in_one() -> None:
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP)
        if relative.parts[0] == "store":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE_TRANSACTION.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
