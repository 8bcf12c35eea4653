"""deid/name_propagation.py: a found name vouches for its repetitions and list siblings."""

import pytest

from deid.name_propagation import NamePropagator
from deid.spans import Span
from tests.deid.detector_fixtures import found


@pytest.fixture(scope="module")
def propagator():
    return NamePropagator()


def _name(text, value, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    return Span(start, start + len(value), "NAME", 0.9, "test")


def test_repetitions_of_a_found_name_are_names(propagator):
    text = "Patient: MOURIK, AANTJE\nI am Aantje Mourik but everyone calls me Aantje."
    header = _name(text, "MOURIK, AANTJE")
    spans = propagator.expand(text, [Span(header.start, header.end, "NAME", 0.9, "PersonNameRecognizer.patient_header_name")])
    assert {("NAME", "Aantje"), ("NAME", "Mourik")} <= found(spans, text)  # capitals vouch for Title case
    unvouched = propagator.expand(text, [header])
    assert len(unvouched) == 1  # no cue, no dictionary name: capitals prove nothing


def test_repetitions_keep_the_case_shape(propagator):
    text = "# Okafor: seen. 62 year old man with OKAFOR; okafor"
    spans = propagator.expand(text, [_name(text, "Okafor")])
    assert found(spans, text) == {("NAME", "Okafor")}  # "OKAFOR"/"okafor" may be something else


def test_model_slips_in_wordnet_do_not_spread(propagator):
    text = "Rocky Mountain spotted fever.\n1. Rocky mountain spotted fever: doxycycline"
    spans = propagator.expand(text, [Span(0, 14, "NAME", 0.85, "NerRecognizer.NAME")])
    assert len(spans) == 1


def test_everyday_words_and_contractions_are_not_carried(propagator):
    text = "Dr. Day saw her on Day 3. I'm Oksana Petrenko and I'm 31."
    spans = propagator.expand(text, [_name(text, "Day"), _name(text, "I'm Oksana Petrenko")])
    assert len(spans) == 2  # nothing added: "Day" is a word, "I'm" a contraction


def test_list_siblings_of_a_found_name(propagator):
    text = "Is there a better song? Marrero and Murphy were precision engineers."
    spans = propagator.expand(text, [_name(text, "Marrero")])
    assert ("NAME", "Murphy") in found(spans, text)  # an eponym, but beside a name


def test_siblings_must_not_be_everyday_words(propagator):
    text = "Capitalized words like Wisdom and Discipline are often mistaken with names."
    spans = propagator.expand(text, [_name(text, "Discipline")])
    assert ("NAME", "Wisdom") not in found(spans, text)


def test_lists_of_dictionary_names_need_no_found_member(propagator):
    text = "they had 6: silvana, adam, christopher, kristina, chad and caleb."
    names = {v for _, v in found(propagator.expand(text, []), text)}
    assert names == {"silvana", "adam", "christopher", "kristina", "chad", "caleb"}
    text = "Founders: Monjeau, Becker and Lindqvist."
    assert {"Monjeau", "Becker", "Lindqvist"} <= {v for _, v in found(propagator.expand(text, []), text)}


@pytest.mark.parametrize("text", [
    "cough, fever, chills and night sweats",
    "Tylenol, Motrin and Advil as needed",
    "Babinski, Romberg and Hoffmann signs negative",  # eponyms: deny list
    "Past Medical History, Social History and Family History",
])
def test_clinical_lists_without_a_found_name_stay(propagator, text):
    assert propagator.expand(text, []) == []


def test_capitals_and_lower_case_carry_only_dictionary_names(propagator):
    text = "LEONARD PRYSTUPA, LCSW and his sister Joann. PMH: LCSW, OSA; his sister; LEONARD"
    spans = propagator.expand(text, [_name(text, "LEONARD PRYSTUPA, LCSW"), _name(text, "sister Joann")])
    added = {text[s.start:s.end] for s in spans[2:]}
    assert added == {"LEONARD"}


def test_model_found_brand_names_do_not_seed_a_list(propagator):
    text = "MEDICATIONS: Novolin, Afrin, Nephro-Vite, Neurontin and Aricept."
    seed = _name(text, "Neurontin")
    spans = propagator.expand(text, [Span(seed.start, seed.end, "NAME", 0.85, "NerRecognizer.NAME")])
    assert len(spans) == 1


def test_model_found_words_spread_only_if_dictionary_names(propagator):
    text = "elevated with a Falope ring; a Falope ring placed. Kaczmarek agreed; Kaczmarek left."
    seeds = [Span(text.index("Falope"), text.index("Falope") + 6, "NAME", 0.85, "NerRecognizer.NAME"),
             Span(text.index("Kaczmarek"), text.index("Kaczmarek") + 9, "NAME", 0.85, "NerRecognizer.NAME")]
    added = {text[s.start:s.end] for s in propagator.expand(text, seeds)[2:]}
    assert added == {"Kaczmarek"}


def test_short_capitals_are_not_carried(propagator):
    text = "Followed by IDA KOWALSKI. PMH: IDA, OSA. KOWALSKI agrees."
    spans = propagator.expand(text, [_name(text, "IDA KOWALSKI")])
    assert {text[s.start:s.end] for s in spans[1:]} == {"KOWALSKI"}


def test_a_long_comma_run_is_no_list_and_ends_quickly():
    from deid.name_propagation import NamePropagator

    # a table row or lab run of 5,000 comma-joined words: bounded matching, no people list
    text = "Word, " * 5000 + "Okafor and Mbeki"
    assert NamePropagator().expand(text, []) == []


def test_a_place_found_after_a_cue_is_that_place_where_the_note_names_it_again():
    from deid.name_propagation import NamePropagator
    from deid.spans import Span

    text = "pt transferred from hebrew rehab after fall. plan to return to Hebrew  Rehab; rehab consulted."
    found = [Span(20, 32, "LOCATION", 0.75, "CityStateRecognizer.residence_town")]
    added = [s for s in NamePropagator().expand(text, found) if s not in found]
    assert [(s.label, text[s.start:s.end]) for s in added] == [("LOCATION", "Hebrew  Rehab")]


def test_spacy_place_guesses_and_everyday_words_do_not_spread():
    from deid.name_propagation import NamePropagator
    from deid.spans import Span

    text = "seen in Lowell. Lowell agrees. back to the floor; floor nurse aware"
    found = [Span(8, 14, "LOCATION", 0.75, "NerRecognizer.LOCATION"), Span(43, 48, "LOCATION", 0.75, "FacilityRecognizer.x")]
    assert NamePropagator().expand(text, found) == found


def _alternation_matches(text, words):
    """The reference: one regex alternation of the words, longest first (what _occurrences replaces)."""
    import regex

    pattern = regex.compile(r"(?<![\p{L}'’\-])(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
                            + r")(?![\p{L}\-])", regex.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def test_occurrences_match_the_regex_alternation_they_replace():
    """Random texts of names, apostrophes, hyphens, accents and case variants: the scan finds
    exactly the spans the per-note regex found (mismatches here would change spans)."""
    import random

    from deid.name_propagation import _occurrences

    pieces = ["Smith", "smith", "SMITH", "Smith's", "Smith’s", "Smith-Jones", "O'Neil", "o'neil", "O’Neil", "Neil",
              "Kónya", "KÓNYA", "Ana", "Anabel", "anA", "x", "3Smith", "Smithy", "\u212aelvin", "Jones'", "ſmith", "Kelvin",
              "-Smith", "Smith-", "Ana-Maria", "É"]
    separators = [" ", ", ", "\n", "'", "’", "-", "(", "2", ""]
    word_sets = [{"smith": 1}, {"smith": 1, "ana": 1, "anabel": 1}, {"o'neil": 1, "neil": 1},
                 {"kónya": 1, "smith": 1}, {"smith-jones": 1, "smith": 1, "jones": 1}, {"ana-maria": 1, "ana": 1},
                 {"o’neil": 1, "kelvin": 1}, {"smith's": 1, "smith": 1}]
    rng = random.Random(18)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(separators) for _ in range(rng.randint(1, 8)))
        words = rng.choice(word_sets)
        assert _occurrences(text, words) == _alternation_matches(text, words), (text, sorted(words))
