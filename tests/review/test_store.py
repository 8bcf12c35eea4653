"""SQLite store: leases, resume, double review, undo, sessions and the append-only audit log."""

from __future__ import annotations

import sqlite3

import pytest

from review.store.base import AlreadyDecided, Finding, ItemSpec, RoundInfo

NOW = "2026-01-01T10:00:00.000000+00:00"
LATER = "2026-01-01T11:00:00.000000+00:00"


def _round(store, n=3, required=1, round_id="r1"):
    info = RoundInfo(round_id, "batch", "/nowhere", n, n, {"pilot_max_rate": 0.02})
    items = [ItemSpec(f"note{i}", "s/a", "random", "pilot" if i == 0 else "main") for i in range(n)]
    store.create_round(info, items, required, "steward")
    return store.items(round_id)


def test_items_get_opaque_ids_that_are_not_note_ids(store):
    items = _round(store)
    assert [i.note_id for i in items] == ["note0", "note1", "note2"]
    assert all(len(i.item_id) == 24 and "note" not in i.item_id for i in items)


def test_next_item_leases_in_phase_order_and_resumes(store):
    items = _round(store)
    first = store.next_item("r1", "ann", ("pilot", "main"), 1800, NOW)
    assert first.item_id == items[0].item_id
    # Asking again (a reload, a new session) resumes the same undecided item.
    assert store.next_item("r1", "ann", ("pilot", "main"), 1800, NOW).item_id == first.item_id
    # Another reviewer does not get an item that is leased out.
    assert store.next_item("r1", "bob", ("pilot", "main"), 1800, NOW).item_id == items[1].item_id
    # Phases not allowed are not served.
    assert store.next_item("r1", "cy", ("pilot",), 1800, NOW) is None


def test_expired_lease_returns_to_the_queue(store):
    items = _round(store, n=1)
    assert store.next_item("r1", "ann", ("pilot",), 60, NOW).item_id == items[0].item_id
    assert store.next_item("r1", "bob", ("pilot",), 60, NOW) is None
    assert store.next_item("r1", "bob", ("pilot",), 60, LATER).item_id == items[0].item_id


def test_double_review_needs_two_different_reviewers(store):
    items = _round(store, n=1, required=2)
    item = store.next_item("r1", "ann", ("pilot",), 1800, NOW)
    assert store.next_item("r1", "bob", ("pilot",), 1800, NOW).item_id == item.item_id
    store.record_decision(item.item_id, "ann", "clean", [], NOW)
    assert store.next_item("r1", "ann", ("pilot",), 1800, NOW) is None  # ann is done with it
    store.record_decision(item.item_id, "bob", "phi", [Finding(0, 4, "NAME")], NOW)
    assert store.next_item("r1", "cy", ("pilot",), 1800, NOW) is None  # complete
    assert [d.username for d in store.decisions("r1")] == ["ann", "bob"]
    assert items[0].required_reviews == 2


def test_a_reviewer_cannot_decide_twice_but_can_undo(store):
    _round(store, n=2)
    item = store.next_item("r1", "ann", ("pilot", "main"), 1800, NOW)
    store.record_decision(item.item_id, "ann", "clean", [], NOW)
    with pytest.raises(AlreadyDecided):
        store.record_decision(item.item_id, "ann", "clean", [], NOW)
    assert store.undo_last("r1", "ann", LATER) == item.item_id
    assert store.decisions("r1") == []
    # After undo the reviewer lands on the same note again and can decide it anew.
    assert store.next_item("r1", "ann", ("pilot", "main"), 1800, LATER).item_id == item.item_id
    store.record_decision(item.item_id, "ann", "phi", [Finding(3, 9, "NAME")], LATER)
    assert store.decisions("r1")[0].findings == (Finding(3, 9, "NAME"),)


def test_verdict_and_findings_must_agree(store):
    items = _round(store, n=1)
    with pytest.raises(ValueError):
        store.record_decision(items[0].item_id, "ann", "phi", [], NOW)
    with pytest.raises(ValueError):
        store.record_decision(items[0].item_id, "ann", "clean", [Finding(0, 1, "NAME")], NOW)


