"""deid/recognizers/facility.py: facilities no gazetteer knows, named after transfer and care
cues in any case (a short name or abbreviation, a building and a ward code), and the clinical
text of the same shapes that names no place."""

import pytest

from deid.recognizers.facility import FacilityRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def facilities():
    return FacilityRecognizer()


@pytest.mark.parametrize("text, value", [
    ("A/P: PLAN TO EXTUBATE IN AM. BACK TO FCH WED.", "FCH"),
    ("pmh: seen at gshaa 10-26-15, sent here.", "gshaa"),
    ("seen at mewh nov 16, sent here.", "mewh"),
    ("seen at north pachecofield 3-2, sent here.", "north pachecofield"),
    ("arrived from Gnumc ew via amb. cont supportive care.", "Gnumc ew"),
    ("PLAN: FULL CODE. TO GARCIALAND HOSP FOR CATH.", "GARCIALAND HOSP"),
    ("plan: cont to monitor. to dean 11c at 10:41.", "dean 11c"),
    ("plan: transfer to ye 6c when bed available.", "ye 6c"),
    ("to ó riallaigh 9s at 9am.", "ó riallaigh 9s"),
    ("DISPO- TO CORTESE 4TH FLOOR AT NOON.", "CORTESE 4TH FLOOR"),
])
def test_cued_facilities_no_dictionary_knows(facilities, text, value):
    assert ("LOCATION", value) in analyze(facilities, text)


@pytest.mark.parametrize("text", [
    "transfer to room 12 when ready", "weaned to peep 5", "back to bed at 10", "sent to ct at 2pm",
    "to or at 0800", "transferred to micu from ed", "seen at bedside by team", "transfer to sdu when bed available",
    "back to baseline mental status", "converted back to nsr", "transferred to tsicu from or",
    "returned to room 12 at 1400", "to step down 4th floor", "back to bed 2a", "increased to 2l nc",
    "d/c to home with vna", "sent to lab for draw", "back to sleep after prn", "transfer to nsicu tonight",
])
def test_units_rooms_and_clinical_words_after_the_same_cues_are_no_places(facilities, text):
    assert analyze(facilities, text) == set()


@pytest.mark.parametrize("text, value", [
    ("awaiting bed on law 5b.", "law"),                         # a donor's name that is a word
    ("TRANSFER TO WHITE 9A WHEN BED AVAILABLE.", "WHITE"),
    ("bed assigned on church 6n, dnr/dni", "church"),
    ("to young 4th floor at 1500, report given", "young"),
    ("transfer to long 12 when bed available", "long"),         # a bare floor after a transfer cue
    ("bed assigned on Short 7, plan to extubate in am", "Short"),
])
def test_wards_named_with_everyday_words_after_a_floor_cue(facilities, text, value):
    assert ("LOCATION", value) in analyze(facilities, text)


@pytest.mark.parametrize("text", [
    "converted to type 2b.", "sats down to the low 90s", "hr up to mid 120s overnight",
    "pt on nights 7a-7p.", "weaned to rate 12 this am", "titrated to goal 65",
    "went back to sleep 2 hours later", "back to baseline 2 days after", "advanced to stage 3b",
    "on day 2 of abx", "on levo 5", "weaned to peep 5", "bed on wheels 4 times a day",
])
def test_numbers_and_codes_after_everyday_words_that_name_no_ward(facilities, text):
    assert analyze(facilities, text) == set(), text


@pytest.mark.parametrize("text, value", [
    ("TO NEWCH FOR CATH.", "NEWCH"), ("plan to psch for cabg eval", "psch"),
    ("pt to dumc for ep study tuesday", "dumc"), ("to Gsht for an urgent transplant eval", "Gsht"),
])
def test_a_hospital_short_name_after_a_plain_to_and_the_care_it_is_for(facilities, text, value):
    assert ("LOCATION", value) in analyze(facilities, text)


@pytest.mark.parametrize("text", [
    "pt to ir for picc monday", "to ct for head ct monday", "to or for washout", "to Dr. Lee for eval",
    "sent to cath lab for cath", "to the floor for tele", "to bring her for eval",
])
def test_clinical_places_and_people_before_the_care_name_no_hospital(facilities, text):
    assert analyze(facilities, text) == set(), text


@pytest.mark.parametrize("text, value", [
    ("bed assigned on page 11, keep npo", "page"), ("BED ASSIGNED ON BEST 7W, FULL CODE", "BEST"),
    ("bed assigned on best 5th floor, monitor", "best"),
])
def test_after_a_bed_cue_a_word_that_stands_before_numbers_names_the_ward(facilities, text, value):
    assert ("LOCATION", value) in analyze(facilities, text)


@pytest.mark.parametrize("text", ["see page 11 of the report", "at best 5 words", "to page 3 of the consent"])
def test_without_a_bed_cue_the_same_words_name_no_ward(facilities, text):
    assert analyze(facilities, text) == set(), text
