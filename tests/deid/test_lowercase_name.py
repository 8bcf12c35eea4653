"""deid/recognizers/lowercase_name.py: dictionary names in text written in lower case."""

import pytest

from deid.recognizers.lowercase_name import LowercaseNameRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def lower():
    return LowercaseNameRecognizer()


@pytest.mark.parametrize("text, name", [
    ("the true gender of bertram has been under debate for years", "bertram"),
    ("we met frederikke at the station yesterday", "frederikke"),
    ("early work by samoylova was never published", "samoylova"),  # a surname ending
    ("the codey m ross version recorded for the label", "codey"),  # an initial after: no thing
    ('who are you?\ntracy:"i\'m here for my aunt".', "tracy"),  # a speaker label
])
def test_names_in_lower_case_text(lower, text, name):
    assert ("NAME", name) in analyze(lower, text)


def test_given_name_with_surname(lower):
    assert ("NAME", "olga krylova") in analyze(lower, "she said olga krylova sold the house")


@pytest.mark.parametrize("text", [
    "pt with lue weakness, ica stenosis, asa 81 mg daily, anca positive",  # abbreviations
    "doyle splints placed. a curved glover was placed around the bronchus.",  # instruments
    "polycythemia rubra vera on epoetin alfa, father with von hippel-lindau",
    "red rash on both arms. will mark the site. rose from bed. pat dry.",  # given names that are words
    "walker at bedside, foley catheter draining, avelox 400 mg daily",
])
def test_clinical_lower_case_words_are_no_names(lower, text):
    assert analyze(lower, text) == set()


def test_text_with_capitals_is_left_to_the_other_recognizers(lower):
    assert analyze(lower, "The true gender of bertram has been under debate. Ask Tom and Ann.") == set()
