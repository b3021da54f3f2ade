"""Radarr's password hashes, kept so a user's Radarr password logs in to Reelarr unchanged.

Radarr (``UserService``, since migration 215) stores PBKDF2 with HMAC-SHA512, 10,000 iterations,
a random 16-byte salt and a 32-byte key, salt and key in base64 in ``Users.Salt`` and
``Users.Password``. Reelarr keeps them as ``pbkdf2_sha512$<iterations>$<salt>$<hash>``, which
:func:`reelarr.auth.verify_password` checks and the first login replaces with argon2id; older
Radarr users without a salt hold an unsalted SHA-256 hex digest, which cannot be kept safely.
"""

from __future__ import annotations


def stored_form(password_hash: str, salt: str, iterations: int, hash_name: str = "sha512") -> str:
    return f"pbkdf2_{hash_name}${iterations}${salt}${password_hash}"
