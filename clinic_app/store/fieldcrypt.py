"""Field encryption for the server backend: one text value, sealed on the client.

On a PostgreSQL server the administrator must not be able to read a screening, so
answers, notes and every free-text field are encrypted by the app before they are sent
(issue 13). Each value is sealed with AES-256-GCM under a key derived from the clinic's
data key, with a fresh random 12-byte nonce, and with the table, column and row id as
associated data: a ciphertext copied to another row, column or table no longer opens.

Encoding (stored as bytes, e.g. a bytea column): VERSION (1 byte) + nonce (12 bytes) +
ciphertext and 16-byte tag. None stays None, so a NULL stays NULL.

The row id must be known before the row is written (a client-made record code, or an
id taken from a sequence first), since it is sealed into the value.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from clinic_app.errors import StoreError
from clinic_app.i18n import _
from clinic_app.store.crypto import DATA_KEY_BYTES, NONCE_BYTES

VERSION = 1
_HEADER = bytes([VERSION])
TAG_BYTES = 16
OVERHEAD = len(_HEADER) + NONCE_BYTES + TAG_BYTES
"""Bytes a sealed value adds to the UTF-8 text (29)."""
# The data key is also the key of the SQLCipher file store: field values get their own
# key derived from it, so one key never serves two ciphers.
_FIELD_KEY_INFO = b"clinic-app field encryption v1"


class FieldDecryptError(StoreError):
    """A sealed value does not open: altered, moved to another field, or a wrong key."""


def field_key(data_key: bytes) -> bytes:
    """The AES-256 key for field values, derived from the clinic's data key (HKDF-SHA256)."""
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError(f"the data key must be {DATA_KEY_BYTES} bytes")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_FIELD_KEY_INFO).derive(data_key)


def associated_data(table: str, column: str, row_id: int | str) -> bytes:
    """What a value is bound to: version, table, column and row id, each length-prefixed
    so no two different places share one encoding."""
    parts = [part.encode("utf-8") for part in (table, column, str(row_id))]
    return _HEADER + b"".join(len(part).to_bytes(4, "big") + part for part in parts)


class FieldCipher:
    """Seals and opens field values for one clinic (build it once per open store)."""

    def __init__(self, data_key: bytes) -> None:
        self._aead = AESGCM(field_key(data_key))

    def seal(self, value: str | None, *, table: str, column: str, row_id: int | str
             ) -> bytes | None:
        """The encrypted form of `value` for this table, column and row (None stays None)."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError("only text values are sealed")
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"),
                                    associated_data(table, column, row_id))
        return _HEADER + nonce + sealed

    def open(self, blob: bytes | None, *, table: str, column: str, row_id: int | str
             ) -> str | None:
        """The text sealed in `blob`, or FieldDecryptError (never showing the value)."""
        if blob is None:
            return None
        blob = bytes(blob)  # a memoryview from the driver
        if blob[:1] != _HEADER:
            if len(blob) >= OVERHEAD:
                raise FieldDecryptError(_(
                    "A protected value in {field} has a format this version of the app "
                    "cannot read (version {version}).").format(
                        field=f"{table}.{column}", version=blob[0]))
            raise _damaged(table, column)
        if len(blob) < OVERHEAD:
            raise _damaged(table, column)
        nonce, sealed = blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:]
        try:
            plain = self._aead.decrypt(nonce, sealed, associated_data(table, column, row_id))
        except InvalidTag:
            raise _damaged(table, column) from None
        return plain.decode("utf-8")


def _damaged(table: str, column: str) -> FieldDecryptError:
    return FieldDecryptError(_(
        "A protected value in {field} cannot be read: it was altered or moved, or the "
        "key is not this clinic's.").format(field=f"{table}.{column}"))


def encrypt_field(data_key: bytes, value: str | None, *, table: str, column: str,
                  row_id: int | str) -> bytes | None:
    """Seal one value (see FieldCipher.seal); None stays None."""
    return FieldCipher(data_key).seal(value, table=table, column=column, row_id=row_id)


def decrypt_field(data_key: bytes, blob: bytes | None, *, table: str, column: str,
                  row_id: int | str) -> str | None:
    """Open one value (see FieldCipher.open); raises FieldDecryptError."""
    return FieldCipher(data_key).open(blob, table=table, column=column, row_id=row_id)
