"""devsets/nursing: generated nursing notes, their planted PHI and gold spans (no ../shared)."""

import re
from collections import Counter

import pytest

from devsets.nursing import TEST_SEED
from devsets.nursing.generator import NursingNoteGenerator, generate, grammar
from devsets.nursing.phi import _RELATIONS, _ROLES_ANY, _ROLES_SURNAME

LABELS = {"NAME", "LOCATION", "DATE", "YEAR", "AGE", "AGE_OVER_89", "PHONE", "MRN"}


@pytest.fixture(scope="module")
def notes():
    return generate(seed=5, count=300)


def test_a_seed_reproduces_its_notes_and_another_seed_gives_new_text(notes):
    again = NursingNoteGenerator(5)
    assert [again.note(i) for i in (0, 17, 299)] == [notes[0], notes[17], notes[299]]
    other = generate(seed=6, count=50)
    assert sum(a["text"] == b["text"] for a, b in zip(notes, other)) == 0
    assert TEST_SEED not in (5, 6)


def test_spans_are_exact_sorted_and_disjoint(notes):
    for note in notes:
        text, spans = note["text"], note["spans"]
        previous_end = 0
        for span in spans:
            value = text[span["start"]:span["end"]]
            assert span["label"] in LABELS
            assert previous_end <= span["start"] < span["end"] <= len(text)
            assert value == value.strip() and value
            previous_end = span["end"]
    # like real notes, a few carry no PHI at all (precision is measured on them too)
    assert 0 < sum(not n["spans"] for n in notes) < len(notes) // 10


def test_case_styles(notes):
    styles = Counter(n["style"] for n in notes)
    assert set(styles) == {"lower", "upper", "mixed"}
    for note in notes:
        if note["style"] == "upper":
            assert note["text"] == note["text"].upper()
        if note["style"] == "lower":
            assert note["text"] == note["text"].lower()


def test_names_exclude_role_and_relation_words_and_dates_exclude_times(notes):
    words = {w.lower() for w in _ROLES_ANY + _ROLES_SURNAME + _RELATIONS["female"] + _RELATIONS["male"]}
    for note in notes:
        for span in note["spans"]:
            value = note["text"][span["start"]:span["end"]].lower()
            if span["label"] == "NAME":
                assert value.split()[0] not in words, value
            if span["label"] == "DATE":
                assert not re.search(r"[@:]|\d{4}$", value) or re.fullmatch(r"\d\d/\d\d/\d{4}", value), value


def test_the_shapes_real_notes_use_are_planted(notes):
    def values(label):
        return [n["text"][s["start"]:s["end"]] for n in notes for s in n["spans"] if s["label"] == label]

    phones, years, locations = values("PHONE"), values("YEAR"), values("LOCATION")
    assert any(re.fullmatch(r"\d{3}/\d{3}/\d{4}", p) for p in phones)
    assert any(re.search(r"(?i)(x|ext )\d+$", p) for p in phones)
    assert any(re.fullmatch(r"'\d\d", y) for y in years) and any(re.fullmatch(r"\d\d", y) for y in years)
    assert any(re.fullmatch(r"\d{1,2}/\d\d", d) for d in values("DATE"))  # month/year in a history list
    assert any(v.islower() for v in locations) and any(v.isupper() for v in locations)
    texts = "\n".join(n["text"].lower() for n in notes)
    for shape in (r"transferred to \S", r"\b(ew|ed|er) via amb", r"\bgtt\b", r"5/5 strength", r"1/2 ns", r"3/6",
                  r"#\d+ piv", r"\b(monday|tuesday|wednesday|thursday|friday)\b", r"\bkvo\b"):
        assert re.search(shape, texts), shape
    assert any(c in texts for c in grammar()["lexicon"]["charting"])


def test_units_named_after_a_building_span_the_building_only(notes):
    for note in notes:
        for span in note["spans"]:
            after = note["text"][span["end"]:span["end"] + 12]
            if span["label"] == "LOCATION" and re.match(r" \d+(th floor|[a-z])?\b", after, re.I):
                assert not re.search(r"\d", note["text"][span["start"]:span["end"]])


def test_added_shapes_open_some_notes_and_leave_the_rest_of_each_note_as_it_was(notes, monkeypatch):
    """The held-out miss kinds added later (a patient's first name before an age clause, a date
    before "in clinic", a surname after "per" and a comma) come from their own random stream: a
    note with the added line is the note without it plus that one line."""
    opened = [n for n in notes if re.match(r"[^\n]*\n(?:\S+ is a \d+|pt seen on |heparin held per |per )", n["text"], re.I)]
    assert len(opened) > 30
    patient = [n for n in notes if re.search(r"^\S+ is a \d+", n["text"].split("\n")[1], re.I | re.M)]
    assert patient and all(any(s["label"] == "NAME" and s["start"] == len(n["text"].split("\n")[0]) + 1
                               for s in n["spans"]) for n in patient)
    monkeypatch.setitem(grammar(), "extra_odds", 0)
    plain = NursingNoteGenerator(5)
    for note in opened[:10]:
        lines = note["text"].split("\n")
        index = int(note["id"].rsplit("-", 1)[1])
        assert plain.note(index)["text"] == "\n".join(lines[:1] + lines[2:])


def test_third_round_shapes_are_planted_with_gold_and_leave_the_rest_of_each_note(notes, monkeypatch):
    """Wards named with everyday words, hospital initials after a plain "to" and a reason for care,
    relatives named after months, months alone after a date cue, and clinical lines of the same
    shapes without PHI; from their own random stream, so a note without the line is unchanged."""
    def planted(label, pattern):
        return [n["text"][s["start"]:s["end"]] for n in notes for s in n["spans"]
                if s["label"] == label and re.search(pattern, n["text"][max(0, s["start"] - 40):s["end"] + 12], re.I)]

    assert planted("LOCATION", r"(bed on|bed assigned on|transfer to|to) \w+ (\d+[a-z]|\d+(st|nd|rd|th) floor|\d+)")
    assert planted("LOCATION", r"to \w+ for \w+")
    assert planted("NAME", r"(april|june|august)")
    assert any(v.lower() in ("january", "march", "june", "october", "may") for v in planted("DATE", r"(since|in) \w+"))
    texts = "\n".join(n["text"].lower() for n in notes)
    assert re.search(r"\b(wife|husband|dtr|son|family|hcp|sister|brother) may (call|visit)", texts)
    assert re.search(r"to (ir|cath lab|ct|mri|or|endo|hd|the floor) for ", texts)
    monkeypatch.setitem(grammar(), "shape_odds", 0)
    plain = NursingNoteGenerator(5)
    opened = [n for n in notes if n["text"] != plain.note(int(n["id"].rsplit("-", 1)[1]))["text"]]
    assert 30 < len(opened) < len(notes) // 2
    for note in opened[:10]:
        before = plain.note(int(note["id"].rsplit("-", 1)[1]))["text"].split("\n")
        after = note["text"].split("\n")
        assert len(after) == len(before) + 1 and all(line in after for line in before)
