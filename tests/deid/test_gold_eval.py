"""deid.gold_eval's occurrence counting, which the flow tests use to tell a leak from the same
string written as ordinary clinical text."""
from __future__ import annotations

from deid.gold_eval import occurrences_outside, occurs_outside_surrogates


def test_occurrences_are_whole_words_outside_the_regions():
    text = "DOB: [DATE] pain 3/10, then 13/10 and 3/100; 3/10 again"
    surrogate = {"start": 5, "end": 11}
    assert occurrences_outside(text, "3/10", [surrogate]) == 2  # not inside 13/10 or 3/100
    first = text.index("3/10")
    assert occurrences_outside(text, "3/10", [{"start": first, "end": first + 4}]) == 1
    assert occurs_outside_surrogates(text, "3/10", [surrogate])
    assert not occurs_outside_surrogates("DOB: 3/10", "3/10", [{"start": 5, "end": 9}])


def test_a_planted_value_beside_the_same_clinical_string_counts_once_more_when_missed():
    note = "DOB: 3/10\npain at the incision site, 3/10."
    gold = [{"start": 5, "end": 9}]
    as_clinical_text = occurrences_outside(note, "3/10", gold)
    replaced = "DOB: 4/22\npain at the incision site, 3/10."
    assert occurrences_outside(replaced, "3/10", [{"start": 5, "end": 9}]) == as_clinical_text == 1  # no leak
    assert occurrences_outside(note, "3/10", []) > as_clinical_text  # the DOB missed: a leak
