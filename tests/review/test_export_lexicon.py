"""`chartforge review export-findings` feeds the site lexicon: reviewers' residual PHI becomes
always-PHI literals with their provenance, 0600, counted per label on the terminal and never
shown; `chartforge review lexicon` checks the file by line number."""

from __future__ import annotations

import os
import stat

import yaml
from click.testing import CliRunner

from chartforge.cli import cli
from deid.site_lexicon import load_lexicon
from review import queue
from review.notes import load_note
from review.store.base import Finding


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), catch_exceptions=False)


def _review_two_residual_notes(store, synthetic_batch, settings):
    """ann finds the residual name of two notes, a 2-character 'ID' and a mark on our own
    surrogate in a third; every other note is clean."""
    info, _ = queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 1.0)
    items = {i.note_id: i for i in store.items(info.round_id)}
    residual = [n for n in synthetic_batch.residual if n in items][:2]
    values = []
    for note_id in residual:
        start, end, label = synthetic_batch.residual[note_id]
        values.append(load_note(synthetic_batch.path, note_id).text[start:end])
        store.record_decision(items[note_id].item_id, "ann", "phi", [Finding(start, end, label), Finding(0, 2, "OTHER_ID")],
                              queue.now_iso(), override=True)
    other = next(n for n in synthetic_batch.note_ids if n not in synthetic_batch.residual and n in items)
    surrogate = load_note(synthetic_batch.path, other).surrogates[0]
    store.record_decision(items[other].item_id, "ann", "phi", [Finding(surrogate.start, surrogate.end, "NAME")],
                          queue.now_iso(), override=True)
    return info, values


def test_findings_become_lexicon_entries_with_provenance_and_only_counts_are_printed(
        tmp_path, store, synthetic_batch, settings):
    info, values = _review_two_residual_notes(store, synthetic_batch, settings)
    lexicon = tmp_path / "protected" / "site" / "lexicon.yaml"
    result = run("review", "export-findings", synthetic_batch.path, "--store", tmp_path / "review.sqlite",
                 "--out", tmp_path / "protected" / "findings.yaml", "--lexicon", lexicon)
    assert result.exit_code == 0, result.output
    for value in values + [v.split()[0] for v in values]:
        assert value not in result.output  # counts per label, never the text
    assert "NAME" in result.output and "2 new always-PHI entries" in result.output
    assert "1 finding(s) inside our own surrogates, 2 shorter than 3 characters" in result.output
    assert stat.S_IMODE(lexicon.stat().st_mode) == 0o600 and stat.S_IMODE(lexicon.parent.stat().st_mode) == 0o700
    site = load_lexicon(lexicon)
    assert sorted(e.value for e in site.entries) == sorted(values)
    source = site.entries[0].source
    assert source["batch"] == info.batch_id and source["round"] == info.round_id and source["reviewer"] == "ann"
    assert source["finding"].startswith("d") and source["added"].endswith("Z")


def test_exporting_again_adds_nothing_and_leaves_the_file_alone(tmp_path, store, synthetic_batch, settings):
    _review_two_residual_notes(store, synthetic_batch, settings)
    lexicon = tmp_path / "lexicon" / "site.yaml"
    args = ("review", "export-findings", synthetic_batch.path, "--store", tmp_path / "review.sqlite",
            "--out", tmp_path / "findings.yaml", "--lexicon", lexicon)
    assert run(*args).exit_code == 0
    before = (lexicon.read_bytes(), lexicon.stat().st_mtime_ns)
    again = run(*args)
    assert again.exit_code == 0 and "no new entries" in again.output
    assert (lexicon.read_bytes(), lexicon.stat().st_mtime_ns) == before


