"""A learned span joins the passes only with the shape of its kind (deid/learned/shape_gate.py).

Invented text: each case pairs a false flag of one kind that must go with real PHI of the same
shape that must stay.
"""

import pytest

from deid.learned.labels import OUTSIDE
from deid.learned.model import LearnedModel, TokenScores
from deid.learned.shape_gate import keeps
from deid.spans import Span


def _span(text: str, value: str, label: str) -> Span:
    start = text.index(value)
    return Span(start, start + len(value), label, 0.9, "learned")


CASE_REPORT = ("The lesion was located in the anterior thorax and had grown over two years without pain or "
               "bleeding. Histology showed a brownish pigmented macule with spindle cells and no atypia in the "
               "deep dermis. She attributed the change to her friend professor who had seen it first. "
               "It was excised with clear margins and did not recur.")
LOWER_CASE_NOTE = ("neuro: alert, oriented x3, mae. cv: nsr 80s, no ectopy. resp: ls clear, sats 97% on 2l. "
                   "social: pt from mobile, lives w/ son. wife hope aware of plan, in to visit. "
                   "dispo: day hospice screening tomorrow. cont to monitor.")


@pytest.mark.parametrize("text, value, label", [
    ("The image obtained by Spectral OCT showed a thin layer.", "OCT", "DATE"),        # a scan, no date
    ("Newborn with an Apgar score of 8/10 at five minutes.", "8/10", "DATE"),           # a score
    ("Antinuclear antibodies positive at 1/640 titre.", "1/640", "DATE"),               # a titre
    ("Leucocytes ( 9.5 x 10/L ) and platelets normal.", "10/L", "DATE"),
    ("then levetiracetam (500 mg/ 12 h) was added", "(500 mg/", "PHONE"),                # a dose
    ("Kidney of 170 g with a smooth surface.", "170", "AGE_OVER_89"),                    # a weight
    ("heart rate 96 beats per minute", "96", "AGE_OVER_89"),
    ("on metformin (1000 mg/12 h)", "1000", "OTHER_ID"),                                  # a dose
    ("keratins (CK5-CK6) were positive", "CK5-CK6", "OTHER_ID"),                          # a marker
    ("fused at T12-L1 with rods", "T12-L1", "OTHER_ID"),                                   # a spine level
    ("stained with AE1-AE3 and S100", "AE1-AE3", "OTHER_ID"),
    ("Furthermore, the biopsy was negative.", "Furthermore", "NAME"),                     # an everyday word
    ("Spleen of normal size.", "Spleen", "NAME"),
    ("Family met with SW. Wound dressed, drainage about 5 cc per shift.", "cc", "NAME"),  # a unit, no credential after
    ("as described by Kowalczyk et al. (3)", "Kowalczyk", "NAME"),                      # a cited author
    ("the vitamin module (Vitalmix®) was added", "Vitalmix", "NAME"),                    # a product
    ("During a yearly visit to Morocco, she had contact with goats.", "Morocco", "LOCATION"),  # a country
    ("The Lesion Was Seen. Biopsy showed a brownish macule on the arm.", "macule", "NAME"),  # lower case in a capitalised note                                         # a clinical word
    ("She was referred from a district hospital for dialysis.", "a district hospital", "LOCATION"),
    # few capitals, as case reports have, but sentences that start with one: names would be capitalised
    (CASE_REPORT, "macule", "NAME"),
    (CASE_REPORT, "professor", "NAME"),
    ("Contrast (Iomeron 400, Bracco, Milano, Italy) was given.", "Italy", "NAME"),  # a country the model calls a person
    ("a stay in Guatemala last year", "Guatemala", "NAME"),
    ("Culture in Sabouraud medium (+) 3) grew.", "3)", "LOCATION"),                       # no letters
    ("prothrombin time 12.6 sec (VN 9-12 sec) and fibrinogen", "9", "DATE"),             # a reference range
    ("GOT 54 IU (7-32), GPT 63 IU (5-31) and GGT 59", "5", "DATE"),
    ("ACTH 26 pg/mL] [11-80], respectively", "80", "DATE"),
    ("CA 19-9 marker was 82 IU/ml.", "19", "DATE"),                                       # a tumour marker
    ("metastases in 1/19 lymph nodes.", "1/19", "DATE"),                                  # a share of nodes
    ("Vigorous male infant, Apgars 9/9, weight 3.1 kg.", "9/9", "DATE"),                  # a plural score word
    ("Color plate testing scores: 6/14 OD and 10/14 OS.", "6/14", "DATE"),
    ("His pain level is 7/10 today.", "7/10", "DATE"),                                    # a rating with its copula
    ("3.  Lotrel 10/20 daily.", "10/20", "DATE"),                                         # a strength before its frequency
    ("Norco 5/10 q6h prn pain", "5/10", "DATE"),
])
def test_false_flags_of_a_shape_are_dropped(text, value, label):
    assert not keeps(text, _span(text, value, label))


