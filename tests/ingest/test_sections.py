"""ingest/sections.py and its data file sections.yaml"""

import yaml

from ingest.sections import SECTIONS_FILE, segment


def _named(text):
    return [(s.name, text[s.start:s.end]) for s in segment(text)]


def test_headers_with_colon_or_alone_on_their_line():
    text = "Intro line\nCHIEF COMPLAINT: chest pain\nHPI:\nPain.\nMedications\naspirin\nA/P: admit"
    assert _named(text) == [("chief_complaint", "CHIEF COMPLAINT: chest pain\n"), ("hpi", "HPI:\nPain.\n"),
                            ("medications", "Medications\naspirin\n"), ("assessment_plan", "A/P: admit")]


def test_case_insensitive_and_longest_variant_wins():
    text = "past surgical history: appendectomy\nHistory of Present Illness:\nx"
    assert [name for name, _ in _named(text)] == ["psh", "hpi"]


def test_header_word_inside_a_sentence_is_not_a_header():
    assert segment("The plan is to discharge.\nAllergies are unknown to the family.") == []


def test_mtsamples_inline_headers():
    text = "SUBJECTIVE:,  Cough.,MEDICATIONS:,  None.,ALLERGIES:,  NKDA."
    assert _named(text) == [("subjective", "SUBJECTIVE:,  Cough.,"), ("medications", "MEDICATIONS:,  None.,"),
                            ("allergies", "ALLERGIES:,  NKDA.")]


def test_offsets_cover_the_text_after_the_first_header():
    text = "  HPI: a\n\tASSESSMENT AND PLAN:\nb"
    sections = segment(text)
    assert sections[0].start == 2 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))


def test_data_file_has_the_issue_sections():
    table = yaml.safe_load(SECTIONS_FILE.read_text())
    for name, variant in [("hpi", "HISTORY OF PRESENT ILLNESS"), ("pmh", "PMH"), ("medications", "MEDICATIONS"),
                          ("allergies", "ALLERGIES"), ("assessment_plan", "A/P"), ("assessment_plan", "IMPRESSION")]:
        assert variant in table[name]


def test_case_sensitive_variants_only_match_in_capitals():
    text = "CC: cough\nS: better\nElectronically signed.\ncc: Dr. Lee, fax 555\ns: not soap"
    assert [name for name, _ in _named(text)] == ["chief_complaint", "subjective"]
