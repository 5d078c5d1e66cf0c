"""Passwords: argon2id hashes (argon2-cffi), random initial passwords. Nothing here logs a secret."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from engine.errors import StoreError

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "dummy_hash", "hash_password", "needs_rehash", "new_password", "verify_password"]

_hasher = PasswordHasher()

MIN_LENGTH = 10
#: Longer passwords are refused (argon2 hashes any length; a megabyte of password is not a password).
MAX_LENGTH = 1024


def hash_password(password: str) -> str:
    if not isinstance(password, str) or not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise StoreError(
            f"a password needs {MIN_LENGTH} to {MAX_LENGTH} characters", code="store.invalid", loc=("password",)
        )
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if ``password`` matches; every call costs one argon2 verification, match or not."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        password = ""  # still verify, so a wrong type or size takes as long as a wrong password
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


#: argon2id of a random password nobody kept, made with the default parameters: what an unknown user
#: is checked against, so that check costs what a real one does from the very first login.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$RPN9tmRwnn3GTYFPfeRtxw$jdX/Hyl2l/yBarw4qZg7xmOC+l40k/2z/7uzXCoOERo"


_dummies: dict[tuple[int, int, int, int, int], str] = {}


def dummy_hash() -> str:
    """The hash an unknown user is checked against: made with the hasher's current parameters."""
    if not _hasher.check_needs_rehash(_DUMMY_HASH):
        return _DUMMY_HASH
    h = _hasher
    key = (h.time_cost, h.memory_cost, h.parallelism, h.hash_len, h.salt_len)
    if key not in _dummies:
        _dummies[key] = h.hash(secrets.token_urlsafe(32))
    return _dummies[key]


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_password() -> str:
    """A random password for a first account, shown to the operator once."""
    return secrets.token_urlsafe(15)
