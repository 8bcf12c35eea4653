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
