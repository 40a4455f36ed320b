"""Loaded by every Python subprocess the tests start (via PYTHONPATH): any attempt to
open a network connection fails loudly, so a code path that tries is caught."""

import socket

_real_connect = socket.socket.connect


def _refuse(self, address):  # type: ignore[no-untyped-def]
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    raise RuntimeError(f"clinic-app tried to open a network connection to {address!r}")


socket.socket.connect = _refuse  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign,assignment]
