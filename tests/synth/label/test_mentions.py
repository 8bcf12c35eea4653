from synth.label import abbreviations, context, mentions


def _queries(line):
    expanded = abbreviations.load().expand(line)
    return [(q.kind, q.status, q.text) for q in mentions.line_mentions(0, expanded, context.load_cues()).queries]


def test_a_negated_list_negates_every_item_and_the_query_drops_the_cue():
    assert _queries("No history of nephrolithiasis, hematuria or urinary tract infections.") == [
        ("piece", "negated", "nephrolithiasis"), ("piece", "negated", "hematuria"),
        ("piece", "negated", "urinary tract infections"),
        ("clause", "negated", "nephrolithiasis hematuria or urinary tract infections")]


def test_abbreviations_statuses_and_clauses():
    found = _queries("HTN, DM2 with neuropathy, s/p CABG; no evidence of PE.")
    assert ("piece", "affirmed", "hypertension") in found
    assert ("piece", "affirmed", "type 2 diabetes mellitus with neuropathy") in found
    assert ("piece", "past", "coronary artery bypass graft") in found
    assert ("piece", "negated", "pulmonary embolism") in found  # its own clause: the ";" ends the list
    assert _queries("Mother had breast cancer.") == [("piece", "family", "breast cancer")]
    assert _queries("Possible pneumonia versus atelectasis.")[:2] == [
        ("piece", "uncertain", "pneumonia"), ("piece", "uncertain", "atelectasis")]


def test_family_section_lines_are_family_and_empty_pieces_are_skipped():
    lm = mentions.line_mentions(3, "diabetes, 12", context.load_cues(), family_section=True)
    assert [(q.line, q.status, q.text) for q in lm.queries] == [(3, "family", "diabetes")]
