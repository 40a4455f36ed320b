"""Shared test fixtures: offscreen Qt, and a template store built once and copied per test."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses started by tests load tests/support/sitecustomize.py: no network there either.
_SUPPORT = str(Path(__file__).parent / "support")
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (_SUPPORT, os.environ.get("PYTHONPATH", "")) if p)

import pytest  # noqa: E402
from staff_accounts import (  # noqa: E402
    ADMIN,
    ADMIN_PASSWORD,
    EDUCATOR,
    EDUCATOR_PASSWORD,
    LEAD,
    LEAD_PASSWORD,
    NURSE,
    NURSE_PASSWORD,
    PASSWORDS,
)

from clinic_app.i18n import set_language  # noqa: E402
from clinic_app.store import crypto  # noqa: E402
from clinic_app.store.facade import Store  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

# The shipped key-slot cost takes about half a second per sign-in; the suite signs in
# hundreds of times, so its stores use the older, cheaper cost. Tests of the cost itself
# read `crypto.KdfParams()`, the shipped default.
TEST_KDF = crypto.KdfParams(memory_kib=19 * 1024, iterations=2)
crypto.DEFAULT_KDF = TEST_KDF


@pytest.fixture(scope="session")
def qapp(qapp: QApplication) -> QApplication:
    """pytest-qt's one QApplication, with the app's stylesheet as `run_app` gives it."""
    from clinic_app.ui.style import apply_app_style

    apply_app_style(qapp)
    return qapp


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one account per role, built once per test run."""
    folder = tmp_path_factory.mktemp("template") / "data"
    store = Store.create(folder, clinic="Test Clinic", sites=["North High", "South High"],
                         admin=LEAD, password=LEAD_PASSWORD)
    store.add_account(NURSE, "nurse", NURSE_PASSWORD)
    store.add_account(EDUCATOR, "educator", EDUCATOR_PASSWORD)
    store.add_account(ADMIN, "admin", ADMIN_PASSWORD)
    store.close()
    return folder


@pytest.fixture
def data_dir(template_store: Path, tmp_path: Path) -> Path:
    """A private copy of the template store for one test."""
    target = tmp_path / "data"
    shutil.copytree(template_store, target)
    return target


@pytest.fixture
def open_as(data_dir: Path) -> Iterator[object]:
    """open_as(user) -> Store signed in as that test account; closed after the test."""
    opened: list[Store] = []

    def _open(user: str) -> Store:
        store = Store.open(data_dir, user, PASSWORDS[user])
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app opens no network connection: any attempt fails the test."""
    real_connect = socket.socket.connect

    def refuse(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:  # local IPC (e.g. Qt, D-Bus) is not network
            real_connect(self, address)
            return
        pytest.fail(f"code tried to open a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(
        socket.socket(), a[0] if a else None))


@pytest.fixture(autouse=True)
def english_ui() -> Iterator[None]:
    """Every test starts and ends in English, whatever it switched to."""
    set_language("en")
    yield
    set_language("en")
