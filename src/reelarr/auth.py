"""Users' passwords: argon2id hashes, checked in a worker thread one at a time.

Hashing is deliberately slow (tens of milliseconds and 64 MiB), so it never runs on the event
loop, and only one runs at a time: a flood of logins then queues behind itself instead of
taking both cores from the API. An unknown user is checked against a dummy hash, so the answer
takes as long as for a known one and does not tell which usernames exist.

Older stored forms still verify and are replaced on the next successful login:
``scrypt$n$r$p$salt$digest`` (Reelarr before argon2) and ``pbkdf2_<hash>$iterations$salt$digest``
(base64; a password imported from Radarr).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults follow RFC 9106's second recommendation (t=3, 64 MiB, p=4).
_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))
# One thread for all hashing: a thread, not the loop, and one hash at a time.
_HASHING_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="password-hashing")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, in any of the forms Reelarr has stored."""
    if stored.startswith("$argon2"):
        try:
            return _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    if stored.startswith("pbkdf2_"):
        return _verify_pbkdf2(password, stored)
    return False


def needs_rehash(stored: str) -> bool:
    """True for an older form or older argon2 parameters: the next login stores a new hash."""
    if not stored.startswith("$argon2"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


async def check_password(password: str, stored: str | None) -> bool:
    """``verify_password`` off the event loop; a missing user costs the same as a wrong password."""
    loop = asyncio.get_running_loop()
    if stored is None:
        await loop.run_in_executor(_HASHING_THREAD, verify_password, password, _DUMMY_HASH)
        return False
    return await loop.run_in_executor(_HASHING_THREAD, verify_password, password, stored)


async def hash_password_off_loop(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_HASHING_THREAD, hash_password, password)


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return secrets.compare_digest(candidate.hex(), digest)


def _verify_pbkdf2(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, digest = stored.split("$")
        expected = base64.b64decode(digest, validate=True)
        candidate = hashlib.pbkdf2_hmac(
            algorithm.removeprefix("pbkdf2_"),
            password.encode(),
            base64.b64decode(salt, validate=True),
            int(iterations),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return secrets.compare_digest(candidate, expected)
