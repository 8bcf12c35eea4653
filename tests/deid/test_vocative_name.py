"""deid/recognizers/vocative_name.py: names of people spoken to."""

import pytest

from deid.recognizers.vocative_name import VocativeNameRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def vocatives():
    return VocativeNameRecognizer()


@pytest.mark.parametrize("text, name", [
    ("Remember me, Kelly? I talked just like this!", "Kelly"),
    ("Don't go to town, Mark!", "Mark"),  # a given name that is also a word
    ("Warrane, can I please speak to your boss?", "Warrane"),  # no English word, opening a question
    ("Hi Sandra, the report is attached.", "Sandra"),
    ("Thanks, Olu!", "Olu"),
])
def test_names_spoken_to(vocatives, text, name):
    assert ("NAME", name) in analyze(vocatives, text)


@pytest.mark.parametrize("text", [
    "Allergies: penicillin, Avelox?",  # a brand, no second person
    "Rule out sepsis, Lyme?",
    "Thanks, Doctor! Yes, Mom?",
    "Lasix, can cause hypokalemia?",  # an English word... and a drug: no given name, in WordNet
    "Otherwise, can you check? However, I will call.",
    "Walker at bedside. Foley catheter in place.",
    "Hey, it's me here, can you call me back?",  # an interjection
    "Dear Dr. Okafor:, Thank you for your kind referral.",  # a title is no name (the title cue finds it)
])
def test_clinical_questions_are_no_address(vocatives, text):
    assert analyze(vocatives, text) == set()
