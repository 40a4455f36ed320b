"""The app and its CLI open no network connection (the guard itself is proven here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest


def test_the_guard_fails_a_test_that_connects() -> None:
    with pytest.raises(pytest.fail.Exception, match="network connection"):
        socket.create_connection(("127.0.0.1", 9))


def test_the_guard_reaches_subprocesses() -> None:
    code = "import socket; socket.create_connection(('127.0.0.1', 9))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ))
    assert result.returncode != 0 and "tried to open a network connection" in result.stderr


def test_no_module_imports_a_network_library() -> None:
    """A cheap static check on top of the runtime guard."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    banned = ("import requests", "import urllib.request", "import http.client",
              "from urllib.request", "import httpx", "import aiohttp", "QNetworkAccessManager")
    for folder in ("clinic_app", "curriculum", "screening"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in banned:
                assert needle not in text, f"{path}: {needle}"
