"""ingest/dedupe.py"""

import tracemalloc

from ingest.dedupe import CONFLICT, DUPLICATE, NEW, Deduper

N1, N2 = "00000000000000a1", "0f000000000000a2"


def test_new_then_duplicates_by_note_id_and_by_patient_text():
    dedupe = Deduper()
    assert dedupe.check(N1, "p1", "h1").status == NEW
    assert dedupe.check(N1, "p1", "h1") == (DUPLICATE, N1)
    assert dedupe.check(N2, "p1", "h1") == (DUPLICATE, N1)
    assert len(dedupe) == 1


def test_same_text_other_patient_is_new():
    dedupe = Deduper()
    dedupe.check(N1, "p1", "h1")
    assert dedupe.check(N2, "p2", "h1").status == NEW


def test_same_note_id_other_text_is_a_conflict():
    dedupe = Deduper()
    dedupe.check(N1, "p1", "h1")
    assert dedupe.check(N1, "p1", "h2") == (CONFLICT, N1)
    assert len(dedupe) == 1


def test_memory_per_remembered_note_is_small():
    dedupe = Deduper()
    tracemalloc.start()
    try:
        for i in range(20000):
            dedupe.check(f"{i:016x}", f"p{i % 100}", f"{i:064x}")
        per_note = tracemalloc.get_traced_memory()[0] / 20000
    finally:
        tracemalloc.stop()
    assert per_note < 250, per_note  # bounded memory: digests only, never text
