"""The secret de-identification key and everything derived from it by HMAC.

The key never leaves this module's callers: outputs carry only :func:`fingerprint`
(an HMAC of a constant), which identifies the key without revealing it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from chartforge.errors import ChartforgeError

ENV_KEY = "CHARTFORGE_DEID_KEY"
_FINGERPRINT_CONSTANT = b"chartforge/deid/key-fingerprint/v1"
_SEP = "\x1f"


def load_key(key_file: str | os.PathLike, environ: dict[str, str] | None = None) -> bytes:
    """The key from $CHARTFORGE_DEID_KEY, else from ``key_file`` (created 0600 on first use)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_KEY):
        return environ[ENV_KEY].encode("utf-8")
    path = Path(key_file).expanduser()
    if not path.exists():
        _create_key_file(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:  # group/other may read it: a leaked key re-identifies every batch
        raise ChartforgeError.make("E204", path=path, mode=oct(mode))
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise ChartforgeError.make("E203", path=path, reason="the file is empty")
    return key.encode("utf-8")


def _create_key_file(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: two workers starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise ChartforgeError.make("E203", path=path, reason=exc.strerror) from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")


def fingerprint(key: bytes) -> str:
    return hmac.new(key, _FINGERPRINT_CONSTANT, hashlib.sha256).hexdigest()[:16]


def derive(key: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the parts: the root of every keyed choice (offsets, seeds, pseudonyms)."""
    return hmac.new(key, _SEP.join(parts).encode("utf-8"), hashlib.sha256).digest()


def derive_int(key: bytes, *parts: str) -> int:
    return int.from_bytes(derive(key, *parts), "big")


def date_offset_days(key: bytes, patient_id: str, low: int, high: int) -> int:
    """Per-patient date shift in [low, high]; never 0 when the range excludes it."""
    return low + derive_int(key, "date-offset", patient_id) % (high - low + 1)


def pseudonym(key: bytes, kind: str, value: str, prefix: str) -> str:
    return prefix + derive(key, "pseudonym", kind, value).hex()[:12]
