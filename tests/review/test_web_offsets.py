"""UTF-16 (browser) <-> code point (server) offsets."""

from __future__ import annotations

import pytest

from review.web.offsets import Utf16Map

# Two emoji (astral: 2 UTF-16 units each), a combining mark, an RTL mark, CJK, then a name.
TEXT = "\U0001F600\U0001F44D Mu\u0308ller \u200fשלום 患者 Dustin Nguyen seen"


def _utf16_index(text: str, code_point: int) -> int:
    return len(text[:code_point].encode("utf-16-le")) // 2


def test_every_code_point_offset_round_trips_through_utf16():
    mapping = Utf16Map(TEXT)
    assert mapping.utf16_length == len(TEXT.encode("utf-16-le")) // 2 == len(TEXT) + 2
    for i in range(len(TEXT) + 1):
        unit = mapping.to_utf16(i)
        assert unit == _utf16_index(TEXT, i)
        assert mapping.to_code_point(unit) == i


def test_a_name_after_two_emoji_is_two_units_further_in_the_browser():
    start = TEXT.index("Dustin")
    mapping = Utf16Map(TEXT)
    assert mapping.to_utf16(start) == start + 2
    assert TEXT[mapping.to_code_point(start + 2):mapping.to_code_point(start + 2 + 13)] == "Dustin Nguyen"


def test_offsets_inside_a_surrogate_pair_or_outside_the_note_are_refused():
    mapping = Utf16Map(TEXT)
    for unit in (1, 3, -1, mapping.utf16_length + 1):
        with pytest.raises(ValueError):
            mapping.to_code_point(unit)
    with pytest.raises(ValueError):
        mapping.to_utf16(len(TEXT) + 1)


def test_bmp_text_maps_to_itself():
    text = "Mu\u0308ller \u200f患者"
    mapping = Utf16Map(text)
    assert [mapping.to_utf16(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))
