from synth.label import abbreviations


def test_list_expands_whole_tokens_and_respects_case():
    ab = abbreviations.load()
    assert ab.expand("HTN, DM2 with neuropathy, s/p CABG") == \
        "hypertension, type 2 diabetes mellitus with neuropathy, status post coronary artery bypass graft"
    assert ab.expand("no evidence of PE") == "no evidence of pulmonary embolism"
    # upper-only entries are ordinary words (or units) in lower case; tokens inside words never match
    assert ab.expand("type of pe teacher; QT 450 ms; all pads") == "type of pe teacher; QT 450 ms; all pads"
    assert ab.expand("htn") == "hypertension"


def test_note_defined_abbreviations_win_and_are_found_by_scispacy():
    text = "Progressive chronic renal failure (CRF) secondary to IgA nephropathy. CRF stage 4."
    defined = abbreviations.defined_in(text)
    assert defined == {"CRF": "chronic renal failure"}
    assert abbreviations.load().expand("MS flare", {"MS": "mitral stenosis"}) == "mitral stenosis flare"
    assert abbreviations.defined_in("no brackets here") == {}
