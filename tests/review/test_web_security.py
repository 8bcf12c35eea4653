"""Token comparison never raises, whatever a client sends."""

from __future__ import annotations

from review.web.security import tokens_match


def test_tokens_match_is_false_for_anything_but_the_same_text():
    assert tokens_match("abc", "abc")
    for given in ("abd", "", None, "\u00e9\u00e9\u00e9", "\udcff", 7, ["abc"]):
        assert not tokens_match("abc", given)
    assert not tokens_match(None, "abc") and not tokens_match("", "")
