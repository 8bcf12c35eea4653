"""The review queue store interface.

Everything the sampler, the web UI, the terminal mode and the gate need from storage, so
a PostgreSQL store for multi-user deployments implements this class and nothing else
changes. Rules every implementation keeps:

* ``next_item`` and ``record_decision`` are atomic against concurrent reviewers: an item
  is leased to one reviewer at a time (per required review), and no decision is lost.
* Only the lease holder decides an item, and never beyond its required reviews.
* The audit log is append-only (the SQLite store enforces it with triggers).
* Lock waits are short: a store that stays locked raises StoreBusy, never blocks for long.
* Nothing stored here is PHI: note ids, offsets and labels, never note text.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field

from chartforge.errors import ChartforgeError, Errors


@dataclass(frozen=True)
class User:
    username: str
    password_hash: str
    role: str  # reviewer | steward


@dataclass(frozen=True)
class Session:
    username: str
    role: str
    csrf_token: str
    expires_at: str


@dataclass(frozen=True)
class RoundInfo:
    round_id: str
    batch_id: str
    batch_dir: str
    population: int
    required: int
    settings: dict
    status: str = "open"  # open | closed
    created_at: str = ""
    created_by: str = ""


@dataclass(frozen=True)
class ItemSpec:
    note_id: str
    stratum: str
    reason: str  # random | flag
    phase: str   # pilot | main | flag


@dataclass(frozen=True)
class QueueItem:
    item_id: str  # opaque, random: the only id that appears in URLs
    round_id: str
    note_id: str
    stratum: str
    reason: str
    phase: str
    position: int
    required_reviews: int


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    label: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True)
class Decision:
    decision_id: int
    item_id: str
    username: str
    verdict: str  # clean | phi
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    decided_at: str = ""


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    at: str
    actor: str
    action: str
    round_id: str | None
    item_id: str | None
    note_id: str | None
    detail: str


class AlreadyDecided(Exception):
    """The reviewer already has an active decision on this item (undo it first)."""


class NotLeased(Exception):
    """The item is not leased to this reviewer: only the lease holder decides it (a steward
    may override, which is audited)."""


class ItemComplete(Exception):
    """The item already has all the reviews it needs."""


class StoreBusy(ChartforgeError):
    """Another process held the store's write lock for longer than the busy timeout: retry
    shortly. The web UI answers 503 with Retry-After instead of freezing; a command prints
    one E306 line (an expected condition, not a crash)."""

    def __init__(self, path: str):
        super().__init__("E306", Errors.E306.format(
            path=path, reason="busy: another process holds its write lock; try again in a moment"))
        self.path = path

    def __reduce__(self):
        return type(self), (self.path,)


class ReviewStore(abc.ABC):
    # users and sessions -------------------------------------------------------------
    @abc.abstractmethod
    def add_user(self, username: str, password_hash: str, role: str, actor: str) -> None: ...

    @abc.abstractmethod
    def get_user(self, username: str) -> User | None: ...

    @abc.abstractmethod
    def remove_user(self, username: str, actor: str) -> bool:
        """Delete the account, its sessions and its leases (its decisions and audit rows stay)."""

    @abc.abstractmethod
    def revoke_sessions(self, username: str | None, actor: str) -> int:
        """End every session of ``username`` (of everyone when None); returns how many."""

    @abc.abstractmethod
    def create_session(self, token_hash: str, username: str, csrf_token: str, expires_at: str) -> None: ...

    @abc.abstractmethod
    def get_session(self, token_hash: str, now: str) -> Session | None: ...

    @abc.abstractmethod
    def delete_session(self, token_hash: str) -> None: ...

    # rounds and items ----------------------------------------------------------------
    @abc.abstractmethod
    def create_round(self, info: RoundInfo, items: list[ItemSpec], required_reviews: int, actor: str,
                     supersede: tuple[str, ...] = ()) -> None:
        """Create the round and close the ``supersede`` rounds, in one transaction."""

    @abc.abstractmethod
    def get_round(self, round_id: str) -> RoundInfo | None: ...

    @abc.abstractmethod
    def list_rounds(self, batch_id: str | None = None) -> list[RoundInfo]:
        """Oldest first."""

    @abc.abstractmethod
    def close_round(self, round_id: str, actor: str) -> None: ...

    @abc.abstractmethod
    def items(self, round_id: str) -> list[QueueItem]: ...

    @abc.abstractmethod
    def get_item(self, item_id: str) -> QueueItem | None: ...

    @abc.abstractmethod
    def next_item(self, round_id: str, username: str, phases: tuple[str, ...], lease_seconds: int,
                  now: str) -> QueueItem | None:
        """The reviewer's leased, undecided item (resume) or a newly leased one from ``phases``
        (in phase order, then position); None when nothing is left for this reviewer."""

    # decisions -------------------------------------------------------------------------
    @abc.abstractmethod
    def record_decision(self, item_id: str, username: str, verdict: str, findings: list[Finding],
                        now: str, override: bool = False) -> int:
        """Store the decision, release the lease and append the audit entry, atomically.

        Raises NotLeased unless the item is leased to ``username`` (``override``: a steward
        deciding anyway, audited as ``lease_override``), ItemComplete when the item already
        has its required reviews, AlreadyDecided when this reviewer decided it."""

    @abc.abstractmethod
    def undo_last(self, round_id: str, username: str, now: str) -> str | None:
        """Retract the reviewer's latest active decision in the round; returns its item id."""

    @abc.abstractmethod
    def decisions(self, round_id: str) -> list[Decision]:
        """Active (not retracted) decisions of the round, in decision order."""

    # audit -------------------------------------------------------------------------------
    @abc.abstractmethod
    def audit(self, actor: str, action: str, *, round_id: str | None = None, item_id: str | None = None,
              note_id: str | None = None, detail: str = "", now: str | None = None) -> None: ...

    @abc.abstractmethod
    def audit_entries(self) -> list[AuditEntry]: ...
