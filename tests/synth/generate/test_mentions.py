import random

from synth import icd, terms
from synth.generate import mentions


def test_renderings_read_back_as_the_intended_code(full_index):
    rng = random.Random(0)
    for code in ["I50.32", "M17.11", "E11.22", "N18.31", "J44.1", "S72.001A", "C50.911"]:
        for _ in range(15):
            text = mentions.render(code, full_index, rng, vary=1.0)
            assert full_index.forms[tuple(terms.tokens(text))] == code, text


def test_laterality_and_abbreviations_are_varied(full_index):
    texts = {mentions.render("M17.11", full_index, random.Random(i), vary=1.0).lower() for i in range(30)}
    assert any("of the right knee" in t for t in texts)
    ckd = {mentions.render("N18.31", full_index, random.Random(i), vary=1.0) for i in range(30)}
    assert any("CKD" in t for t in ckd)


def test_unspecified_sibling(full_index):
    assert mentions.unspecified_sibling("I50.32", full_index) == "I50.9"
    assert mentions.unspecified_sibling("I50.9", full_index) is None


def test_trap_forms_are_plain_and_read_back_as_the_trap(full_index):
    import random as _random

    rng = _random.Random(0)
    for code in ["I26.99", "J18.9", "N39.0", "R07.9", "C50.919", "E11.9"]:
        for _ in range(10):
            text = mentions.trap_form(code, full_index, rng)
            assert full_index.forms[tuple(terms.tokens(text))] == code, text
            assert "unspecified" not in text.lower() or text == mentions.shortest(code, full_index)


def test_an_unspecified_repeat_keeps_the_side_and_the_encounter(full_index):
    sibling = mentions.unspecified_sibling("S72.141A", full_index)
    assert sibling is None or (sibling.endswith("A") and "left" not in icd.description(sibling).lower()), sibling
    assert mentions.unspecified_sibling("I50.32", full_index) == "I50.9"


def test_an_unspecified_repeat_names_nothing_the_code_does_not(full_index):
    # F10.239 "alcohol dependence with withdrawal, unspecified" is not a vaguer F10.20
    assert mentions.unspecified_sibling("F10.20", full_index) is None
    assert mentions.unspecified_sibling("J44.1", full_index) == "J44.9"


def test_mentions_are_mostly_a_clinicians_wording_not_a_coders(full_index):
    """R17 has "Unspecified jaundice" beside "jaundice": the coder's title is still possible (EHR
    problem lists carry titles) but rare; every rendering still reads back as R17."""
    rng = random.Random(3)
    texts = [mentions.render("R17", full_index, rng) for _ in range(300)]
    coder = sum("unspecified" in t.lower() for t in texts)
    # a uniform draw over its forms would give the title a third or half of the time
    assert 0 < coder < 0.2 * len(texts), coder
    assert all(full_index.forms[tuple(terms.tokens(t))] == "R17" for t in texts)
    # a code whose every form is a coder's wording is still written
    only_coder = next(c for c, forms in sorted(full_index.surfaces.items())
                      if all(mentions._CODER_WORDING.search(f) for f in forms))
    assert mentions.render(only_coder, full_index, rng)


def test_a_code_with_a_clinicians_wording_is_written_with_it_and_its_title_only_rarely(full_index):
    assert mentions.clinical_forms("C79.51", full_index) == [
        "bone metastases", "bony metastases", "metastatic disease to the bone", "osseous metastases",
        "skeletal metastases"]
    clinical = {f.lower() for f in mentions.clinical_forms("C79.51", full_index)}
    for i in range(60):
        text = mentions.render("C79.51", full_index, random.Random(i), vary=0.0)
        if random.Random(i).random() >= mentions.CODER_WORDING_SHARE:  # the draw that allows a coder's wording
            assert text.lower() in clinical, (i, text)
    # a title a clinician writes as is ("Dehydration") has no other wording to prefer
    assert mentions.clinical_forms("E86.0", full_index) == ["dehydrated"]
