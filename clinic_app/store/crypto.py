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
    """Argon2id cost; stored in each slot so it can be raised later without breaking old slots."""

    memory_kib: int = 19 * 1024  # OWASP floor: 19 MiB, 2 passes, 1 lane
    iterations: int = 2
    lanes: int = 1


DEFAULT_KDF = KdfParams()


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
    data_key: bytes, password: str, associated: bytes, kdf: KdfParams = DEFAULT_KDF
) -> WrappedKey:
    """Wrap the data key under `password`; `associated` binds the slot to its account."""
    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    wrapping_key = derive_key(password, salt, kdf)
    ciphertext = AESGCM(wrapping_key).encrypt(nonce, data_key, associated)
    return WrappedKey(salt, nonce, ciphertext, kdf)


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
