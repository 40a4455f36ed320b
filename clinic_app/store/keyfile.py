"""The key file beside the database: one wrapped data key per account, and sign-in throttling.

It holds no names in clear: a slot is found by a salted hash of the user name. It holds
nothing about students. Roles and account state live inside the encrypted database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinic_app.errors import KeySlotDamagedError, NotAStoreError
from clinic_app.files import atomic_write
from clinic_app.i18n import _
from clinic_app.store import crypto
from clinic_app.store.crypto import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    KdfParams,
    UnwrapError,
    WrappedKey,
    unwrap_data_key,
    wrap_data_key,
)

FORMAT = "clinic-app-keys"
FORMAT_VERSION = 1
THROTTLE_FREE_FAILURES = 3
THROTTLE_MAX_SECONDS = 300
LOCKOUT_FAILURES = 10  # then only a lead (or a password reset) can unlock the account

# The wall clock of the throttle (seconds, as time.time); tests put a fake clock here.
clock = time.time


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _slot_check(slot: dict[str, Any]) -> str:
    """A checksum of a slot's fields (not a secret): damage shows before any unwrap."""
    fields = {key: slot[key] for key in ("salt", "nonce", "ciphertext", "kdf")}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AuditAnchor:
    """The audit head the key file vouches for, and any tampering found so far."""

    id: int
    hash: str
    broken: str = ""


