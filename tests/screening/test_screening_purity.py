"""screening/ is the domain: it must never import Qt or the application."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import screening

PACKAGE = Path(screening.__file__).parent
FORBIDDEN = {"PySide6", "PyQt5", "PyQt6", "shiboken6", "clinic_app"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("__import__", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_no_module_in_screening_imports_qt_or_the_app() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 8
    offenders = {str(f): _imported_roots(f) & FORBIDDEN for f in files}
    assert {f: r for f, r in offenders.items() if r} == {}


def test_the_scan_would_catch_an_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nfrom PySide6.QtCore import Qt\nimport importlib\n"
        "importlib.import_module('clinic_app.ui')\n",
        encoding="utf-8",
    )
    assert _imported_roots(bad) & FORBIDDEN == {"PySide6", "clinic_app"}


def test_importing_screening_loads_no_qt() -> None:
    code = (
        "import sys, screening\n"
        "screening.load_bundled()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(FORBIDDEN)!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=PACKAGE.parent,
    )
    assert out.stdout.strip() == "[]"
