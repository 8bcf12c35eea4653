"""deid/verify.py: the verification detector finds what the first pass is made to miss."""

from deid.detect import PhiDetector
from tests.deid.detector_fixtures import covered, shared_detector, shared_verifier

TEXT = ("Follow-up visit. Kathleen Brennan came with her husband. She lives near the park.\n"
        "Called Ingrid at home; Mr. Xylander will drive her. Hope to see her in one month.")


def test_catches_names_the_first_pass_is_configured_to_miss():
    base = shared_detector()
    blind = PhiDetector.__new__(PhiDetector)  # same engine, without any name recognizer
    blind.__dict__.update(base.__dict__)
    from deid.engine import build_analyzer

    without_names = [r for r in base.settings["recognizers"] if r not in ("ner", "person_name", "full_name")]
    blind.analyzer = build_analyzer(base.nlp_engine, without_names)
    blind.learned = None  # nor the learned model
    first = blind.detect(TEXT)
    second = shared_verifier().detect(TEXT)
    for name in ("Kathleen Brennan", "Ingrid", "Xylander"):
        assert not covered(first, TEXT, name), name
        assert covered(second, TEXT, name), name


def test_everyday_capitalised_words_are_not_names():
    text = "Hope to see her soon. Will follow up. Heart regular. Foley removed. LAD patent."
    assert shared_verifier().detect(text) == []


def test_catches_leftover_structured_identifiers():
    text = "call 617 555 1234 re: case 4471920 seen 3/4"
    labels = {s.label for s in shared_verifier().detect(text)}
    assert {"PHONE", "OTHER_ID", "DATE"} <= labels


def test_same_api_as_the_first_pass():
    assert shared_verifier().detect_batch(["", "Dr. Xylander"], batch_size=8)[0] == []
    assert all(s.source.startswith("verify") for s in shared_verifier().detect("Dr. Xylander"))


def test_lower_case_dictionary_names_that_are_not_english_words():
    text = "seen today with janssen at bedside; weeks ago fascia lata repaired, pars plana approach"
    assert {text[s.start:s.end] for s in shared_verifier().detect(text) if s.label == "NAME"} == {"janssen"}


def test_relative_cue_takes_names_not_inflected_words():
    text = "her daughter weeks ago called. lives with son rodrigo."
    assert {text[s.start:s.end] for s in shared_verifier().detect(text)} == {"rodrigo"}


def test_staff_initials_before_a_nursing_credential():
    text = "handoff to CR RN at 0700; RN in room; IV RN-placed"
    names = [text[s.start:s.end] for s in shared_verifier().detect(text) if s.label == "NAME"]
    assert names == ["CR"]


def test_doses_with_a_decimal_point_are_not_dates():
    text = "metoprolol 2.5 mg daily since 3.4.2021, again 3/4 and 10-12"
    dates = {text[s.start:s.end] for s in shared_verifier().detect(text) if s.label == "DATE"}
    assert dates == {"3.4.2021", "3/4", "10-12"}


def test_digit_shapes_that_are_readings_are_no_date_hits_but_dates_stay():
    from tests.deid.detector_fixtures import shared_verifier

    text = ("Saturation of 90-92% at meals, a 10/11 mm trocar, MIC < 1/19, FEF 25-75 is 3.0, interval 24-26 days.  "
            "Seen on 3/4 in clinic, admitted 03/04/21 from home.")
    hits = {text[s.start:s.end] for s in shared_verifier().detect(text) if s.label == "DATE"}
    assert hits == {"3/4", "03/04/21"}
