"""Radarr's PBKDF2 password hashes, checked the way Radarr makes them."""

from __future__ import annotations

import radarr_db

from reelarr.auth import needs_rehash
from reelarr.auth import verify_password as verify_pbkdf2
from reelarr.from_radarr.passwords import stored_form


def test_a_radarr_password_verifies_in_the_stored_form() -> None:
    password_hash, salt = radarr_db.radarr_password("hunter2", b"0123456789abcdef")
    stored = stored_form(password_hash, salt, 10000)
    assert stored.startswith("pbkdf2_sha512$10000$")
    assert verify_pbkdf2("hunter2", stored)
    # The first login replaces it with argon2id.
    assert needs_rehash(stored)


def test_a_wrong_password_does_not_verify() -> None:
    password_hash, salt = radarr_db.radarr_password("hunter2", b"0123456789abcdef")
    assert not verify_pbkdf2("hunter3", stored_form(password_hash, salt, 10000))


def test_the_iterations_stored_are_the_ones_used() -> None:
    password_hash, salt = radarr_db.radarr_password("hunter2", b"0123456789abcdef", iterations=5000)
    assert verify_pbkdf2("hunter2", stored_form(password_hash, salt, 5000))
    assert not verify_pbkdf2("hunter2", stored_form(password_hash, salt, 10000))


def test_other_or_broken_stored_values_never_verify() -> None:
    assert not verify_pbkdf2("x", "scrypt$16384$8$1$00$00")
    assert not verify_pbkdf2("x", "pbkdf2_sha512$10000$not base64!$AAAA")
    assert not verify_pbkdf2("x", "pbkdf2_nohash$10$AAAA$AAAA")
    assert not verify_pbkdf2("x", "")
