"""Field encryption for the server backend: sealed per value, bound to its place."""

from __future__ import annotations

import os
from typing import TypedDict

import pytest

from clinic_app.errors import StoreError
from clinic_app.store.fieldcrypt import (
    OVERHEAD,
    VERSION,
    FieldCipher,
    FieldDecryptError,
    associated_data,
    decrypt_field,
    encrypt_field,
)


class Place(TypedDict):
    table: str
    column: str
    row_id: int | str


KEY = bytes(range(32))
PLACE: Place = {"table": "screening_revision", "column": "notes", "row_id": 42}
SECRET = "Ardaygu wuxuu sheegay in aan guriga lagu nabad ahayn"

TEXTS = [
    "",
    "Plain ASCII note",
    SECRET,  # Somali
    "Nws hais tias nws tsis muaj chaw nyob ruaj khov",  # Hmong (RPA)
    "Dijo que se siente inseguro en casa; pidió hablar a solas — ¿mañana?",  # Spanish
    "emoji and other planes: \U0001f600 \u0915\u094d\u0937",
]


@pytest.mark.parametrize("text", TEXTS)
def test_round_trip(text: str) -> None:
    blob = encrypt_field(KEY, text, **PLACE)
    assert isinstance(blob, bytes)
    assert blob[0] == VERSION
    assert len(blob) == OVERHEAD + len(text.encode("utf-8"))
    assert decrypt_field(KEY, blob, **PLACE) == text


def test_the_text_is_not_in_the_sealed_value() -> None:
    blob = encrypt_field(KEY, SECRET, **PLACE)
    assert blob is not None
    assert SECRET.encode() not in blob and b"Ardaygu" not in blob


def test_none_stays_none() -> None:
    assert encrypt_field(KEY, None, **PLACE) is None
    assert decrypt_field(KEY, None, **PLACE) is None


def test_a_driver_memoryview_opens() -> None:
    cipher = FieldCipher(KEY)
    blob = cipher.seal(SECRET, **PLACE)
    assert blob is not None
    assert cipher.open(memoryview(blob), **PLACE) == SECRET  # type: ignore[arg-type]


def test_two_encryptions_of_one_value_differ() -> None:
    cipher = FieldCipher(KEY)
    first, second = (cipher.seal(SECRET, **PLACE) for _ in range(2))
    assert first is not None and second is not None
    assert first != second
    assert first[1:13] != second[1:13]  # a fresh nonce each time


MOVED: list[Place] = [
    {**PLACE, "row_id": 43},
    {**PLACE, "row_id": "42x"},
    {**PLACE, "column": "reason"},
    {**PLACE, "table": "screening_draft"},
    # the same characters split differently between table and column
    {**PLACE, "table": "screening_revisionn", "column": "otes"},
]


@pytest.mark.parametrize("moved", MOVED)
def test_a_value_moved_to_another_row_column_or_table_does_not_open(moved: Place) -> None:
    blob = encrypt_field(KEY, SECRET, **PLACE)
    with pytest.raises(FieldDecryptError) as caught:
        decrypt_field(KEY, blob, **moved)
    assert SECRET not in str(caught.value)


def test_the_bound_places_never_share_an_encoding() -> None:
    assert associated_data("ab", "c", 1) != associated_data("a", "bc", 1)
    assert associated_data("a", "b", 12) != associated_data("a", "b1", 2)


@pytest.mark.parametrize("position", [0, 1, 12, 13, -17, -1])
def test_a_flipped_byte_does_not_open(position: int) -> None:
    blob = encrypt_field(KEY, SECRET, **PLACE)
    assert blob is not None
    damaged = bytearray(blob)
    damaged[position] ^= 0x01
    with pytest.raises(FieldDecryptError) as caught:
        decrypt_field(KEY, bytes(damaged), **PLACE)
    assert SECRET not in str(caught.value)
    assert "screening_revision.notes" in str(caught.value)


@pytest.mark.parametrize("cut", [b"", b"\x01", b"\x01" + bytes(27)])
def test_a_truncated_value_does_not_open(cut: bytes) -> None:
    with pytest.raises(FieldDecryptError):
        decrypt_field(KEY, cut, **PLACE)


def test_a_wrong_key_does_not_open() -> None:
    blob = encrypt_field(KEY, SECRET, **PLACE)
    with pytest.raises(FieldDecryptError) as caught:
        decrypt_field(os.urandom(32), blob, **PLACE)
    message = str(caught.value)
    assert SECRET not in message and "Ardaygu" not in message
    assert "\n" not in message
    assert isinstance(caught.value, StoreError)


def test_an_unknown_version_says_so() -> None:
    blob = encrypt_field(KEY, SECRET, **PLACE)
    assert blob is not None
    with pytest.raises(FieldDecryptError, match="version 2"):
        decrypt_field(KEY, b"\x02" + blob[1:], **PLACE)


def test_the_data_key_must_be_32_bytes() -> None:
    with pytest.raises(ValueError):
        FieldCipher(bytes(16))
