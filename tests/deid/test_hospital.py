"""deid/recognizers/hospital.py and hospital_forms.py: US hospitals and health systems by name,
in any case, with cues for names that are also everyday words, names or towns."""

import pytest

from deid.recognizers.hospital import HospitalRecognizer
from deid.recognizers.hospital_forms import build_rows, classify, normalise, read_forms_file
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def hospitals():
    return HospitalRecognizer()


def test_forms_file_is_what_the_rules_derive():
    assert read_forms_file() == build_rows()


def test_normalise_reads_saints_apostrophes_and_abbreviations_alike():
    assert normalise("St. Luke's") == normalise("Saint Lukes") == ["st", "lukes"]
    assert normalise("Cedars-Sinai Med Ctr") == ["cedars", "sinai", "medical", "center"]


@pytest.mark.parametrize("words, kind, where", [
    (("massachusetts", "general"), "head", "anywhere"),
    (("johns", "hopkins"), "head", "anywhere"),
    (("upmc",), "brand", "anywhere"),
    (("mercy",), "head", "strongly_cued"),  # an everyday word first
    (("lahey",), "system", "cued"),          # a surname: needs a cue
    (("providence",), "head", "cued"),     # a town
    (("norwood",), "head", "cued"),
    (("good", "samaritan"), "head", "cued"),  # everyday words
    (("baptist",), "head", "strongly_cued"),
    (("community",), "head", None),        # names no one place
    (("general",), "head", None),
])
def test_classes(words, kind, where):
    assert classify(words, kind) == where


@pytest.mark.parametrize("text, value", [
    ("pt transferred to mgh for cath", "mgh"),
    ("arrived from norwood ew via amb", "norwood ew"),
    ("back to st lukes today", "st lukes"),
    ("Pt d/c'd to NEBH on day 3", "NEBH"),
    ("seen in the MGH ED overnight", "MGH ED"),
    ("Is Johns Hopkins better for this?", "Johns Hopkins"),
    ("followed at massachusetts general for years", "massachusetts general"),
    ("seen at Cedars-Sinai last year", "Cedars-Sinai"),
    ("was admitted to Good Samaritan", "Good Samaritan"),
    ("transferred to Kaiser overnight", "Kaiser"),
    ("followed at kaiser permanente", "kaiser permanente"),
    ("transferred to baptist for ortho", "baptist"),
    ("Records from Norwood Hospital reviewed", "Norwood Hospital"),
    ("pcp is with UPMC", "UPMC"),
    ("delivered at Brigham & Women's Hospital", "Brigham & Women's Hospital"),
    ("brought to mercy er by ems", "mercy er"),
])
def test_hospitals_in_notes(hospitals, text, value):
    assert ("LOCATION", value) in analyze(hospitals, text)


@pytest.mark.parametrize("text", [
    "have mercy on us", "by divine providence", "a decrease in red cells", "a baptist minister visited", "at general anesthesia",
    "lives near the kaiser's old palace", "in north carolina", "Followed by Dr. Shimizu",
    "Prior auth submitted to Blue Cross Blue Shield", "Payer: Kaiser Permanente  Policy # 123",
    "Insurance: KAISER PERMANENTE", 
    "mgh", "MGH records reviewed",  # initials need a cue: many are also clinical abbreviations
    "viral load in PBMC", "after SAH (subarachnoid hemorrhage)", "diagnosis of PNH",
    "community hospital of his choice", "good samaritan law applies", "heart rate 80s",
])
def test_everyday_uses_are_not_hospitals(hospitals, text):
    assert analyze(hospitals, text) == set()


@pytest.mark.parametrize("text", [
    "Parents are in good health.", "He has good health.", "She has otherwise, good health.",
    "unable to bear weight after fall", "She is able to bear weight.",
])
def test_everyday_words_of_health_system_names_are_no_hospitals(hospitals, text):
    assert analyze(hospitals, text) == set()


@pytest.mark.parametrize("text, value", [
    ("transferred to bear for rehab", "bear"),              # a cue of two words vouches
    ("arrived from Spring overnight", "Spring"),            # capitals: a name
    ("transferred to good hospital", "good hospital"),      # a hospital word after it
    ("pt from tucson, admitted w/ copd", "tucson"),         # a town's hospital head keeps its cue
])
def test_the_same_words_as_hospitals_with_a_cue_stay(hospitals, text, value):
    assert ("LOCATION", value) in analyze(hospitals, text)


@pytest.mark.parametrize("text", [
    "The valve leaflets were removed and the #23 St. Jude mechanical valve was secured.",
    "He has St. Jude permanent pacemaker.  The lead from the Boston Scientific was placed.",
    "She was placed in a dorsal lithotomy position in Allen stirrups.",
    "Bilateral tubal ligation performed without difficulty via Parkland technique.",
    "She is able to bend her thumb normally at the DIP joint.",      # a verb after "to"
    "An 88-year-old white male with the following major medical issues:",
])
def test_makers_eponyms_verbs_and_everyday_phrases_are_no_hospitals(hospitals, text):
    assert analyze(hospitals, text) == set(), text


@pytest.mark.parametrize("text, value", [
    ("She was transferred to St. Luke's for further care.", "St. Luke's"),
    ("She was transferred to Methodist.  Lead placement was uneventful.", "Methodist"),
    ("pt transferred to bend today", "bend"),                         # a lower-case note
    ("She was transferred to bend by ambulance for surgery.", "bend"),  # a transfer cue vouches
    ("seen at St. Jude Medical Center last year", "St. Jude Medical Center"),
])
def test_hospitals_of_the_same_shapes_stay(hospitals, text, value):
    assert ("LOCATION", value) in analyze(hospitals, text)
