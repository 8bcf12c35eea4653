"""SQLite review store: one file, WAL, safe with several reviewers (threads or processes).

Every write runs in ``BEGIN IMMEDIATE`` so two reviewers asking for work at the same
moment serialize on the database lock instead of both leasing the same item; readers
never block thanks to WAL, and ``busy_timeout`` makes a writer wait a little instead of
failing. A lock held longer than that (another process, a long transaction) raises
StoreBusy: the web UI answers 503 and stays responsive instead of freezing for 30 s.

The database holds argon2 hashes, CSRF tokens and the audit log: the file (and SQLite's
-wal/-shm, which inherit its mode) is 0600 and every folder this class creates is 0700.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from chartforge.errors import ChartforgeError
from review.store.base import (AlreadyDecided, AuditEntry, Decision, Finding, ItemComplete, ItemSpec, NotLeased,
                               QueueItem, ReviewStore, RoundInfo, Session, StoreBusy, User)

BUSY_TIMEOUT_MS = 30_000  # command-line tools wait; the web UI opens the store with a short one
SCHEMA = Path(__file__).with_name("schema.sql")
SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents 0700 (an existing folder is left as it is:
    it may be the operator's own directory)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask


def _private_files(path: Path) -> None:
    """The database and its side files 0600 (SQLite creates -wal/-shm with the database's mode)."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # an empty file is a new database
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            if side.exists() and side.stat().st_mode & 0o077:
                side.chmod(0o600)
        except PermissionError:  # someone else's store: they keep it closed
            pass


def _busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class SqliteReviewStore(ReviewStore):
    def __init__(self, path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        _private_folder(self.path.parent)
        _private_files(self.path)
        self._connections: dict[tuple[int, int], sqlite3.Connection] = {}
        try:
            with self._connect() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA.read_text())
        except sqlite3.DatabaseError as exc:  # --store pointed at some other file: one line, no traceback
            self.close()
            raise ChartforgeError.make("E306", path=self.path,
                                       reason=f"not a review store ({type(exc).__name__}: {exc})") from None
        _private_files(self.path)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection (one per thread and process: sqlite3 objects must not
        cross threads or a fork; reusing it avoids a WAL checkpoint on every close)."""
        key = (os.getpid(), threading.get_ident())
        conn = self._connections.get(key)
        try:
            if conn is None:
                conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None,
                                       check_same_thread=False)
                conn.row_factory = sqlite3.Row
                conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
                conn.execute("PRAGMA foreign_keys=ON")
                self._connections[key] = conn
            yield conn
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise StoreBusy(str(self.path)) from None
            raise

    def close(self) -> None:
        for key, conn in list(self._connections.items()):
            if key[0] == os.getpid():
                conn.close()
            self._connections.pop(key, None)

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _audit(conn, actor, action, round_id=None, item_id=None, note_id=None, detail="", now=None):
        conn.execute("INSERT INTO audit_log (at, actor, action, round_id, item_id, note_id, detail) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (now or utcnow(), actor, action, round_id, item_id, note_id, detail))

    # users and sessions -------------------------------------------------------------
    def add_user(self, username, password_hash, role, actor):
        with self._write() as conn:
            conn.execute("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT(username) DO UPDATE SET password_hash=excluded.password_hash, "
                         "role=excluded.role", (username, password_hash, role, utcnow()))
            # A new password (or role) ends every session opened with the old one.
            revoked = conn.execute("DELETE FROM sessions WHERE username=?", (username,)).rowcount
            self._audit(conn, actor, "add_user",
                        detail=json.dumps({"username": username, "role": role, "sessions_revoked": revoked}))

    def remove_user(self, username, actor):
        with self._write() as conn:
            conn.execute("DELETE FROM sessions WHERE username=?", (username,))
            conn.execute("DELETE FROM leases WHERE username=?", (username,))
            removed = conn.execute("DELETE FROM users WHERE username=?", (username,)).rowcount
            if removed:
                self._audit(conn, actor, "remove_user", detail=json.dumps({"username": username}))
            return bool(removed)

    def revoke_sessions(self, username, actor):
        with self._write() as conn:
            if username is None:
                revoked = conn.execute("DELETE FROM sessions").rowcount
            else:
                revoked = conn.execute("DELETE FROM sessions WHERE username=?", (username,)).rowcount
            self._audit(conn, actor, "revoke_sessions",
                        detail=json.dumps({"username": username or "*", "sessions": revoked}))
            return revoked

    def get_user(self, username):
        with self._connect() as conn:
            row = conn.execute("SELECT username, password_hash, role FROM users WHERE username=?",
                               (username,)).fetchone()
        return User(**dict(row)) if row else None

    def create_session(self, token_hash, username, csrf_token, expires_at):
        with self._write() as conn:
            conn.execute("INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) "
                         "VALUES (?, ?, ?, ?, ?)", (token_hash, username, csrf_token, utcnow(), expires_at))
            self._audit(conn, username, "login")

    def get_session(self, token_hash, now):
        with self._connect() as conn:
            row = conn.execute("SELECT s.username, u.role, s.csrf_token, s.expires_at FROM sessions s "
                               "JOIN users u USING (username) WHERE s.token_hash=? AND s.expires_at > ?",
                               (token_hash, now)).fetchone()
        return Session(**dict(row)) if row else None

    def delete_session(self, token_hash):
        with self._write() as conn:
            row = conn.execute("SELECT username FROM sessions WHERE token_hash=?", (token_hash,)).fetchone()
            conn.execute("DELETE FROM sessions WHERE token_hash=?", (token_hash,))
            if row:
                self._audit(conn, row["username"], "logout")

    # rounds and items ----------------------------------------------------------------
    def create_round(self, info, items: list[ItemSpec], required_reviews, actor, supersede=()):
        with self._write() as conn:
            conn.execute("INSERT INTO rounds (round_id, batch_id, batch_dir, population, required, settings, "
                         "status, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                         (info.round_id, info.batch_id, info.batch_dir, info.population, info.required,
                          json.dumps(info.settings, sort_keys=True), utcnow(), actor))
            conn.executemany(
                "INSERT INTO items (item_id, round_id, note_id, stratum, reason, phase, position, required_reviews) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(secrets.token_hex(12), info.round_id, it.note_id, it.stratum, it.reason, it.phase, pos,
                  required_reviews) for pos, it in enumerate(items)])
            counts = {p: sum(1 for it in items if it.phase == p) for p in ("pilot", "main", "flag")}
            self._audit(conn, actor, "open_round", round_id=info.round_id, detail=json.dumps(counts))
            for round_id in supersede:
                self._close(conn, round_id, actor)

    @staticmethod
    def _round(row) -> RoundInfo:
        data = dict(row)
        data["settings"] = json.loads(data["settings"])
        return RoundInfo(**data)

    def get_round(self, round_id):
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM rounds WHERE round_id=?", (round_id,)).fetchone()
        return self._round(row) if row else None

    def list_rounds(self, batch_id=None):
        query, args = "SELECT * FROM rounds", ()
        if batch_id is not None:
            query, args = query + " WHERE batch_id=?", (batch_id,)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY created_at, round_id", args).fetchall()
        return [self._round(r) for r in rows]

    def close_round(self, round_id, actor):
        with self._write() as conn:
            self._close(conn, round_id, actor)

    def _close(self, conn, round_id, actor):
        conn.execute("UPDATE rounds SET status='closed' WHERE round_id=?", (round_id,))
        self._audit(conn, actor, "close_round", round_id=round_id)

    def items(self, round_id):
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM items WHERE round_id=? ORDER BY position", (round_id,)).fetchall()
        return [QueueItem(**dict(r)) for r in rows]

    def get_item(self, item_id):
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM items WHERE item_id=?", (item_id,)).fetchone()
        return QueueItem(**dict(row)) if row else None

    def next_item(self, round_id, username, phases, lease_seconds, now):
        lease_floor = (datetime.fromisoformat(now) - timedelta(seconds=lease_seconds)).isoformat(timespec="microseconds")
        phase_rank = " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(phases))
        marks = ",".join("?" * len(phases))
        with self._write() as conn:
            # Resume: the item this reviewer leased last and has not decided (after an undo,
            # the undone item).
            row = conn.execute(
                "SELECT i.* FROM items i JOIN leases l ON l.item_id=i.item_id AND l.username=? "
                "WHERE i.round_id=? AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.item_id=i.item_id "
                "AND d.username=? AND d.retracted_at IS NULL) ORDER BY l.leased_at DESC LIMIT 1",
                (username, round_id, username)).fetchone()
            if row is None and phases:
                row = conn.execute(
                    f"SELECT i.* FROM items i WHERE i.round_id=? AND i.phase IN ({marks}) "
                    "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.item_id=i.item_id AND d.username=? "
                    "  AND d.retracted_at IS NULL) "
                    "AND (SELECT COUNT(*) FROM decisions d WHERE d.item_id=i.item_id AND d.retracted_at IS NULL)"
                    "  + (SELECT COUNT(*) FROM leases l WHERE l.item_id=i.item_id AND l.username<>? "
                    "     AND l.leased_at > ?) < i.required_reviews "
                    f"ORDER BY CASE i.phase {phase_rank} END, i.position LIMIT 1",
                    (round_id, *phases, username, username, lease_floor)).fetchone()
            if row is None:
                return None
            conn.execute("INSERT INTO leases (item_id, username, leased_at) VALUES (?, ?, ?) "
                         "ON CONFLICT(item_id, username) DO UPDATE SET leased_at=excluded.leased_at",
                         (row["item_id"], username, now))
            return QueueItem(**dict(row))

    # decisions -------------------------------------------------------------------------
    def record_decision(self, item_id, username, verdict, findings, now, override=False):
        if verdict not in ("clean", "phi") or (verdict == "phi") != bool(findings):
            raise ValueError("a 'phi' verdict needs findings and a 'clean' one none")
        payload = json.dumps([f.to_json() for f in findings])
        with self._write() as conn:
            item = conn.execute("SELECT round_id, note_id, required_reviews FROM items WHERE item_id=?",
                                (item_id,)).fetchone()
            if item is None:
                raise KeyError(item_id)
            if conn.execute("SELECT 1 FROM decisions WHERE item_id=? AND username=? AND retracted_at IS NULL",
                            (item_id, username)).fetchone():
                raise AlreadyDecided(item_id)
            active = conn.execute("SELECT COUNT(*) FROM decisions WHERE item_id=? AND retracted_at IS NULL",
                                  (item_id,)).fetchone()[0]
            if active >= item["required_reviews"]:
                raise ItemComplete(item_id)
            holders = [r["username"] for r in conn.execute("SELECT username FROM leases WHERE item_id=? "
                                                           "ORDER BY leased_at", (item_id,))]
            if username not in holders:
                if not override:
                    raise NotLeased(item_id)
                self._audit(conn, username, "lease_override", round_id=item["round_id"], item_id=item_id,
                            note_id=item["note_id"], detail=json.dumps({"lease_holders": holders}), now=now)
            try:
                cursor = conn.execute("INSERT INTO decisions (item_id, username, verdict, findings, decided_at) "
                                      "VALUES (?, ?, ?, ?, ?)", (item_id, username, verdict, payload, now))
            except sqlite3.IntegrityError:
                raise AlreadyDecided(item_id) from None
            conn.execute("DELETE FROM leases WHERE item_id=? AND username=?", (item_id, username))
            if active + 1 >= item["required_reviews"]:
                # Complete: other reviewers' leases on it are moot (they would resume a done item).
                conn.execute("DELETE FROM leases WHERE item_id=?", (item_id,))
            # The audit detail carries offsets and labels only, never the flagged text.
            self._audit(conn, username, f"decide_{verdict}", round_id=item["round_id"], item_id=item_id,
                        note_id=item["note_id"], detail=payload, now=now)
            return cursor.lastrowid

    def undo_last(self, round_id, username, now):
        with self._write() as conn:
            row = conn.execute(
                "SELECT d.decision_id, d.item_id, i.note_id FROM decisions d JOIN items i USING (item_id) "
                "WHERE i.round_id=? AND d.username=? AND d.retracted_at IS NULL "
                "ORDER BY d.decision_id DESC LIMIT 1", (round_id, username)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE decisions SET retracted_at=? WHERE decision_id=?", (now, row["decision_id"]))
            # Re-lease the item so the reviewer lands back on it.
            conn.execute("INSERT INTO leases (item_id, username, leased_at) VALUES (?, ?, ?) "
                         "ON CONFLICT(item_id, username) DO UPDATE SET leased_at=excluded.leased_at",
                         (row["item_id"], username, now))
            self._audit(conn, username, "undo", round_id=round_id, item_id=row["item_id"],
                        note_id=row["note_id"], detail=json.dumps({"decision_id": row["decision_id"]}), now=now)
            return row["item_id"]

    def decisions(self, round_id):
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT d.decision_id, d.item_id, d.username, d.verdict, d.findings, d.decided_at "
                "FROM decisions d JOIN items i USING (item_id) WHERE i.round_id=? AND d.retracted_at IS NULL "
                "ORDER BY d.decision_id", (round_id,)).fetchall()
        return [Decision(r["decision_id"], r["item_id"], r["username"], r["verdict"],
                         tuple(Finding(**f) for f in json.loads(r["findings"])), r["decided_at"]) for r in rows]

    # audit -------------------------------------------------------------------------------
    def audit(self, actor, action, *, round_id=None, item_id=None, note_id=None, detail="", now=None):
        with self._write() as conn:
            self._audit(conn, actor, action, round_id, item_id, note_id, detail, now)

    def audit_entries(self):
        with self._connect() as conn:
            rows = conn.execute("SELECT id AS entry_id, at, actor, action, round_id, item_id, note_id, detail "
                                "FROM audit_log ORDER BY id").fetchall()
        return [AuditEntry(**dict(r)) for r in rows]
