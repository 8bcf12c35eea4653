"""deid/recognizers/locative_street.py: streets with no street word, named by a locative cue."""

import pytest

from deid.recognizers.locative_street import LocativeStreetRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def recognizer():
    return LocativeStreetRecognizer()


@pytest.mark.parametrize("text, value", [
    ("The bus station is on Pod Floriánem 1677", "Pod Floriánem 1677"),  # a place noun before "is on"
    ("The bakery is at 9816 214 Vasilou Drandakis", "9816 214 Vasilou Drandakis"),  # number first
    ("She lives at 12 Pavlou Drandaki for now", "12 Pavlou Drandaki"),  # ends at a stop word
    ("the bus drops you off at 74678 midtvollen 130 st.", "74678 midtvollen 130 st."),  # lower case
    ("The office is located at Aqqusinersuaq 99.", "Aqqusinersuaq 99"),
    ("We'll meet Tuesday at Locavore, 641 Dašická 688, Turkovice u Prelouce", "641 Dašická 688"),  # after a venue
])
def test_cued_streets(recognizer, text, value):
    assert ("LOCATION", value) in analyze(recognizer, text)


@pytest.mark.parametrize("text, tail", [
    ("We'll meet Tuesday at Locavore, 641 Dašická 688, Turkovice u Prelouce", ", Turkovice u Prelouce"),
    ("the cafe is located at 389 167 king alexander\nlady frere\n, ec\n 76634. it serves food", "\nlady frere\n, ec\n 76634"),
])
def test_the_rest_of_the_address_follows(recognizer, text, tail):
    assert ("LOCATION", tail) in analyze(recognizer, text)


@pytest.mark.parametrize("text", [
    "The lesion is located at 3 o'clock; the nodule is located at 12 o'clock position.",
    "The mass is located at the 5 cm mark, located at 10 cm from the anal verge; tumor located at 35 cm.",
    "The patient is on Lasix 40 daily. She is on Coumadin 5 mg. Pharmacy is on Keflex 500.",  # no place noun / deny
    "Stenosis located at L4-5 and C5 6; pain located at T12 level; lesion located on the right 2 cm.",
    "The patient lives at home with 2 daughters. He lives at Sunrise 12 months. Stays at Mercy 3 days.",
    "The clinic is on Floor 3. The office is at Suite 200. Drain located at Zone 2.",
    "Picked up at 10 am, drop off at 3 pm; meet at Bed 12.",
])
def test_clinical_positions_doses_and_rooms_are_no_streets(recognizer, text):
    assert analyze(recognizer, text) == set()


def test_no_phi_in_the_recognizer_output_metadata(recognizer):
    """Results carry offsets and the pattern's name only, never the text they cover."""
    text = "The bus station is on Pod Floriánem 1677"
    for result in recognizer.analyze(text, None):
        assert "Floriánem" not in repr(result.recognition_metadata)


def test_registered_in_the_detector():
    """The first-pass detector runs it (deid/settings.py defaults, chartforge.toml)."""
    from tests.deid.detector_fixtures import covered, shared_detector

    text = "The bus station is on Pod Floriánem 1677. The patient is on Lasix 40 daily."
    spans = shared_detector().detect(text)
    assert covered(spans, text, "Pod Floriánem 1677")
    assert not any(s.label == "LOCATION" and "Lasix" in text[s.start:s.end] for s in spans)
