"""The site lexicon (deid/site_lexicon.py) and its recognizer: always-PHI strings and patterns a
site's reviewers found, applied by the first pass, kept 0600, named in errors by line only, and
part of the batch id through a keyed fingerprint."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest
import regex

from chartforge.config import load_config
from chartforge.errors import ChartforgeError
from deid import batch_plan
from deid.recognizers.site_lexicon import SiteLexiconRecognizer
from deid.site_lexicon import (LexiconEntry, SiteLexicon, compile_lexicon, compiled_lexicon, lexicon_path, load_lexicon,
                               parse_lexicon, write_lexicon)

# Planted, invented PHI: none of these may appear in a message, a log or a manifest.
NAME = "Quillon Vantregaard"
CODE_NAME = "zorblatt"
ROOM = "West Wing 42"


def _lexicon(*entries) -> SiteLexicon:
    lexicon = SiteLexicon()
    lexicon.merge(list(entries))
    return lexicon


def _write(tmp_path, *entries):
    return write_lexicon(tmp_path / "site" / "lexicon.yaml", _lexicon(*entries))


def _hits(path, text):
    return {(label, text[start:end]) for start, end, label, _ in compiled_lexicon(path).finditer(text)}


def test_literals_match_in_any_case_and_spacing_as_whole_words_and_patterns_narrow_to_phi(tmp_path):
    path = _write(tmp_path, LexiconEntry.literal(NAME, "NAME", {"batch": "b1"}),
                  LexiconEntry.literal("Mercy West", "LOCATION"), LexiconEntry.literal("Mercy", "LOCATION"),
                  LexiconEntry("pattern", r"(?i)\bwest\s+wing\s+(?P<phi>\d+)\b", "LOCATION"))
    text = f"seen by QUILLON\n vantregaard; sent to mercy west, room {ROOM}. {NAME}s dog. Mercyhurst"
    assert _hits(path, text) == {("NAME", "QUILLON\n vantregaard"), ("LOCATION", "mercy west"),
                                 ("LOCATION", "42")}  # longest literal wins; "Vantregaards", "Mercyhurst" do not


def test_the_file_is_0600_in_a_0700_directory_and_a_looser_file_is_refused(tmp_path):
    path = _write(tmp_path, LexiconEntry.literal(NAME, "NAME"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    os.chmod(path, 0o644)
    with pytest.raises(ChartforgeError) as caught:
        load_lexicon(path)
    assert caught.value.code == "E222" and caught.value.exit_code == 2 and "0644" in str(caught.value)


def test_a_path_git_would_track_is_refused_an_ignored_one_is_not(tmp_path):
    repo = tmp_path / "clone"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    with pytest.raises(ChartforgeError) as caught:
        write_lexicon(repo / "lexicon.yaml", _lexicon(LexiconEntry.literal(NAME, "NAME")))
    assert caught.value.code == "E223" and not (repo / "lexicon.yaml").exists()
    (repo / ".gitignore").write_text("/.chartforge/\n")
    written = write_lexicon(repo / ".chartforge" / "work" / "site" / "lexicon.yaml",
                            _lexicon(LexiconEntry.literal(NAME, "NAME")))
    assert load_lexicon(written).entries[0].value == NAME


BAD_ENTRIES = [
    (f"  - text: {NAME}\n    label: PATIENT\n", "label"),                       # unknown label
    (f"  - text: {NAME}\n    pattern: x\n    label: NAME\n", "exactly one"),      # both kinds
    ("  - text: 'Al'\n    label: NAME\n", "fewer than 3"),                         # too short to be safe
    (f"  - pattern: '({CODE_NAME}'\n    label: NAME\n", "not a valid regular expression"),
    ("  - pattern: 'x*'\n    label: NAME\n", "empty string"),
    (f"  - text: {NAME}\n    label: NAME\n    {CODE_NAME}: 1\n", "unknown key"),
    (f"  - {NAME}\n", "not a mapping"),
]


@pytest.mark.parametrize("bad, reason", BAD_ENTRIES)
def test_a_bad_entry_is_named_by_line_and_reason_never_by_content(bad, reason):
    text = f"version: 1\nentries:\n  - text: {ROOM}\n    label: LOCATION\n{bad}"
    with pytest.raises(ChartforgeError) as caught:
        parse_lexicon(text, "lexicon.yaml")
    message = str(caught.value)
    assert caught.value.code == "E221" and caught.value.exit_code == 3
    assert "entry at line 5" in message and reason in message
    for planted in (NAME, CODE_NAME, ROOM, "Quillon", "PATIENT"):
        assert planted not in message


def test_every_bad_entry_is_counted_and_invalid_yaml_is_named_by_position_only():
    entries = "".join(f"  - text: {NAME}\n    label: NOPE\n" for _ in range(8))
    with pytest.raises(ChartforgeError) as caught:
        parse_lexicon(f"entries:\n{entries}")
    assert "line 2" in str(caught.value) and "7 more bad entries, at lines 4, 6, 8, 10 and 3 more" in str(caught.value)
    with pytest.raises(ChartforgeError) as caught:
        parse_lexicon(f"entries:\n  - text: [{NAME}\n    label: NAME\n")
    assert caught.value.code == "E220" and "not valid YAML near line" in str(caught.value)
    assert "Quillon" not in str(caught.value)


def test_an_absent_or_empty_lexicon_finds_nothing(tmp_path):
    assert load_lexicon(tmp_path / "none.yaml") is None and compiled_lexicon(tmp_path / "none.yaml") is None
    assert len(parse_lexicon("# nothing yet\n")) == 0 and len(parse_lexicon("version: 1\nentries:\n")) == 0
    recognizer = SiteLexiconRecognizer(path=tmp_path / "none.yaml")
    assert recognizer.analyze(f"{NAME} was here", None) == []


def test_merge_keeps_one_entry_per_value_whatever_its_case_or_spacing(tmp_path):
    lexicon = _lexicon(LexiconEntry.literal(NAME, "NAME", {"finding": "d1.0"}))
    added, present = lexicon.merge([LexiconEntry.literal(NAME.upper().replace(" ", "   "), "NAME", {"finding": "d9.0"}),
                                    LexiconEntry.literal(NAME, "LOCATION"), LexiconEntry.literal(CODE_NAME, "NAME")])
    assert [e.label for e in added] == ["LOCATION", "NAME"] and len(present) == 1
    assert lexicon.entries[0].source == {"finding": "d1.0"}  # the first provenance stays


def test_the_fingerprint_is_keyed_and_follows_content_not_provenance():
    one = _lexicon(LexiconEntry.literal(NAME, "NAME", {"reviewer": "ann"}))
    same = _lexicon(LexiconEntry.literal(NAME.lower(), "NAME", {"reviewer": "bob", "batch": "x"}))
    other = _lexicon(LexiconEntry.literal(NAME, "NAME"), LexiconEntry.literal(CODE_NAME, "NAME"))
    assert one.fingerprint(b"k1") == same.fingerprint(b"k1") != other.fingerprint(b"k1")
    assert one.fingerprint(b"k1") != one.fingerprint(b"k2")  # no dictionary attack without the key


def test_the_recognizer_rereads_a_changed_file(tmp_path):
    path = _write(tmp_path, LexiconEntry.literal(NAME, "NAME"))
    recognizer = SiteLexiconRecognizer(path=path)
    text = f"{NAME} and {CODE_NAME} visited"
    assert [(r.entity_type, r.score) for r in recognizer.analyze(text, None)] == [("NAME", 1.0)]
    write_lexicon(path, _lexicon(LexiconEntry.literal(NAME, "NAME"), LexiconEntry.literal(CODE_NAME, "NAME")))
    assert {text[r.start:r.end] for r in recognizer.analyze(text, None)} == {NAME, CODE_NAME}


def test_a_malformed_lexicon_stops_the_detector_before_any_note(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text(f"entries:\n  - text: {NAME}\n    label: NOPE\n")
    os.chmod(path, 0o600)
    with pytest.raises(ChartforgeError) as caught:
        SiteLexiconRecognizer(path=path)
    assert caught.value.code == "E221" and NAME not in str(caught.value)


def test_the_first_pass_catches_a_lexicon_value_in_any_note(tmp_path):
    """Missed once (the detector has no cue for a bare lower-case surname), caught everywhere
    once a reviewer's finding is in the lexicon, with the steward's label."""
    from tests.deid.detector_fixtures import shared_detector

    detector = shared_detector()
    notes = [f"pt resting, {CODE_NAME} at bedside, vss", f"family mtg w {CODE_NAME.upper()} re dc plan",
             f"{CODE_NAME}'s call returned"]
    assert not any(CODE_NAME in n[s.start:s.end].lower() for n, spans in zip(notes, detector.detect_batch(notes))
                   for s in spans)
    recognizer = next(r for r in detector.analyzer.registry.recognizers if isinstance(r, SiteLexiconRecognizer))
    path = _write(tmp_path, LexiconEntry.literal(CODE_NAME, "NAME", {"finding": "d3.0"}))
    before, recognizer.path = recognizer.path, path
    try:
        found = detector.detect_batch(notes)
    finally:
        recognizer.path = before
    for note, spans in zip(notes, found):
        assert any(note[s.start:s.end].lower() == CODE_NAME and s.label == "NAME" for s in spans), note


def test_a_detector_from_a_plain_dict_uses_the_lexicon_it_names_never_the_process_configs(tmp_path, monkeypatch):
    """Issue 17: settings are handed down. An entry point resolves the lexicon file and puts it in
    the [deid] dict (a spawned worker then uses it); a dict that names none gets no lexicon, even
    when the process configuration names one."""
    from deid.settings import recognizer_options

    path = _write(tmp_path, LexiconEntry.literal(CODE_NAME, "NAME", {"finding": "d3.0"}))
    monkeypatch.setattr("chartforge.config._active",
                        load_config(environ={"CHARTFORGE__DEID__SITE_LEXICON": str(path)}))
    assert recognizer_options({"site_lexicon": str(path)}) == {"site_lexicon": {"path": str(path)}}
    assert recognizer_options({}) == recognizer_options({"site_lexicon": ""}) == recognizer_options(None) == {}
    assert SiteLexiconRecognizer().analyze(f"seen by {CODE_NAME}", None) == []
    [hit] = SiteLexiconRecognizer(path=str(path)).analyze(f"seen by {CODE_NAME}", None)
    assert (hit.start, hit.end, hit.entity_type) == (8, 8 + len(CODE_NAME), "NAME")
    config = load_config(environ={"CHARTFORGE__DEID__SITE_LEXICON": str(path)})
    assert recognizer_options(config) == {"site_lexicon": {"path": path}}


@pytest.fixture
def planned(tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTFORGE_DEID_KEY", "lexicon-test-key")
    export = tmp_path / "export.jsonl"
    export.write_text(json.dumps({"source_row_id": "r1", "patient_id": "p1", "text": "seen today"}) + "\n")
    lexicon = tmp_path / "work" / "site" / "lexicon.yaml"
    config = load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work")})

    def plan(cfg=config):
        return batch_plan.plan_batch([export], "surrogate", batches_dir=tmp_path / "batches", config=cfg)
    return plan, lexicon, config, tmp_path


def test_a_changed_lexicon_gives_a_new_batch_and_the_plan_counts_it_without_text(planned):
    plan, lexicon, config, tmp_path = planned
    assert lexicon_path(config) == lexicon
    bare = plan()
    assert bare.site_lexicon is None and bare.detector_fingerprint == batch_plan.detector_fingerprint()
    write_lexicon(lexicon, _lexicon(LexiconEntry.literal(NAME, "NAME")))
    first = plan()
    assert first.batch_id != bare.batch_id and first.detector_fingerprint != bare.detector_fingerprint
    assert first.site_lexicon["entries"] == 1 and first.site_lexicon["by_label"] == {"NAME": 1}
    assert plan().batch_id == first.batch_id  # unchanged lexicon: the same batch (resume)
    write_lexicon(lexicon, _lexicon(LexiconEntry.literal(NAME, "NAME"), LexiconEntry.literal(CODE_NAME, "NAME")))
    assert plan().batch_id not in (first.batch_id, bare.batch_id)
    plan_file = (tmp_path / "work" / "deid" / first.batch_id / "plan.json").read_text()
    assert "Quillon" not in plan_file and CODE_NAME not in plan_file
    # The same lexicon elsewhere is the same batch: its place is not its content.
    moved = tmp_path / "elsewhere" / "lexicon.yaml"
    write_lexicon(moved, load_lexicon(lexicon))
    elsewhere = load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work"),
                                     "CHARTFORGE__DEID__SITE_LEXICON": str(moved)})
    assert plan(elsewhere).batch_id == plan().batch_id
    # Without the recognizer the lexicon is not applied, so it does not join the batch id.
    off = load_config(environ={"CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work"),
                               "CHARTFORGE__DEID__RECOGNIZERS": '["ner"]'})
    assert plan(off).site_lexicon is None


def test_a_lexicon_edited_during_the_run_fails_the_publish_check(planned):
    plan, lexicon, config, _ = planned
    write_lexicon(lexicon, _lexicon(LexiconEntry.literal(NAME, "NAME")))
    planned_batch = plan()
    batch_plan.check_site_lexicon_unchanged(planned_batch, config)  # unchanged: no error
    write_lexicon(lexicon, _lexicon(LexiconEntry.literal(NAME, "NAME"), LexiconEntry.literal(ROOM, "LOCATION")))
    with pytest.raises(ChartforgeError) as caught:
        batch_plan.check_site_lexicon_unchanged(planned_batch, config)
    assert caught.value.code == "E224" and planned_batch.batch_id in str(caught.value)


def test_a_runaway_pattern_fails_the_note_not_the_run(tmp_path, monkeypatch):
    """Catastrophic backtracking in a steward's pattern ends in a TimeoutError (no text in it), which
    the detect stage turns into that note's quarantine reason."""
    import deid.site_lexicon as site_lexicon

    monkeypatch.setattr(site_lexicon, "PATTERN_TIMEOUT_SECONDS", 0.2)
    path = _write(tmp_path, LexiconEntry("pattern", r"(x+x+)+y", "OTHER_ID"))
    with pytest.raises(TimeoutError) as caught:
        SiteLexiconRecognizer(path=path).analyze("x" * 5000, None)
    assert "xxxx" not in str(caught.value)


