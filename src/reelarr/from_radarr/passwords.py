"""Radarr's password hashes, kept so a user's Radarr password logs in to Reelarr unchanged.

Radarr (``UserService``, since migration 215) stores PBKDF2 with HMAC-SHA512, 10,000 iterations,
a random 16-byte salt and a 32-byte key, salt and key in base64 in ``Users.Salt`` and
``Users.Password``. Reelarr keeps them as ``pbkdf2_sha512$<iterations>$<salt>$<hash>``; older
Radarr users without a salt hold an unsalted SHA-256 hex digest, which cannot be kept safely.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac


def stored_form(password_hash: str, salt: str, iterations: int, hash_name: str = "sha512") -> str:
    return f"pbkdf2_{hash_name}${iterations}${salt}${password_hash}"


def verify_pbkdf2(password: str, stored: str) -> bool:
    """Whether ``password`` matches a ``pbkdf2_<hash>$<iterations>$<salt b64>$<hash b64>`` value."""
    try:
        scheme, iterations, salt, expected = stored.split("$")
        if not scheme.startswith("pbkdf2_"):
            return False
        wanted = base64.b64decode(expected, validate=True)
        candidate = hashlib.pbkdf2_hmac(
            scheme.removeprefix("pbkdf2_"),
            password.encode(),
            base64.b64decode(salt, validate=True),
            int(iterations),
            dklen=len(wanted),
        )
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(candidate, wanted)
