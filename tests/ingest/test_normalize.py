"""ingest/normalize.py"""

import unicodedata

from ingest.normalize import is_blank, normalize_text


def test_line_endings_become_newlines():
    assert normalize_text("a\r\nb\rc\nd\u2028e\x85f") == "a\nb\nc\nd\ne\nf"


def test_page_breaks_keep_words_apart():
    assert normalize_text("end.\x0cPAGE 2") == "end.\nPAGE 2"


def test_controls_are_stripped_but_tabs_and_newlines_kept():
    assert normalize_text("a\x00b\x07c\td\x1be\x7ff\x9bg\nh") == "abc\tdefg\nh"


def test_nfc_composes_accents():
    decomposed = "cafe\u0301"
    assert normalize_text(decomposed) == "caf\u00e9"
    assert unicodedata.is_normalized("NFC", normalize_text("Mu\u0308ller"))


def test_leading_bom_removed_and_whitespace_kept():
    assert normalize_text("\ufeff  HPI: x  ") == "  HPI: x  "


def test_blank():
    assert is_blank(normalize_text(" \r\n\x00\t"))
    assert not is_blank("x")


def test_single_line_fields_lose_controls_line_breaks_and_bidi_overrides():
    from ingest.normalize import normalize_field

    hostile = "[/bold]x\x1b[31m\x07[link=https://evil.example]y\r\nz\u202e\u2066w\x00\x9b\ufeff"
    assert normalize_field(hostile) == "[/bold]x[31m[link=https://evil.example]y zw"
    assert normalize_field("  progress\tnote  ") == "progress note"
    assert normalize_field("Mu\u0308ller") == "M\u00fcller"
    assert normalize_field("\x00\x07 ") == ""
