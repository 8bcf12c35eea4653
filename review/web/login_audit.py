"""Refused sign-ins in the audit log: aggregated, at most one row per kind and interval.

One audit row per refused login let anyone write ~140 permanent rows a second without an
account. Here refusals are counted in memory and written as one row per kind
(``login_refused``, ``login_throttled``) per ``interval``: the first refusal after a quiet
interval is written at once (an attack shows up immediately), later ones are summed into
the next row, and whatever is pending is written when the server stops. The row names at
most ``TOP`` user names and clients (by count) and sums the rest; a user name outside the
safe character set is never written, it counts as "(invalid)".
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from typing import Callable

from review.store.base import ReviewStore, StoreBusy

INTERVAL_SECONDS = 60.0
TOP = 10
INVALID_NAME = "(invalid)"


def _top(counter: Counter) -> dict[str, int]:
    top = dict(counter.most_common(TOP))
    rest = sum(counter.values()) - sum(top.values())
    if rest:
        top["(others)"] = rest
    return top


class RefusedLogins:
    def __init__(self, interval: float = INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[Counter, Counter]] = {}
        self._last_write: dict[str, float] = {}

    def note(self, store: ReviewStore, action: str, username: str | None, client: str) -> None:
        """Count one refusal; write the row for ``action`` if its interval has passed."""
        with self._lock:
            users, clients = self._pending.setdefault(action, (Counter(), Counter()))
            users[username or INVALID_NAME] += 1
            clients[client] += 1
            last = self._last_write.get(action)
            due = last is None or self._clock() - last >= self._interval
        if due:
            self.flush(store, action)

    def flush(self, store: ReviewStore, action: str | None = None) -> None:
        """Write the pending counts (of one action, or all); a busy store keeps them for later."""
        with self._lock:
            actions = [action] if action else list(self._pending)
            batch = {a: self._pending.pop(a) for a in actions if a in self._pending}
            now = self._clock()
            for a in batch:
                self._last_write[a] = now
        for name, (users, clients) in batch.items():
            detail = json.dumps({"count": sum(users.values()), "users": _top(users), "clients": _top(clients)})
            try:
                store.audit("-", name, detail=detail)
            except StoreBusy:
                with self._lock:  # put them back: counted in the next row
                    old_users, old_clients = self._pending.setdefault(name, (Counter(), Counter()))
                    old_users.update(users)
                    old_clients.update(clients)