def test_audit_log_is_append_only(store):
    items = _round(store, n=1)
    store.next_item("r1", "ann", ("pilot",), 1800, NOW)
    store.record_decision(items[0].item_id, "ann", "phi", [Finding(5, 12, "NAME")], NOW)
    entries = store.audit_entries()
    assert [e.action for e in entries] == ["open_round", "decide_phi"]
    decision = entries[-1]
    assert (decision.actor, decision.item_id, decision.note_id) == ("ann", items[0].item_id, "note0")
    assert decision.detail == '[{"start": 5, "end": 12, "label": "NAME"}]'
    with sqlite3.connect(store.path) as conn:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor='mallory'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    assert len(store.audit_entries()) == 2


def test_sessions_expire_and_logout_removes_them(store):
    store.add_user("ann", "hash", "reviewer", "admin")
    store.create_session("tok", "ann", "csrf", LATER)
    assert store.get_session("tok", NOW).username == "ann"
    assert store.get_session("tok", "2026-01-02T00:00:00+00:00") is None  # expired
    store.delete_session("tok")
    assert store.get_session("tok", NOW) is None
    assert [e.action for e in store.audit_entries()] == ["add_user", "login", "logout"]


def test_store_uses_wal(store):
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- hardening (issue 19) ------------------------------------------------------------------

