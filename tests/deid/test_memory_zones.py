"""deid/memory_zones.py: a long run's spaCy vocabularies do not grow with every new word, and
threads sharing one pipeline never close a zone under each other."""

from __future__ import annotations

import threading

import pytest

from deid.memory_zones import ZoneGate, memory_zone, zone_gate

NEW_WORDS = "Qorvathine Zelbrook-Uvaski visited Mxyzplikt 88417-QZ"


@pytest.fixture()
def blank_nlp():
    import spacy

    return spacy.blank("en")


def test_the_words_a_zone_adds_are_gone_after_it(blank_nlp):
    zone_gate(blank_nlp).warm_notes = 0
    with memory_zone(blank_nlp, 1):
        doc = blank_nlp.make_doc(NEW_WORDS)
        assert "Qorvathine" in blank_nlp.vocab.strings
        kept = [(t.idx, len(t)) for t in doc]  # plain data survives the zone
    assert "Qorvathine" not in blank_nlp.vocab.strings
    assert "Mxyzplikt" not in blank_nlp.vocab.strings
    assert kept[0] == (0, 10)
    blank_nlp.make_doc(NEW_WORDS)  # outside any zone a word stays
    assert "Qorvathine" in blank_nlp.vocab.strings


def test_the_first_notes_leave_their_words_then_zones_begin(blank_nlp):
    gate = ZoneGate(blank_nlp, warm_notes=3)
    with gate.enter(3):
        blank_nlp.make_doc("Plantavor")
    with gate.enter(1):
        blank_nlp.make_doc("Quessimbra")
    assert "Plantavor" in blank_nlp.vocab.strings  # warm-up: kept for every later zone
    assert "Quessimbra" not in blank_nlp.vocab.strings
    assert gate.closed == 1


def test_one_gate_per_pipeline(blank_nlp):
    import spacy

    assert zone_gate(blank_nlp) is zone_gate(blank_nlp)
    assert zone_gate(spacy.blank("en")) is not zone_gate(blank_nlp)


def test_overlapping_threads_share_one_zone_closed_by_the_last_to_leave(blank_nlp):
    gate = ZoneGate(blank_nlp, max_notes=1000, warm_notes=0)
    inside, release = threading.Event(), threading.Event()

    def first():
        with gate.enter(1):
            blank_nlp.make_doc("Vrelmonta")
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(10)
    with gate.enter(1):  # the second caller joins the open zone
        assert blank_nlp.vocab.in_memory_zone
    assert gate.closed == 0  # the first thread is still inside: its Docs stay valid
    assert "Vrelmonta" in blank_nlp.vocab.strings
    release.set()
    thread.join(10)
    assert gate.closed == 1
    assert "Vrelmonta" not in blank_nlp.vocab.strings
    assert not blank_nlp.vocab.in_memory_zone


def test_a_full_zone_lets_no_one_in_until_it_has_closed(blank_nlp):
    gate = ZoneGate(blank_nlp, max_notes=1, warm_notes=0)
    inside, release, second_in = threading.Event(), threading.Event(), threading.Event()

    def holder():
        with gate.enter(1):
            inside.set()
            release.wait(10)

    def late():
        with gate.enter(1):
            second_in.set()

    thread = threading.Thread(target=holder)
    thread.start()
    assert inside.wait(10)
    with gate.enter(5):
        pass  # 5 notes >= max_notes: the zone is full now and drains
    waiting = threading.Thread(target=late)
    waiting.start()
    assert not second_in.wait(0.5)  # held back while the holder is still inside
    release.set()
    thread.join(10)
    waiting.join(10)
    assert second_in.is_set()
    assert gate.closed == 2  # the full zone closed, then the late caller's own


@pytest.mark.slow
def test_detectors_leave_no_new_words_in_their_vocabularies():
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()
    gates = [zone_gate(detector.nlp_engine.nlp["en"])] + ([zone_gate(detector.learned.nlp)] if detector.learned else [])
    for gate in gates:
        gate.warm_notes = 0  # past the warm-up, as in a long run
    text = f"Patient {NEW_WORDS} on 03/14/2031, MRN 99318842."
    before = detector.detect(text)
    ner = detector.nlp_engine.nlp["en"]
    assert "Qorvathine" not in ner.vocab.strings and "99318842" not in ner.vocab.strings
    if detector.learned is not None:
        assert "Qorvathine" not in detector.learned.nlp.vocab.strings
    assert detector.detect(text) == before  # the same spans from a cold vocabulary
