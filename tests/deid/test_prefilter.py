"""deid.recognizers.prefilter: what a regex certainly needs, so a note without it skips the regex.
A wrong claim would lose recall, so every case where the syntax guarantees nothing must claim nothing."""

from __future__ import annotations

import regex

from deid.recognizers.base import alternation, compile_patterns
from deid.recognizers.prefilter import may_match, required_literals
from tests.deid.detector_fixtures import shared_detector


def needs(source: str, flags: int = 0) -> list[set[str]]:
    return [set(n) for n in required_literals(source, flags)]


def test_cue_words_and_literals_are_required():
    assert needs(r"(?i:dr|mr)\.?\s+(?P<phi>[A-Z][a-z]+)") == [{"dr", "mr"}]
    assert needs(r"(?P<phi>\w+)[ \t]*\((?:RN|MD)\)") == [{"rn", "md"}, {"("}, {")"}]
    assert needs(r"(?:abc){2}\d") == [{"abc"}]
    assert needs(rf"(?:{alternation(['next of kin', 'NOK'])})\W+(?P<phi>\w+)") == [{"next of kin", "nok"}]
    assert needs(r"(?<=Dr\. )\w+") == [{"dr. "}]  # a positive lookbehind must match as well
    assert needs(r"(?:foo|bar)baz") == [{"baz"}, {"foo", "bar"}]


def test_nothing_is_claimed_where_the_syntax_guarantees_nothing():
    assert needs(r"(?:foo)?\d+") == []            # optional
    assert needs(r"(?:abc){0,2}\d") == []          # may repeat zero times
    assert needs(r"foo|\d+") == []                 # a branch needs nothing
    assert needs(r"(?!abc)\w+") == []              # negative lookahead
    assert needs(r"(?<!Dr\. )\w+") == []           # negative lookbehind
    assert needs(r"(?(1)abc|def)") == []           # conditional: not understood
    assert needs(r"abc # comment", regex.VERBOSE) == []
    assert needs(r"[)|(]x\d") == []                # a class is one character, not syntax
    assert needs(r"a\d") == []                     # one letter is no filter


def test_case_is_folded_on_both_sides():
    (need,) = required_literals(r"(?i:straße)\s+\d+")
    assert may_match((need,), "lives at STRASSE 4".casefold())
    assert not may_match((need,), "lives at the corner".casefold())


def test_a_shared_requirement_is_checked_once_per_note():
    need = frozenset({"wife", "son"})
    memo = {}
    assert may_match((need,), "seen with his son", memo) and memo == {need: True}
    assert may_match((need,), "no relative named", memo)  # answered from the memo


def test_every_match_of_every_recognizer_pattern_meets_its_requirements():
    notes = [
        "Seen by Dr. Maria Lopez (RN) with her son Tom Reyes at 12 Oak Street, Boston, MA 02118.",
        "pt's wife Hope called 617-555-0199; MRN 12345678; e-mail hope.reyes@example.org on 3/4/2021.",
        "LOPEZ, MARIA is a 93 year old; transferred to Mercy Hospital; follow up at Lahey Clinic.",
        "Patient: DOE, JOHN  DOB 01/02/1950  SSN 123-45-6789  Account # 778812  www.example.com",
        "Lebt in der Hauptstraße 12, 10115 Berlin; via Roma 4; spoke with house officer jane.",
    ]
    checked = 0
    for recognizer in shared_detector().analyzer.registry.recognizers:  # production's, built once per run
        for pattern in getattr(recognizer, "patterns", []):
            for note in notes:
                if any(True for _ in pattern.pattern.finditer(note, overlapped=pattern.overlapped)):
                    assert may_match(pattern.needs, note.casefold()), (type(recognizer).__name__, pattern.name)
                    checked += 1
    assert checked > 40


def test_compiled_patterns_carry_their_requirements():
    (pattern,) = compile_patterns({"vocab": {"relatives": ["wife", "son"]},
                                   "patterns": [{"name": "rel", "label": "NAME",
                                                 "regex": r"(?i:<<relatives>>)\s+(?P<phi>[A-Z]\w+)"}]})
    assert [set(n) for n in pattern.needs] == [{"wife", "son"}]


def _relative_recognizer():
    from deid.recognizers.base import DataRecognizer

    spec = {"vocab": {"relatives": ["wife", "son"]},
            "patterns": [{"name": "rel", "label": "NAME", "regex": r"(?i:<<relatives>>)\s+(?P<phi>[A-Z]\w+)"}]}
    return DataRecognizer(spec=spec)


def test_recognizers_of_one_note_share_its_fold_and_answers_but_never_a_stale_one():
    """Presidio runs every recognizer on the same note string: one casefold and one memo per
    note (base._folded), and the next note, even of equal length, gets its own."""
    import threading

    from deid.recognizers.base import _folded

    first, second = _relative_recognizer(), _relative_recognizer()
    note = "Seen with his WIFE Hope today."
    assert [p.name for p in first.active_patterns(note)] == ["rel"]
    folded, memo = _folded(note)
    assert folded == note.casefold() and memo == {frozenset({"wife", "son"}): True}
    assert [p.name for p in second.active_patterns(note)] == ["rel"] and _folded(note)[1] is memo
    other = "Seen with his aunt Hope today."  # no relative word: the pattern is skipped
    assert first.active_patterns(other) == [] and _folded(other) == (other.casefold(), {frozenset({"wife", "son"}): False})
    assert [(r.start, r.end) for r in second.analyze(note, ["NAME"])] == [(19, 23)]
    seen = []  # another thread (the flow's chunk threads) keeps its own note
    thread = threading.Thread(target=lambda: seen.append(_folded(other)[1]))
    thread.start()
    thread.join()
    assert seen == [{}] and _folded(note)[1] is not seen[0]