def test_store_file_and_folder_are_private_wherever_created(tmp_path):
    """0600 files (also -wal/-shm) in a 0700 folder, even under a permissive umask."""
    import os
    import stat

    from review.store import open_store

    old = os.umask(0o022)
    try:
        path = tmp_path / "newdir" / "deeper" / "r.sqlite"
        store = open_store(path)
        store.add_user("ann", "hash", "reviewer", "admin")  # a write: the WAL exists now
        for folder in (path.parent, path.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        for name in ("r.sqlite", "r.sqlite-wal", "r.sqlite-shm"):
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
        # A store created by an older version with 0644 files is closed down on open.
        store.close()  # the last connection removes -wal and -shm
        path.chmod(0o644)
        open_store(path).add_user("bob", "hash", "reviewer", "admin")
        for name in ("r.sqlite", "r.sqlite-wal", "r.sqlite-shm"):
            assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    finally:
        os.umask(old)


def test_password_reset_revokes_the_users_sessions(store):
    store.add_user("ann", "hash-1", "reviewer", "admin")
    store.add_user("bob", "hash-b", "reviewer", "admin")
    store.create_session("tok-ann", "ann", "csrf", LATER)
    store.create_session("tok-bob", "bob", "csrf", LATER)
    store.add_user("ann", "hash-2", "reviewer", "admin")  # a new password
    assert store.get_session("tok-ann", NOW) is None
    assert store.get_session("tok-bob", NOW).username == "bob"


def test_revoke_sessions_and_remove_user(store):
    _round(store, n=2)
    for name in ("ann", "bob"):
        store.add_user(name, "hash", "reviewer", "admin")
    store.create_session("a1", "ann", "c", LATER)
    store.create_session("a2", "ann", "c", LATER)
    store.create_session("b1", "bob", "c", LATER)
    assert store.revoke_sessions("ann", "admin") == 2
    assert store.get_session("a1", NOW) is None and store.get_session("b1", NOW) is not None
    leased = store.next_item("r1", "bob", ("pilot", "main"), 1800, NOW)
    assert store.remove_user("bob", "admin") is True
    assert store.get_user("bob") is None and store.get_session("b1", NOW) is None
    # bob's lease is released: the item is back in the queue for others.
    assert store.next_item("r1", "cy", ("pilot", "main"), 1800, NOW).item_id == leased.item_id
    assert store.remove_user("bob", "admin") is False
    store.create_session("b2", "ann", "c", LATER)
    assert store.revoke_sessions(None, "admin") == 1  # everyone
    actions = [e.action for e in store.audit_entries()]
    assert actions.count("revoke_sessions") == 2 and actions.count("remove_user") == 1


def test_only_the_lease_holder_decides_unless_a_steward_overrides(store):
    from review.store.base import ItemComplete, NotLeased

    items = _round(store, n=2)
    item = store.next_item("r1", "bob", ("pilot", "main"), 1800, NOW)
    with pytest.raises(NotLeased):
        store.record_decision(item.item_id, "ann", "clean", [], NOW)
    with pytest.raises(NotLeased):  # nobody leased it
        store.record_decision(items[1].item_id, "ann", "clean", [], NOW)
    assert store.decisions("r1") == []
    store.record_decision(item.item_id, "sue", "phi", [Finding(0, 4, "NAME")], NOW, override=True)
    assert [(d.username, d.verdict) for d in store.decisions("r1")] == [("sue", "phi")]
    override = [e for e in store.audit_entries() if e.action == "lease_override"]
    assert len(override) == 1 and override[0].actor == "sue" and "bob" in override[0].detail
    # The item has its one review: bob cannot add a second one, and it is not served again.
    with pytest.raises(ItemComplete):
        store.record_decision(item.item_id, "bob", "clean", [], NOW)
    assert store.next_item("r1", "bob", ("pilot", "main"), 1800, NOW).item_id == items[1].item_id
    assert len(store.decisions("r1")) == 1


def test_a_new_round_supersedes_the_open_one_in_one_transaction(store):
    _round(store, n=1, round_id="r1")
    info = RoundInfo("r2", "batch", "/nowhere", 1, 1, {"pilot_max_rate": 0.02})
    bad = [ItemSpec("note0", "s/a", "nonsense-reason", "pilot")]  # the CHECK constraint fails mid-way
    with pytest.raises(sqlite3.IntegrityError):
        store.create_round(info, bad, 1, "steward", supersede=("r1",))
    assert [r.status for r in store.list_rounds()] == ["open"]  # r1 untouched, no r2
    store.create_round(info, [ItemSpec("note0", "s/a", "random", "pilot")], 1, "steward", supersede=("r1",))
    assert [(r.round_id, r.status) for r in store.list_rounds()] == [("r1", "closed"), ("r2", "open")]


def test_a_held_write_lock_raises_store_busy_after_the_short_timeout(tmp_path):
    import time

    from review.store import open_store
    from review.store.base import StoreBusy

    path = tmp_path / "r.sqlite"
    store = open_store(path, busy_timeout_ms=200)
    _round(store, n=1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreBusy):
            store.next_item("r1", "ann", ("pilot",), 1800, NOW)
        waited = time.monotonic() - started
        assert store.items("r1")  # reads go on under WAL
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert waited < 10  # the configured 0.2 s, not the 30 s default
    assert store.next_item("r1", "ann", ("pilot",), 1800, NOW) is not None


def test_a_file_that_is_not_a_store_is_one_clear_error(tmp_path):
    from chartforge.errors import ChartforgeError
    from review.store import open_store

    other = tmp_path / "notes.txt"
    other.write_text("not a database, just some file the operator typed by mistake\n" * 10)
    with pytest.raises(ChartforgeError) as refused:
        open_store(other)
    assert refused.value.code == "E306" and "not a review store" in str(refused.value)
    assert other.read_text().startswith("not a database")  # left as it was


def test_a_command_under_a_held_lock_says_busy_in_one_line(tmp_path, monkeypatch, synthetic_batch):
    import pickle

    from click.testing import CliRunner

    from chartforge.cli import cli
    from review.store import open_store
    from review.store import sqlite as sqlite_store
    from review.store.base import StoreBusy

    path = tmp_path / "r.sqlite"
    open_store(path)
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 200)  # the commands' 30 s, shortened
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, ["review", "sample", str(synthetic_batch.path), "--store", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 3 and "E306" in result.output and "busy" in result.output
    busy = pickle.loads(pickle.dumps(StoreBusy("/x/r.sqlite")))  # crosses process pools and Prefect
    assert busy.code == "E306" and busy.path == "/x/r.sqlite"
