"""deid/chunking.py: long notes split on line breaks and cover the text exactly."""

from deid.chunking import chunk_text


def test_short_text_is_one_piece():
    assert chunk_text("abc", 10) == [(0, "abc")]


def test_pieces_cover_the_text_and_respect_the_limit():
    text = "\n".join(f"line {i} with some words" for i in range(2000))
    pieces = chunk_text(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces)
    assert all(text[offset:offset + len(p)] == p for offset, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces[:-1])  # cut at line breaks, never mid-word


def test_text_without_breaks_is_still_cut():
    text = "x" * 2500
    assert [len(p) for _, p in chunk_text(text, 1000)] == [1000, 1000, 500]
