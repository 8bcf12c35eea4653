"""Login backoff per client and per user name, that an attacker cannot turn into a lockout.

After ``free`` wrong passwords for a key (a client address, or a user name from anywhere),
the next attempt for that key is checked only once a backoff window has passed:
``base * 2**(failures - free)`` seconds, capped. Attempts inside the window are refused
(429 + Retry-After) *without* checking the password and without counting, so hammering the
form does not stretch the window: whoever tries once the window has passed is heard, and the
right password then works. The per-user cap is short (a minute) so guessing from many
addresses is slowed, but a user is never locked out for longer; a single noisy client backs
off much further (15 minutes) and only itself.

A client address a user has signed in from before (remembered in memory, bounded) is not
held by that user's window: guessing from elsewhere cannot keep the user out of a machine
they already use. Only its own client window applies to it.

Behind a reverse proxy the client address is the proxy's unless the proxy sets
X-Forwarded-For (uvicorn trusts it from 127.0.0.1 only).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Backoff:
    free: int        # failures allowed before any waiting
    base: float      # first window, seconds
    cap: float       # longest window, seconds
    forget: float = 3600.0  # failures older than this (since the last one) are forgotten

    def window(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap, self.base * 2 ** (failures - self.free))


CLIENT_BACKOFF = Backoff(free=10, base=1.0, cap=900.0)
USER_BACKOFF = Backoff(free=5, base=1.0, cap=60.0)
MAX_KEYS = 10_000  # invented names and addresses cannot grow memory without bound


@dataclass
class _Failures:
    count: int
    last: float


class LoginThrottle:
    def __init__(self, clock: Callable[[], float] = time.monotonic, client: Backoff = CLIENT_BACKOFF,
                 user: Backoff = USER_BACKOFF, max_keys: int = MAX_KEYS):
        self._clock = clock
        self._policies = {"client": client, "user": user}
        self._failures: OrderedDict[tuple[str, str], _Failures] = OrderedDict()
        self._max_keys = max_keys
        self._known: OrderedDict[tuple[str, str], None] = OrderedDict()  # (client, user) that signed in
        self._lock = threading.Lock()

    def _keys(self, client: str, username: str | None) -> list[tuple[str, str]]:
        keys = [("client", client)]
        if username and (client, username) not in self._known:
            keys.append(("user", username))
        return keys

    def _wait(self, key: tuple[str, str], now: float) -> float:
        entry = self._failures.get(key)
        if entry is None:
            return 0.0
        policy = self._policies[key[0]]
        if now - entry.last > policy.forget:
            del self._failures[key]
            return 0.0
        return max(0.0, entry.last + policy.window(entry.count) - now)

    def wait(self, client: str, username: str | None) -> float:
        """Seconds until an attempt by this client for this user name is checked (0: now)."""
        with self._lock:
            now = self._clock()
            return max(self._wait(key, now) for key in self._keys(client, username))

    def failed(self, client: str, username: str | None) -> None:
        with self._lock:
            now = self._clock()
            for key in self._keys(client, username):
                entry = self._failures.pop(key, None)
                if entry is not None and now - entry.last > self._policies[key[0]].forget:
                    entry = None
                self._failures[key] = _Failures((entry.count if entry else 0) + 1, now)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)  # the least recently failed

    def succeeded(self, client: str, username: str) -> None:
        with self._lock:
            for key in (("client", client), ("user", username)):
                self._failures.pop(key, None)
            self._known.pop((client, username), None)
            self._known[(client, username)] = None
            while len(self._known) > self._max_keys:
                self._known.popitem(last=False)  # the least recently used
