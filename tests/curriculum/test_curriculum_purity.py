"""curriculum/ is pure Python: it never imports Qt or the application."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "curriculum"
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "clinic_app")


def test_no_gui_or_app_imports_in_source() -> None:
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"


def test_importing_everything_loads_no_gui() -> None:
    code = (
        "import sys, curriculum\n"
        "for name in curriculum.__all__: getattr(curriculum, name)\n"
        f"bad = [m for m in sys.modules if m.startswith({FORBIDDEN!r})]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