@dataclass
class KeyFile:
    """The parsed key file; `save()` writes it atomically."""

    path: Path
    store_id: str
    salt: bytes
    slots: dict[str, dict[str, Any]]
    throttle: dict[str, dict[str, float]]
    # Failed sign-ins cannot be written to the locked database; they wait here (slot
    # id and time only) until the next sign-in moves them into the audit log.
    pending_failures: list[dict[str, Any]] = field(default_factory=list)
    # A second, independent witness of the audit chain head, authenticated with the data
    # key: deleting the newest entries and moving the head setting inside the database
    # no longer goes unseen. `broken` names tampering found at a sign-in, and stays.
    audit_anchor: dict[str, Any] | None = None

    @classmethod
    def new(cls, path: Path) -> KeyFile:
        return cls(path, uuid.uuid4().hex, os.urandom(16), {}, {})

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read the key file; anything unreadable is 'not a store'."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT or raw.get("version") != FORMAT_VERSION:
                raise ValueError("format")
            return cls(
                path,
                str(raw["store_id"]),
                _unb64(raw["salt"]),
                dict(raw["slots"]),
                dict(raw.get("throttle", {})),
                list(raw.get("pending_failures", [])),
                raw.get("audit_anchor"),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
                binascii.Error) as exc:
            raise NotAStoreError(
                _("The key file {path} is missing or damaged.").format(path=path)
            ) from exc

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "store_id": self.store_id,
            "salt": _b64(self.salt),
            "slots": self.slots,
            "throttle": self.throttle,
            "pending_failures": self.pending_failures,
            "audit_anchor": self.audit_anchor,
        }
        text = json.dumps(data, indent=1, sort_keys=True).encode("utf-8")
        atomic_write(self.path, text, private=True)

    def _anchor_mac(self, data_key: bytes, entry_id: int, digest: str, broken: str) -> str:
        key = hashlib.sha256(b"clinic-app audit anchor\0" + data_key).digest()
        message = f"{self.store_id}:{entry_id}:{digest}:{broken}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    def set_anchor(self, data_key: bytes, entry_id: int, digest: str, broken: str) -> None:
        """Record the chain head (not saved yet)."""
        self.audit_anchor = {"id": entry_id, "hash": digest, "broken": broken,
                             "mac": self._anchor_mac(data_key, entry_id, digest, broken)}

    def anchor(self, data_key: bytes) -> AuditAnchor | None:
        """The recorded head; None before the first one. A changed anchor (its MAC does
        not match) reads as broken: the key file was tampered with."""
        raw = self.audit_anchor
        if raw is None:
            return None
        try:
            entry_id, digest = int(raw["id"]), str(raw["hash"])
            broken, mac = str(raw.get("broken", "")), str(raw["mac"])
        except (KeyError, TypeError, ValueError):
            return AuditAnchor(0, "", "anchor_forged")
        if not hmac.compare_digest(mac, self._anchor_mac(data_key, entry_id, digest, broken)):
            return AuditAnchor(0, "", "anchor_forged")
        return AuditAnchor(entry_id, digest, broken)

    def slot_id(self, username: str) -> str:
        digest = hashlib.sha256(self.salt + username.casefold().encode("utf-8"))
        return digest.hexdigest()[:32]

    def associated_data(self, slot_id: str) -> bytes:
        """Binds a wrapped key to this store and this account: slots cannot be swapped."""
        return f"{self.store_id}:{slot_id}".encode("ascii")

    def put_slot(self, username: str, wrapped: WrappedKey) -> None:
        slot: dict[str, Any] = {
            "salt": _b64(wrapped.salt),
            "nonce": _b64(wrapped.nonce),
            "ciphertext": _b64(wrapped.ciphertext),
            "kdf": {
                "memory_kib": wrapped.kdf.memory_kib,
                "iterations": wrapped.kdf.iterations,
                "lanes": wrapped.kdf.lanes,
            },
        }
        slot["check"] = _slot_check(slot)
        self.slots[self.slot_id(username)] = slot

    def wrap_for(self, username: str, data_key: bytes, password: str,
                 kdf: KdfParams | None = None) -> None:
        """Give `username` a slot holding `data_key` under `password` (not saved yet)."""
        associated = self.associated_data(self.slot_id(username))
        self.put_slot(username, wrap_data_key(data_key, password, associated, kdf))

    def unwrap_for(self, username: str, password: str) -> bytes:
        """The data key from `username`'s slot; UnwrapError for a wrong password or no
        slot, KeySlotDamagedError for a slot that cannot be read."""
        slot = self.get_slot(username)
        if slot is None:
            raise UnwrapError
        return unwrap_data_key(slot, password, self.associated_data(self.slot_id(username)))

    def needs_stronger_slot(self, username: str) -> bool:
        """True when the account's slot was made with a lower cost than today's default."""
        slot = self.get_slot(username)
        return slot is not None and slot.kdf.weaker_than(crypto.DEFAULT_KDF)

    def drop_slot(self, username: str) -> None:
        self.slots.pop(self.slot_id(username), None)

    def get_slot(self, username: str) -> WrappedKey | None:
        """The account's wrapped key; None when the account has no slot."""
        raw = self.slots.get(self.slot_id(username))
        if raw is None:
            return None
        try:
            kdf = KdfParams(
                int(raw["kdf"]["memory_kib"]),
                int(raw["kdf"]["iterations"]),
                int(raw["kdf"]["lanes"]),
            )
            wrapped = WrappedKey(
                _unb64(raw["salt"]), _unb64(raw["nonce"]), _unb64(raw["ciphertext"]), kdf
            )
            if len(wrapped.nonce) != 12 or len(wrapped.ciphertext) != 48 or not (
                    8 <= kdf.memory_kib <= MAX_MEMORY_KIB and 1 <= kdf.iterations <= MAX_ITERATIONS
                    and 1 <= kdf.lanes <= MAX_LANES):
                raise ValueError("size")
            # A damaged slot must not read as a wrong password (and count towards lockout).
            # Slots written before the check existed have none and cannot be told apart.
            if "check" in raw and raw["check"] != _slot_check(raw):
                raise ValueError("check")
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise KeySlotDamagedError(
                _(
                    "The key slot of this account is damaged; "
                    "ask a clinic lead to reset its password."
                )
            ) from exc
        return wrapped

    # Sign-in throttling: growing delays after a few failures, kept per account slot.
    def seconds_until_allowed(self, username: str, now: float | None = None) -> int:
        entry = self.throttle.get(self.slot_id(username))
        if not entry:
            return 0
        failures = int(entry.get("failures", 0))
        if failures < THROTTLE_FREE_FAILURES:
            return 0
        delay = min(2 ** (failures - THROTTLE_FREE_FAILURES), THROTTLE_MAX_SECONDS)
        wait = entry.get("last", 0.0) + delay - (now if now is not None else clock())
        return max(0, int(wait + 0.999))

    def is_locked_out(self, username: str) -> bool:
        entry = self.throttle.get(self.slot_id(username)) or {}
        return int(entry.get("failures", 0)) >= LOCKOUT_FAILURES

    def record_failure(self, username: str) -> None:
        entry = self.throttle.setdefault(self.slot_id(username), {"failures": 0, "last": 0.0})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        entry["last"] = clock()
        self.pending_failures.append({"slot": self.slot_id(username), "at": entry["last"],
                                      "locked": entry["failures"] == LOCKOUT_FAILURES})

    def take_pending_failures(self) -> list[dict[str, Any]]:
        """Hand over (and forget) the failed sign-ins recorded while the store was locked."""
        pending, self.pending_failures = self.pending_failures, []
        return pending

    def clear_failures(self, username: str) -> bool:
        """Forget failures after a good sign-in; True if anything changed."""
        return self.throttle.pop(self.slot_id(username), None) is not None
