"""Key material: the random data key, Argon2id key derivation and AES-GCM key wrapping.

The store is encrypted with one random 256-bit data key. Each staff account holds a
key slot: the data key wrapped with AES-GCM under a key derived from that account's
password with Argon2id. Accounts can therefore come and go without re-encrypting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost; stored in each slot so it can be raised later without breaking old slots.

    The default costs about half a second on a 2-core clinic computer (bench/security.py
    measures it): each offline guess at a copied key file costs the same. A slot made
    with a lower cost is re-made with this one at its next sign-in."""

    memory_kib: int = 128 * 1024  # 128 MiB, 4 passes, 1 lane (OWASP's floor is 19 MiB x 2)
    iterations: int = 4
    lanes: int = 1

    def weaker_than(self, other: KdfParams) -> bool:
        return self.memory_kib < other.memory_kib or self.iterations < other.iterations


DEFAULT_KDF = KdfParams()
"""Read at call time (`crypto.DEFAULT_KDF`), so the test suite can choose a cheaper cost."""
# Bounds on a cost read from a key file: a hostile file must not make sign-in allocate
# gigabytes or run for hours.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 16


class UnwrapError(Exception):
    """The slot did not open: wrong password, or the slot was altered."""


def new_data_key() -> bytes:
    """A fresh random 256-bit key for a new store."""
    return os.urandom(DATA_KEY_BYTES)


def derive_key(password: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(password, salt) -> 256-bit wrapping key."""
    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.lanes,
        hash_len=32,
        type=Type.ID,
    )


@dataclass(frozen=True)
class WrappedKey:
    """What a key slot stores: salt, nonce, ciphertext+tag, and the KDF cost."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: KdfParams


def wrap_data_key(
    data_key: bytes, password: str, associated: bytes, kdf: KdfParams | None = None
) -> WrappedKey:
    """Wrap the data key under `password`; `associated` binds the slot to its account."""
    cost = kdf or DEFAULT_KDF
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    wrapping_key = derive_key(password, salt, cost)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, data_key, associated)
    return WrappedKey(salt, nonce, ciphertext, cost)


def unwrap_data_key(slot: WrappedKey, password: str, associated: bytes) -> bytes:
    """Recover the data key, or raise UnwrapError."""
    wrapping_key = derive_key(password, slot.salt, slot.kdf)
    try:
        key = AESGCM(wrapping_key).decrypt(slot.nonce, slot.ciphertext, associated)
    except InvalidTag as exc:
        raise UnwrapError from exc
    if len(key) != DATA_KEY_BYTES:
        raise UnwrapError
    return key
