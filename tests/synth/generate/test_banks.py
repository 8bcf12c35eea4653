"""Phrase banks: every shipped bank parses, and a broken one fails with E506 naming the file."""

import random
import re

import pytest

from chartforge.errors import ChartforgeError
from synth.generate import banks
from synth.generate.details import say


@pytest.mark.parametrize("name", ["exam", "ros", "narrative", "plans", "meds", "problem", "studies", "operative"])
def test_shipped_banks_load_and_expand_without_leftover_braces(name):
    data = banks.load(name)
    rng = random.Random(0)
    slots = {"He": "She", "he": "she", "His": "Her", "his": "her", "him": "her", "label": "L", "items": "x", "hr": "104", "day": "2",
             "rhythm": "sinus", "side": "left"}  # day: course_extra's day of the stay; rhythm: a study's ECG rhythm at the note's rate; side: an exam finding's side

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    for wording in walk(data):
        for _ in range(3):
            assert "{" not in say(wording, rng, slots) and "}" not in say(wording, rng, slots), wording


@pytest.mark.parametrize("text, reason", [
    ("a: [unclosed\n", "not valid YAML"),
    ("- just\n- a list\n", "top level is not a mapping"),
    ("a:\n  - fine\n  - no\n", "is not a string"),
    ("a:\n  - '{open|choice'\n", "unbalanced braces"),
    ("a: []\n", "empty list"),
])
def test_a_broken_bank_is_a_coded_error_naming_the_file(tmp_path, text, reason):
    path = tmp_path / "broken_bank.yaml"
    path.write_text(text)
    with pytest.raises(ChartforgeError) as err:
        banks.load_file(path)
    assert err.value.code == "E506" and "broken_bank.yaml" in str(err.value) and reason in str(err.value)


def test_a_missing_bank_is_a_coded_error(tmp_path):
    with pytest.raises(ChartforgeError) as err:
        banks.load_file(tmp_path / "absent.yaml")
    assert err.value.code == "E506" and "absent.yaml" in str(err.value)


def test_matching_takes_every_prefix_a_code_starts_with():
    table = {"E11": ["a"], "E11.2": ["b"], "I50": ["c"]}
    assert banks.matching(table, ["E11.22"]) == [["a"], ["b"]]
    assert banks.matching(table, ["J44.9"]) == []


_BARE_PRONOUN = re.compile(r"\b(he|she|his|her|hers|him|himself|herself)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{(He|he|His|his|him)\}")


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_no_wording_fixes_the_patients_sex():
    """A pronoun about the patient is a {he}/{his}/{him} slot; a bare 'he' shows up in a woman's
    note ("74 year old woman ... he has lost an inch of height"). Only a relative's own pronoun
    ("Mother ... in her sixties") may be written out."""
    from synth.generate import grammar

    wordings = [w for name in ["exam", "ros", "narrative", "plans", "meds", "problem", "studies", "operative"]
                for w in _strings(banks.load(name))] + list(_strings(grammar.load_templates()["phrases"]))
    fixed = [w for w in wordings if _BARE_PRONOUN.search(_PLACEHOLDER.sub("", w))
             and not re.search(r"\b(Mother|Father)\b", w)]
    assert fixed == []