@pytest.mark.parametrize("text, value, label", [
    ("cxr done oct 14, repeat tomorrow", "oct 14", "DATE"),
    ("Seen in clinic on 8/10 for follow up.", "8/10", "DATE"),
    ("fell in late November at home", "late November", "DATE"),
    ("s/p mi, fx 4/97, cabg", "4/97", "DATE"),
    ("admitted 21-07-09 via ew", "21-07-09", "DATE"),
    ("GOT 54 IU, seen again (on 5-31) in clinic", "5-31", "DATE"),    # a date in parentheses after a word
    ("cxr 9-12, read as clear", "9-12", "DATE"),
    ("Findings discussed with Dr. Srinivas at 05/25/2018, 11:09.", "05/25/2018", "DATE"),  # "vas" ends a name here
    ("next visit 10/20 at noon with labs", "10/20", "DATE"),
    ("rn note (7-10 22:52)", "7-", "DATE"),                          # the tagger's token cut a date in two
    ("d/c plan: back to our lady of lourdes hospital sun", "our lady of lourdes hospital", "LOCATION"),
    ("dtr cell 508/555/0173 x22", "508/555/0173", "PHONE"),
    ("pt is 94 yo f from home", "94", "AGE_OVER_89"),
    ("A 93-year-old man presented", "93", "AGE_OVER_89"),
    ("aged 97, lives alone", "97", "AGE_OVER_89"),
    ("labs sent, unit # 4417829 on tubes", "4417829", "OTHER_ID"),
    ("callback done.\nTag # KWP 413\n\nTECHNIQUE: portable", "KWP 413", "OTHER_ID"),  # a plate: letters identify too
    ("pt's son tobias called", "tobias", "NAME"),
    ("Family met with SW. Questions answered; contact cc RN at (555) 201-3344.", "cc", "NAME"),  # initials before a credential
    ("house officer Hope aware", "Hope", "NAME"),
    ("per dr Kowalczyk, etoh withdrawal", "Kowalczyk", "NAME"),                    # a dictionary name, kept
    ("transferred to norwood ew by amb", "norwood", "LOCATION"),
    ("awaiting bed on GRAYSON 6", "GRAYSON 6", "LOCATION"),
    ("lives in Springfield with wife", "Springfield", "LOCATION"),
    ("mailing zip 02139 on file", "02139", "LOCATION"),
    ("plan to extubate in am. -RS", "RS", "NAME"),                   # initials signing off, though "rs" is shorthand
    ("d/c plan: JOHNSON HOUSE screening mon", "JOHNSON HOUSE", "LOCATION"),  # a rehab named after a person
    ("social: pt from Mobile, lives w/ son", "Mobile", "LOCATION"),  # an everyday word mid-sentence
    ("social: pt from mobile, lives w/ son. dispo: day hospice", "mobile", "LOCATION"),  # a lower-case note
    (LOWER_CASE_NOTE, "mobile", "LOCATION"),     # few capitals and sentences that start in lower case
    (LOWER_CASE_NOTE, "hope", "NAME"),
    ("Lives with her neighbor Jordan in Savannah.", "Jordan", "NAME"),  # a country that is also a given name
    ("Brother Chad has Parkinson disease.", "Chad", "NAME"),
])
def test_phi_of_the_same_shape_is_kept(text, value, label):
    assert keeps(text, _span(text, value, label))


def _scores(text: str, tagged: dict[str, str]) -> TokenScores:
    """Token scores as the tagger would give them: ``tagged`` maps a word to its B- tag."""
    offsets, tags = [], []
    position = 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        offsets.append((start, position))
        tags.append(tagged.get(word, OUTSIDE))
    phi = [0.95 if t != OUTSIDE else 0.01 for t in tags]
    return TokenScores(offsets, tags, [0.9] * len(tags), phi)


def test_decode_applies_the_gate_in_every_pass():
    text = "OCT on 3/14 showed edema ; wife Greta aware ; Likewise stable"
    scores = _scores(text, {"OCT": "B-DATE", "3/14": "B-DATE", "Greta": "B-NAME", "Likewise": "B-NAME"})
    model = object.__new__(LearnedModel)  # decode reads no weights
    gated = {text[s.start:s.end] for s in model.decode(text, scores)}
    assert gated == {"3/14", "Greta"}
    ungated = {text[s.start:s.end] for s in model.decode(text, scores, gated=False)}
    assert ungated == {"OCT", "3/14", "Greta", "Likewise"}
