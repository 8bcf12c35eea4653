"""deid/recognizers/gazetteer.py: known towns, and large towns WordNet lists only as nouns."""

import pytest

from deid.recognizers.city_state import CityStateRecognizer
from deid.recognizers.gazetteer import is_known_place, is_major_town_noun
from tests.deid.detector_fixtures import analyze


def test_known_places():
    assert is_known_place("Wichita") and is_known_place("lower  hutt")
    assert not is_known_place("Lasix")


@pytest.mark.parametrize("word, expected", [
    ("Omsk", True), ("BREMEN", True), ("Paris", True),
    ("Mobile", False), ("Nice", False), ("Bath", False),  # WordNet: also an adjective or a verb
    ("Reading", False), ("Tours", False),  # inflections of other words
    ("Temple", False),  # too small a town
    ("Lasix", False),
])
def test_major_town_nouns(word, expected):
    assert is_major_town_noun(word) is expected


@pytest.mark.parametrize("text, value", [
    ("the new branch is located on Ulitsa Lenina 14 in Omsk", "Omsk"),
    ("Pt's sister lives near the river in Paris.", "Paris"),
])
def test_a_marked_town_after_a_preposition(text, value):
    assert ("LOCATION", value) in analyze(CityStateRecognizer(), text)


@pytest.mark.parametrize("text", [
    "PAIN IN TEMPLE. SEEN IN PARIS",  # an ALL-CAPS note marks nothing
    "Ulcer in Mobile areas; seen at Nice; tenderness in Bath",
])
def test_unmarked_or_ambiguous_words_are_no_towns(text):
    assert analyze(CityStateRecognizer(), text) == set()
