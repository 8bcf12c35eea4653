"""The operative technique bank (banks/operative_narrative.yaml, synth/generate/operative.py):
combinatorial frames that never name a condition, fill every slot, and tell each procedure in
its own kind of steps."""

import random
import re

import pytest

from synth.generate import banks, details, grammar, operative
from synth.generate.guard import FillerGuard


@pytest.fixture(scope="module")
def writer(full_index):
    return details.Details(FillerGuard(full_index))


def _frames():
    phases = banks.load("operative_narrative")["phases"]
    return [(kind, phase, frame) for kind, by_phase in phases.items() for phase, frames in by_phase.items() for frame in frames]


def test_every_frame_fills_its_slots_and_can_be_written(full_index):
    guard = FillerGuard(full_index)
    slots = banks.load("operative_narrative")["slots"]
    rng = random.Random(5)
    for kind, phase, frame in _frames():
        names = grammar.slot_names(frame) - {"He", "he", "His", "his", "him"}
        assert names <= set(slots), (kind, phase, names - set(slots))
        written = [operative.fill(frame, rng) for _ in range(8)]
        assert not any("{" in w or "}" in w for w in written), written  # a slot inside a choice is filled too
        assert any(guard.clean(w) for w in written), (kind, phase, frame)


def test_every_procedure_with_a_technique_has_its_own_steps_and_a_known_kind():
    bank = banks.load("operative_narrative")
    assert set(bank["approach_of"]) <= set(banks.load("operative")["by_cpt"])
    assert set(bank["approach_of"].values()) <= set(bank["phases"]) - {"common"}
    assert set(bank["specimen_of"]) <= set(bank["approach_of"])
    assert set(bank["fewest"]) == set(bank["most"]) == set(operative.PHASES)


def test_an_operation_tells_its_technique_between_its_own_steps(writer, monkeypatch):
    """Position and approach first, then the technique, the procedure's steps, hemostasis
    before the procedure's own last step (its closure), the deep layers and the specimen after
    it, the shared closing, and the hand-off last."""
    told = {"technique": ["T1.", "T2."], "hemostasis": ["H."], "closure": ["C."], "specimen": ["S."], "wrap_up": ["W."]}
    monkeypatch.setattr(operative, "narrative", lambda cpt, rng, draw, scale=1.0: told)
    monkeypatch.setattr(details, "say", lambda wording, rng, slots=None: wording)  # each step as written in the bank
    bank = banks.load("operative")
    own = bank["by_cpt"]["27447"]
    steps = writer.operation("27447", random.Random(7))
    at = steps.index(own[0])
    assert steps[at:at + 2] == own[:2] and steps[at + 2:at + 4] == ["T1.", "T2."]
    assert steps[at + 4:at + len(own) + 5] == own[2:-1] + ["H.", own[-1], "C.", "S."]
    assert set(steps[at + len(own) + 5:-1]) <= set(bank["closing"]) and steps[-1] == "W."


def test_technique_sentences_rarely_repeat_across_notes():
    """The same procedure's technique differs from note to note: combined from slots, not a
    fixed paragraph (the point of the bank: new words and word pairs, issue 20's distinct-2)."""
    rng = random.Random(11)
    told = [s for _ in range(40) for phase in operative.narrative("47562", rng, lambda make: make()).values() for s in phase]
    assert len(told) >= 40 * 3 and len(set(told)) > 0.75 * len(told)
    words = {w for s in told for w in re.findall(r"[a-z]+", s.lower())}
    assert {"insufflation", "irrigated", "hemostasis"} <= words and len(words) > 100


def test_a_procedure_without_a_technique_keeps_its_steps_only(writer):
    rng = random.Random(3)
    steps = writer.operation("12001", rng)
    bank = banks.load("operative")
    assert len(steps) <= len(bank["opening_minor"]) + len(bank["by_cpt"]["12001"]) + len(bank["closing_minor"])
    assert operative.approach("12001") is None