# -- findings under three characters become patterns with their context -----------------------
def _context(text, value, label):
    from deid.site_lexicon import context_pattern

    start = text.index(value)
    return context_pattern(text, start, start + len(value), label)


def _phi(pattern, text):
    match = regex.compile(pattern).search(text)
    return match.group("phi") if match else None


def test_a_short_finding_needs_the_words_around_it():
    pattern = _context("to cath. signed JS\nnext", "JS", "NAME")
    assert _phi(pattern, "dispo home. Signed js") == "js"           # the same phrase, any case
    for text in ("JS", "JS was here", "signed ns", "designed JS"):
        assert _phi(pattern, text) is None, text                    # the two letters alone never fire
    age = _context("Pt is 92 yo with chf", "92", "AGE_OVER_89")
    assert _phi(age, "she is 95 yo") == "95"                          # an age over 89 generalises to the shape
    assert _phi(age, "she is 45 yo") is None and _phi(age, "is 92 kg") is None


def test_initials_signing_off_are_anchored_to_the_line_end():
    pattern = _context("dispo: rehab. AB", "AB", "NAME")
    assert _phi(pattern, "labs pending. AB\nmore") == "AB" and _phi(pattern, "AB") == "AB"
    assert _phi(pattern, "AB was here") is None and _phi(pattern, "given AB today") is None


@pytest.mark.parametrize("text, value, label", [
    ("age of 92.", "92", "AGE_OVER_89"),         # a stop word alone is no context
    ("92", "92", "AGE_OVER_89"),                 # an age alone on a line signs nothing off
    ("Patient here", "Pa", "NAME"),              # part of a word is no value
])
def test_short_findings_without_context_give_no_pattern(text, value, label):
    assert _context(text, value, label) is None


def test_a_context_pattern_is_a_valid_lexicon_entry(tmp_path):
    pattern = _context("to cath. signed JS\nnext", "JS", "NAME")
    lexicon = SiteLexicon([LexiconEntry("pattern", pattern, "NAME", {"from": "short finding"})])
    path = write_lexicon(tmp_path / "site" / "lexicon.yaml", lexicon)
    loaded = load_lexicon(path)
    assert loaded.entries[0].value == pattern
    assert [(s, e, label) for s, e, label, _ in compile_lexicon(loaded).finditer("ok. signed JS")] == [(11, 13, "NAME")]
