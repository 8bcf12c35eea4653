"""Reviewer accounts: argon2id password hashes, two roles.

A reviewer works the queue; a steward also sees the gate, closes review and manages the
batch. Unknown users cost the same argon2 verification as known ones, so response time
does not tell an attacker which user names exist.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chartforge.errors import ChartforgeError
from review.store.base import ReviewStore, User

ROLES = ("reviewer", "steward")
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,39}$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("chartforge-dummy-password")


def valid_username(username: object) -> bool:
    """User names are 2-40 of a-z 0-9 _ . - (starting with a letter or digit), at creation and
    at login: nothing else reaches the store, the audit log or a CSV export."""
    return isinstance(username, str) and _USERNAME.fullmatch(username) is not None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def add_user(store: ReviewStore, username: str, password: str, role: str, actor: str) -> None:
    if not valid_username(username):
        raise ChartforgeError.make("E307", user=username, reason="use 2-40 of a-z 0-9 _ . - (lower case)")
    if role not in ROLES:
        raise ChartforgeError.make("E307", user=username, reason=f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ChartforgeError.make("E307", user=username,
                                   reason=f"password needs at least {MIN_PASSWORD_LENGTH} characters")
    store.add_user(username, hash_password(password), role, actor)


def authenticate(store: ReviewStore, username: str, password: str) -> User | None:
    """The user if the password is right; None otherwise (an invalid name is never looked up)."""
    if not valid_username(username):
        return None
    user = store.get_user(username)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user
