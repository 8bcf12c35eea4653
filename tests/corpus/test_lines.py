"""The numbered-line format of ``input`` (1-based, '<n>: <line>')."""

import pytest
from hypothesis import given, strategies as st

from corpus.lines import number_lines, parse_numbered, split_lines


def test_format_is_one_based_and_keeps_blank_lines():
    assert number_lines(split_lines("Chief complaint:\n\nchest pain\n")) == "1: Chief complaint:\n2: \n3: chest pain"


def test_crlf_and_trailing_newlines_do_not_add_lines():
    assert split_lines("a\r\nb\r\n\n") == ["a", "b"]


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=20), max_size=15))
def test_parse_inverts_number(lines):
    assert parse_numbered(number_lines(lines)) == lines


def test_a_line_break_inside_a_list_item_cannot_shift_numbering():
    assert parse_numbered(number_lines(["a\nb", "c"])) == ["a b", "c"]


def test_out_of_sequence_numbering_is_rejected():
    with pytest.raises(ValueError):
        parse_numbered("1: a\n3: b")
