import random

from synth.generate import grammar


def test_choices_and_slots_are_expanded_deterministically():
    text = "{a|b|c} {slot} {x|{y|z}}"
    out = grammar.expand(text, random.Random(1), {"slot": "S"})
    assert out == grammar.expand(text, random.Random(1), {"slot": "S"})
    assert "{" not in out and " S " in out


def test_templates_define_every_note_type_and_weights():
    t = grammar.load_templates()
    assert set(t["note_type_weights"]) == set(t["note_types"]) == {"history_physical", "progress", "discharge_summary", "operative"}


def test_pronoun_slots_inside_choices_follow_the_slots():
    slots = {"He": "She", "he": "she", "His": "Her", "his": "her", "him": "her"}
    for seed in range(20):
        out = grammar.expand("{sent by {his} doctor|{he} came with {his} son}", random.Random(seed), slots)
        assert "{" not in out and "his" not in out.split() and " he " not in f" {out} "