def test_a_hand_edited_pattern_survives_an_export(tmp_path, store, synthetic_batch, settings):
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("version: 1\nentries:\n  - pattern: '(?i)\\bward\\s+\\d+[ab]\\b'\n    label: LOCATION\n"
                       "    source: {added_by: steward}\n")
    os.chmod(lexicon, 0o600)
    _review_two_residual_notes(store, synthetic_batch, settings)
    assert run("review", "export-findings", synthetic_batch.path, "--store", tmp_path / "review.sqlite",
               "--out", tmp_path / "findings.yaml", "--lexicon", lexicon).exit_code == 0
    entries = yaml.safe_load(lexicon.read_text())["entries"]
    assert entries[0] == {"pattern": "(?i)\\bward\\s+\\d+[ab]\\b", "label": "LOCATION", "source": {"added_by": "steward"}}
    assert len(entries) == 3
    shown = run("review", "lexicon", "--lexicon", lexicon)
    assert shown.exit_code == 0 and "3 entries, valid" in shown.output


def test_a_malformed_lexicon_stops_the_export_by_line_with_its_exit_code(tmp_path, store, synthetic_batch, settings):
    _, values = _review_two_residual_notes(store, synthetic_batch, settings)
    lexicon = tmp_path / "lexicon.yaml"
    broken = f"entries:\n  - text: {values[0]}\n    label: NAME\n  - text: {values[1]}\n    label: SURNAME\n"
    lexicon.write_text(broken)
    os.chmod(lexicon, 0o600)
    for args in (("review", "export-findings", synthetic_batch.path, "--store", tmp_path / "review.sqlite",
                  "--out", tmp_path / "findings.yaml", "--lexicon", lexicon),
                 ("review", "lexicon", "--lexicon", lexicon)):
        result = CliRunner().invoke(cli, list(map(str, args)))
        assert result.exit_code == 3, result.output
        assert "E221" in result.output and "entry at line 4" in result.output
        assert all(v not in result.output and v.split()[0] not in result.output for v in values)
    assert lexicon.read_text() == broken  # nothing merged into a file that did not load
    os.chmod(lexicon, 0o644)
    loose = CliRunner().invoke(cli, ["review", "lexicon", "--lexicon", str(lexicon)])
    assert loose.exit_code == 2 and "E222" in loose.output


def test_no_lexicon_yet_is_said_not_failed(tmp_path):
    result = run("review", "lexicon", "--lexicon", tmp_path / "none.yaml")
    assert result.exit_code == 0 and "no site lexicon" in result.output


def test_a_short_finding_with_words_around_it_becomes_a_context_pattern(tmp_path, store, synthetic_batch, settings):
    """A two-letter finding is not lost (nor added as a literal that would flag those two letters
    everywhere): it joins the lexicon as a pattern that needs the words around it; the terminal
    counts it per label and never shows it."""
    import regex

    info, _ = queue.open_round(store, synthetic_batch.path, settings, 1, "sue", 1.0)
    items = {i.item_id: i for i in store.items(info.round_id)}
    for item in items.values():
        text = load_note(synthetic_batch.path, item.note_id).text
        short = regex.search(r"(?<=\p{L}{3}[ \t]+)\p{L}{2}(?![\p{L}\d])", text)
        if short:
            break
    assert short, "no note holds a two-letter word after a word"
    store.record_decision(item.item_id, "ann", "phi", [Finding(short.start(), short.end(), "NAME")],
                          queue.now_iso(), override=True)
    lexicon = tmp_path / "protected" / "lexicon.yaml"
    result = run("review", "export-findings", synthetic_batch.path, "--store", tmp_path / "review.sqlite",
                 "--out", tmp_path / "protected" / "findings.yaml", "--lexicon", lexicon)
    assert result.exit_code == 0, result.output
    assert "1 finding(s) shorter than 3 characters became patterns that need the words around them: NAME 1" \
        in result.output
    entry = load_lexicon(lexicon).entries[0]
    assert entry.kind == "pattern" and entry.source["from"] == "short finding"
    compiled = regex.compile(entry.value)
    assert compiled.search(text).group("phi") == short.group()
    assert compiled.search(short.group()) is None  # the two letters alone never fire
