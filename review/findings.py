"""Turn review findings into material the detectors can import (the feedback loop).

* ``deny_list_phrases``: text of verification flags that reviewers judged *not* PHI
  (no finding overlaps them), also written as ``<file>.deny_list.yaml`` with the
  ``phrases`` key of deid/data/deny_list.yaml (look-alikes the detectors must drop, e.g.
  "LAD", "Foley"), loadable by ``deid.deny.DenyList``.
* ``missed``: the residual PHI values reviewers found, with label and count: for name
  dictionaries and regression fixtures. This IS PHI, so the file is written 0600 inside
  the protected work area and never printed.
* ``patterns``: for structured labels (phone, dates, ids…) the *shape* of each missed value
  as a regex (digits -> \\d{n}, letters -> [A-Za-z]{n}), in the ``patterns`` format of
  deid/recognizers/*.yaml. A shape carries no identifying content.
* ``lexicon_entries``: the same missed values as site-lexicon literals, each with where it came
  from (batch, round, finding, reviewer), merged by ``chartforge review export-findings`` into
  the site lexicon (deid/site_lexicon.py) that the next ``chartforge deid run`` applies.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chartforge.atomic import atomic_open
from chartforge.settings import Settings
from deid.site_lexicon import MIN_LITERAL_CHARS, PATTERN, LexiconEntry, context_pattern, normalize_literal, now_iso
from review.notes import load_note
from review.store.base import ReviewStore, RoundInfo

SHAPE_LABELS = {"DATE", "PHONE", "FAX", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "VEHICLE",
                "DEVICE", "IP", "OTHER_ID", "AGE_OVER_89"}


def value_shape(value: str) -> str:
    """'555-0142' -> '\\d{3}-\\d{4}'; 'MRN 00123' -> '[A-Za-z]{3}\\s\\d{5}' (runs of one class)."""
    parts = []
    for run in re.finditer(r"\d+|[A-Za-z]+|\s+|.", value):
        token = run.group()
        if token.isdigit():
            parts.append(rf"\d{{{len(token)}}}")
        elif token.isalpha():
            parts.append(rf"[A-Za-z]{{{len(token)}}}")
        elif token.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def collect_findings(store: ReviewStore, info: RoundInfo) -> dict:
    items = {i.item_id: i for i in store.items(info.round_id)}
    missed: Counter = Counter()
    not_phi: Counter = Counter()
    batch = Path(info.batch_dir)
    by_note: dict[str, list] = {}
    for decision in store.decisions(info.round_id):
        by_note.setdefault(items[decision.item_id].note_id, []).append(decision)
    for note_id, decisions in by_note.items():
        note = load_note(batch, note_id)
        found = [f for d in decisions for f in d.findings]
        for f in found:
            missed[(f.label, note.text[f.start:f.end])] += 1
        for flag in note.flags:
            if not any(_overlaps(flag, f) for f in found):
                not_phi[note.text[flag.start:flag.end]] += 1
    patterns, seen = [], set()
    for (label, value), count in sorted(missed.items()):
        if label not in SHAPE_LABELS:
            continue
        shape = value_shape(value)
        if (label, shape) in seen:
            continue
        seen.add((label, shape))
        patterns.append({"name": f"review_{label.lower()}_{len(patterns) + 1}", "label": label,
                         "regex": rf"(?<![\w]){shape}(?![\w])", "score": 0.6})
    return {
        "round_id": info.round_id, "batch_id": info.batch_id,
        "deny_list_phrases": sorted(not_phi),
        "missed": [{"label": label, "text": value, "count": count} for (label, value), count in sorted(missed.items())],
        "patterns": patterns,
    }


@dataclass
class LexiconCandidates:
    """Literals for the site lexicon from one round's findings, and what was left out (counts)."""

    entries: list[LexiconEntry] = field(default_factory=list)
    too_short: Counter = field(default_factory=Counter)       # per label: under MIN_LITERAL_CHARS, no context
    short_patterns: Counter = field(default_factory=Counter)  # per label: under MIN_LITERAL_CHARS, as a context pattern
    on_surrogate: Counter = field(default_factory=Counter)    # per label: inside our own fake value


def lexicon_entries(store: ReviewStore, info: RoundInfo) -> LexiconCandidates:
    """Every residual-PHI finding of the round as a site-lexicon literal. A finding inside one of
    our surrogates marks a fake value (nothing real to learn): counted, not added. One shorter
    than MIN_LITERAL_CHARS would flag innocent text everywhere as a literal, so it becomes a
    pattern with the words around it (deid.site_lexicon.context_pattern: "signed JS", "92 yo"),
    or, with no such context on its line, is counted, not added."""
    items = {i.item_id: i for i in store.items(info.round_id)}
    out = LexiconCandidates()
    batch = Path(info.batch_dir)
    notes: dict[str, object] = {}
    for decision in store.decisions(info.round_id):
        if not decision.findings:
            continue
        note_id = items[decision.item_id].note_id
        note = notes.get(note_id) or notes.setdefault(note_id, load_note(batch, note_id))
        for index, f in enumerate(decision.findings):
            value = normalize_literal(note.text[f.start:f.end])
            if any(s.start <= f.start and f.end <= s.end for s in note.surrogates):
                out.on_surrogate[f.label] += 1
            else:
                source = {"batch": info.batch_id, "round": info.round_id, "finding": f"d{decision.decision_id}.{index}",
                          "reviewer": decision.username, "added": now_iso()}
                if len(value) >= MIN_LITERAL_CHARS and any(c.isalnum() for c in value):
                    out.entries.append(LexiconEntry.literal(value, f.label, source))
                    continue
                pattern = context_pattern(note.text, f.start, f.end, f.label)
                if pattern is None:
                    out.too_short[f.label] += 1
                else:
                    out.short_patterns[f.label] += 1
                    out.entries.append(LexiconEntry(PATTERN, pattern, f.label, {**source, "from": "short finding"}))
    return out


def default_findings_path(round_id: str, settings: Settings | None = None) -> Path:
    """<paths.work_dir>/review/findings-<round>.yaml (``settings``: the entry point's tree)."""
    work_dir = (settings if settings is not None else Settings()).paths.work_dir
    return Path(work_dir) / "review" / f"findings-{round_id}.yaml"


HEADER = ("# chartforge review findings. CONTAINS RESIDUAL PHI (`missed`): keep it in the protected\n"
          "# work area. deny_list_phrases -> deid/data/deny_list.yaml `phrases`;\n"
          "# patterns -> a deid/recognizers/*.yaml `patterns` list; missed -> dictionaries/fixtures.\n")


def deny_list_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.deny_list.yaml")


def write_findings(path: Path, export: dict) -> Path:
    """The findings file (0600: it quotes residual PHI) and, beside it, a deny-list file in
    deid/data/deny_list.yaml's format (``phrases``) that ``deid.deny.DenyList`` loads as is."""
    payload = {k: export[k] for k in ("round_id", "batch_id", "deny_list_phrases", "patterns", "missed")}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_open(path, file_mode=0o600) as handle:
        handle.write(HEADER)
        yaml.safe_dump(payload, handle, sort_keys=False, allow_unicode=True)
    with atomic_open(deny_list_path(path), file_mode=0o600) as handle:
        handle.write(f"# Verification flags reviewers judged not PHI (round {export['round_id']}).\n"
                     "# Merge into deid/data/deny_list.yaml `phrases` after a look.\n")
        yaml.safe_dump({"phrases": export["deny_list_phrases"]}, handle, allow_unicode=True)
    return path
