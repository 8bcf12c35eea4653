"""ingest/dedupe.py"""

from ingest.dedupe import CONFLICT, DUPLICATE, NEW, Deduper


def test_new_then_duplicates_by_note_id_and_by_patient_text():
    dedupe = Deduper()
    assert dedupe.check("n1", "p1", "h1").status == NEW
    assert dedupe.check("n1", "p1", "h1") == (DUPLICATE, "n1")
    assert dedupe.check("n2", "p1", "h1") == (DUPLICATE, "n1")
    assert len(dedupe) == 1


def test_same_text_other_patient_is_new():
    dedupe = Deduper()
    dedupe.check("n1", "p1", "h1")
    assert dedupe.check("n2", "p2", "h1").status == NEW


def test_same_note_id_other_text_is_a_conflict():
    dedupe = Deduper()
    dedupe.check("n1", "p1", "h1")
    assert dedupe.check("n1", "p1", "h2") == (CONFLICT, "n1")
    assert len(dedupe) == 1
