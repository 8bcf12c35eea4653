"""deid/deny.py: the deny list vetoes clinical look-alikes, never a real name beside them."""

import pytest

from deid.deny import DenyList


@pytest.mark.parametrize("value", ["LAD", "BID", "PERRLA", "Foley", "Parkinson", "Glasgow", "Crohn's",
                                   "Cardiology Clinic", "Emergency Department", "Cigna"])
def test_vetoes_look_alikes(value):
    assert DenyList().vetoes(value)


@pytest.mark.parametrize("value", ["Mary Parkinson", "Springfield General Hospital", "Okonkwo", "St. Mary's Hospital"])
def test_keeps_names_and_places(value):
    assert not DenyList().vetoes(value)


def test_deny_list_does_not_block_title_cues():
    from deid.recognizers.person_name import PersonNameRecognizer

    text = "Catheter placed by Dr. Foley."
    assert any(text[r.start:r.end] == "Foley" and not r.recognition_metadata["deny"]
               for r in PersonNameRecognizer().analyze(text, None))


def test_eponyms_yield_to_place_words_and_person_cues():
    deny = DenyList()
    assert not deny.vetoes("Jackson Veterans Affairs Medical Center")  # a place named after someone
    assert not deny.vetoes("Allen County")
    assert deny.vetoes("Jackson Pratt") and deny.vetoes("Medical Center")
    assert not deny.vetoes("Kelly", cued=True) and deny.vetoes("Kelly")
    assert deny.vetoes("Parkinson's", cued=True) and deny.vetoes("LAD", cued=True)
