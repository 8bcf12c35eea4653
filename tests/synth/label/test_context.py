import pytest

from synth import terms
from synth.label import context


def _status(text, target, small_index, cues):
    for toks in context.clauses(text):
        found = small_index.find(toks)
        for m in found:
            if m.code == target:
                others = [(o.start, o.end) for o in found if o is not m]
                return context.status(toks, m.start, m.end, cues, others)
    raise AssertionError("mention not found")


@pytest.mark.parametrize("text,code,expected", [
    ("Denies chest pain, fever or cough.", "R05.9", context.NEGATED),
    ("No evidence of pneumonia.", "J18.9", context.NEGATED),
    ("Pneumonia was ruled out.", "J18.9", context.NEGATED),
    ("Rule out pulmonary embolism.", "I26.99", context.UNCERTAIN),
    ("Mother with breast cancer.", "C50.919", context.FAMILY),
    ("Stroke, resolved.", "I63.9", context.PAST),
    ("History of colon cancer.", "C18.9", context.HISTORY),
    ("No chest pain but has pneumonia.", "J18.9", context.AFFIRMED),
    ("Denies chest pain. Pneumonia on imaging.", "J18.9", context.AFFIRMED),
    ("Type 2 diabetes mellitus without complications.", "E11.9", context.AFFIRMED),
])
def test_cue_scopes(text, code, expected, small_index, cues):
    assert _status(text, code, small_index, cues) == expected


def test_a_cue_inside_another_codes_name_is_not_a_cue(small_index, cues):
    toks = terms.tokens("personal history of nicotine dependence and hypertension")
    found = small_index.find(toks)
    hyp = next(m for m in found if m.code == "I10")
    blocked = [(m.start, m.end) for m in found if m is not hyp]
    assert context.status(toks, hyp.start, hyp.end, cues, blocked) == context.AFFIRMED
