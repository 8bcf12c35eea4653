"""deid/recognizers/person_name.py: cue-driven names in clinical styles (no spaCy needed)."""

import pytest

from deid.recognizers.person_name import PersonNameRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def names():
    return PersonNameRecognizer()


@pytest.mark.parametrize("text, name", [
    ("Pt seen by Dr. Okonkwo today.", "Okonkwo"),
    ("SEEN BY DR. ZELENKA IN CLINIC", "ZELENKA"),
    ("discussed with dr röhricht by phone", "röhricht"),
    ("Pt's daughter Mary called.", "Mary"),
    ("his wife, Jane Doe, at bedside", "Jane Doe"),
    ("daughter mary visited", "mary"),
    ("Electronically signed by: kayla snyder, MD on 21 Mar", "kayla snyder"),
    ("Resident: estela mireles, NP; attending", "estela mireles"),
    ("Follow up with j. banks, DO on 3/8", "j. banks"),
    ("Patient: hale, dominic", "hale, dominic"),
    ("pt claudia resting in bed", "claudia"),
    ("Exam chaperoned by RN Darika.", "Darika"),
    ("Urvashi Rout-Hebert is a 88 year old woman", "Urvashi Rout-Hebert"),
    ("JASMINE FINLEY IS A 53 YO WOMAN", "JASMINE FINLEY"),
    ("Code status confirmed with Theodoro and his father.", "Theodoro"),
    ("Mrs. wood reports improved breathing", "wood"),
])
def test_finds_names_in_clinical_styles(names, text, name):
    assert ("NAME", name) in analyze(names, text)


@pytest.mark.parametrize("text", [
    "daughter is here and updated.",
    "dr to review films",
    "REASON FOR ADMISSION: chest pain",
    "HEENT: PERRLA, EOMI. Skin: WARM, DRY.",
    "APACHE II score 12",
    "The patient is a 45 year old man.",
    "confirmed with ward staff",
    "Plan per protocol.",
])
def test_ignores_clinical_phrases(names, text):
    assert analyze(names, text) == set()


def test_header_name_stops_at_the_next_field(names):
    text = "Patient: Riojas, Jerónimo    MRN: 123456"
    assert ("NAME", "Riojas, Jerónimo") in analyze(names, text)


def test_full_names_without_cues():
    from deid.recognizers.full_name import FullNameRecognizer

    found = analyze(FullNameRecognizer(), "Carly Jones met Lara  Fiorentino. Will Grant see the Heart Team?")
    assert found == {("NAME", "Carly Jones"), ("NAME", "Lara  Fiorentino")}
