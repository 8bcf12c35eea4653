"""Two reviewers at once (separate processes, then threads) on one SQLite store: no decision
is lost, none is counted twice, and a single-review item goes to exactly one reviewer."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter

import pytest

from review import queue
from review.store import open_store
from review.store.base import Finding, ItemSpec, RoundInfo

ITEMS = 60
PHASES = ("pilot", "main", "flag")


def _open_round(store, required):
    info = RoundInfo("r1", "batch", "/nowhere", ITEMS, ITEMS, {"pilot_max_rate": 0.02})
    store.create_round(info, [ItemSpec(f"note{i}", "s", "random", "main") for i in range(ITEMS)], required, "st")


def _review_all(store_path, username, start=None, results=None):
    """A reviewer working fast: lease, a few ms of "reading", decide, repeat."""
    store = open_store(store_path)
    if start is not None:
        start.wait(timeout=60)  # both reviewers begin together
    made = 0
    while True:
        item = store.next_item("r1", username, PHASES, 1800, queue.now_iso())
        if item is None:
            if results is not None:
                results[username] = made
            return made
        time.sleep(0.005)
        if int(item.note_id[4:]) % 7 == 0:
            store.record_decision(item.item_id, username, "phi", [Finding(0, 3, "NAME")], queue.now_iso())
        else:
            store.record_decision(item.item_id, username, "clean", [], queue.now_iso())
        made += 1


@pytest.mark.parametrize("required", [1, 2])
def test_two_reviewer_processes_lose_no_decision(tmp_path, required):
    path = tmp_path / "review.sqlite"
    store = open_store(path)
    _open_round(store, required)
    # spawn, not fork: by this point the test process may hold threads (Prefect, tokenizers)
    # whose locks a forked child would inherit in a locked state.
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Manager().dict()
    workers = [context.Process(target=_review_all, args=(path, name, start, results)) for name in ("ann", "bob")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    made = list(results.values())
    decisions = store.decisions("r1")
    assert sum(made) == len(decisions) == ITEMS * required
    per_item = Counter(d.item_id for d in decisions)
    assert set(per_item.values()) == {required} and len(per_item) == ITEMS
    assert all(len({d.username for d in decisions if d.item_id == i}) == required for i in per_item)
    if required == 1:
        assert min(made) > 0  # both really worked in parallel
    audit = Counter(e.action for e in store.audit_entries())
    assert audit["decide_clean"] + audit["decide_phi"] == ITEMS * required


def test_two_reviewer_threads_through_the_queue_rules(tmp_path, clean_synthetic_batch, settings):
    """Threads share one store object; the pilot gate makes a reviewer wait while the other
    finishes the last pilot items, which is exactly where a race would drop work."""
    store = open_store(tmp_path / "review.sqlite")
    info, plan = queue.open_round(store, clean_synthetic_batch.path, settings, 1, "st", 0.02)
    made = Counter()

    def reviewer(name):
        idle_since = None
        while True:
            item = queue.next_item(store, name, 1800)
            if item is None:
                states = queue.item_states(store, info.round_id)
                if all(s.complete for s in states):
                    return
                idle_since = idle_since or time.monotonic()
                assert time.monotonic() - idle_since < 60, "queue stalled"
                time.sleep(0.01)
                continue
            idle_since = None
            store.record_decision(item.item_id, name, "clean", [], queue.now_iso())
            made[name] += 1

    threads = [threading.Thread(target=reviewer, args=(n,)) for n in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    decisions = store.decisions(info.round_id)
    assert len(decisions) == len(plan.notes) == sum(made.values())
    assert len({d.item_id for d in decisions}) == len(plan.notes)
    assert made["ann"] > 0 and made["bob"] > 0
