"""Fit the learned scorer on real coded notes (``chartforge synth train-coder``).

Notes (CodiEsp train by default: 500 machine-translated case reports coded by professional
coders, CC BY 4.0) go through the labeller's own reading (mentions, term index, retriever), so
the scorer learns from the proposals it will see. Every proposed code of a note is one example,
positive when the note's coders used it.

Honest figures come from K-fold cross-validation by note: the code priors (how often coders used
a code, how often a proposed code was coded) of a fold's notes are counted on the other folds
only, and each fold is scored by a model fitted without it. The decision threshold is the one
that maximizes the cross-validated micro F1 of the labeller's final codes (statuses, Excludes1,
code-first applied) with precision at least ``MIN_PRECISION``. The shipped model is then fitted
on every note with priors from every note. No evaluation split (CodiEsp dev) is read here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from synth import icd, metrics
from synth.label import code_features
from synth.label.code_features import Priors
from synth.label.labeller import Labeller, learned_choice
from synth.label.memory import Memory
from synth.label.memory import phrases as memory_phrases
from synth.label.note_text import NoteText
from synth.label.mentions import Query
from synth.label.proposals import Proposal
from synth.label.scorer import Scorer

FOLDS = 5
MIN_PRECISION = 0.70
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.15, 0.76, 0.05))
TREES, LEAVES, RATE = 150, 15, 0.08
# The whole-note text model's two features (note_text.py); off = they stay 0.
USE_TEXT = True
# Bumped when proposals change meaning (part of the proposal cache key).
PROPOSALS_VERSION = 2
_SYNTH = Path(__file__).resolve().parents[1]
# What a note's proposals are read with besides the retriever: the data the labeller reads
# (section headers, abbreviation lists, cue words, synonyms, combination and history tables)
# and the code that reads it. Their bytes are part of the proposal cache key, so editing
# sections.yaml or the abbreviation list can never leave `train-coder` on stale proposals.
READING_INPUTS = (
    *(f"label/{name}" for name in ("sections.yaml", "abbreviations.yaml", "cues.yaml", "lines.py",
                                   "abbreviations.py", "context.py", "mentions.py", "proposals.py",
                                   "select.py", "memory.py")),
    *(f"data/{name}" for name in ("abbreviations.yaml", "synonyms.yaml", "combinations.yaml", "history_map.yaml")),
    "terms.py", "index_forms.py", "natural_forms.py", "guidelines.py", "icd.py",
)


@dataclass
class Note:
    id: str
    gold: set[str]                 # dotless upper-case codes
    lines: list[str]
    sections: list[str]
    proposals: list[Proposal]      # term index and retriever
    queries: list[Query] = field(default_factory=list)

    @property
    def proposed(self) -> set[str]:
        return {icd.dotless(p.code) for p in self.proposals}

    @property
    def phrases(self) -> set[str]:
        return {ph for q in self.queries if q.kind == "piece" for ph in memory_phrases(q.text)}


def fold_of(note_id: str, folds: int = FOLDS) -> int:
    return int(hashlib.sha256(note_id.encode()).hexdigest()[:8], 16) % folds


def read_notes(docs: list[dict], labeller: Labeller, batch: int = 32,
               progress: Callable[[int], None] | None = None) -> list[Note]:
    """The labeller's proposals for every document ({"id", "text", "gold"})."""
    from synth.label import proposals

    out: list[Note] = []
    for start in range(0, len(docs), batch):
        chunk = docs[start:start + batch]
        prepared = labeller.prepare([d["text"] for d in chunk])
        for doc, prep, found in zip(chunk, prepared, labeller.retrieve(prepared)):
            out.append(Note(doc["id"], {icd.dotless(c) for c in doc["gold"]}, prep.lines, prep.sections,
                            proposals.propose(prep, found), prep.queries))
        if progress:
            progress(len(chunk))
    return out


def reading_digest(root: Path = _SYNTH, names: tuple[str, ...] = READING_INPUTS) -> str:
    """SHA-256 over the reading inputs' names and bytes (a missing file counts as missing)."""
    digest = hashlib.sha256()
    for name in names:
        path = root / name
        digest.update(name.encode() + b"\x1f")
        digest.update(path.read_bytes() if path.is_file() else b"\x00missing")
        digest.update(b"\x1e")
    return digest.hexdigest()


def cache_key(docs: list[dict], fingerprint: str, reading: str | None = None) -> str:
    """The proposal cache key: the documents, the retriever's fingerprint, the proposal code's
    version and the reading inputs (``reading_digest``)."""
    digest = hashlib.sha256(fingerprint.encode())
    digest.update(str(PROPOSALS_VERSION).encode())
    digest.update((reading if reading is not None else reading_digest()).encode())
    for d in docs:
        digest.update(d["id"].encode() + b"\x1f" + d["text"].encode() + b"\x1f" + ",".join(d["gold"]).encode())
    return digest.hexdigest()[:16]


def cached_notes(docs: list[dict], labeller: Labeller, directory: Path, fingerprint: str,
                 progress: Callable[[int], None] | None = None) -> list[Note]:
    """``read_notes`` cached on disk by the documents, the retriever, the proposal code and the
    data it reads (``cache_key``)."""
    path = Path(directory) / f"coder-notes-{cache_key(docs, fingerprint)}.pkl"
    if path.is_file():
        return pickle.loads(path.read_bytes())
    notes = read_notes(docs, labeller, progress=progress)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(notes, protocol=4))
    return notes


MIN_LEAF = 40


def _fit(x: np.ndarray, y: np.ndarray, trees: int = TREES, min_leaf: int = MIN_LEAF):
    """Gradient-boosted trees, one OpenMP thread (on a shared 2-core box two threads wait on
    each other far more than they gain: see codebooks/learned_rerank.py)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    model = HistGradientBoostingClassifier(max_iter=trees, learning_rate=RATE, max_leaf_nodes=LEAVES,
                                           l2_regularization=1.0, min_samples_leaf=min_leaf, random_state=0)
    with threadpool_limits(limits=1, user_api="openmp"):
        return model.fit(x, y)


def found_for(note: Note, memory: Memory | None, priors: Priors | None) -> list[Proposal]:
    """A note's proposals as the labeller scores them: its own, the memory's, the category siblings'."""
    found = note.proposals + (memory.propose(note.queries) if memory else [])
    return found + code_features.siblings(found, priors)


def _rows(notes: list[Note], priors: Priors, memory: Memory,
          text: NoteText | None = None) -> tuple[list[list[str]], list[np.ndarray], list[np.ndarray]]:
    codes, features, labels = [], [], []
    for note in notes:
        scores = text.scores(note_text_of(note)) if text is not None else None
        c, x = code_features.rows(found_for(note, memory, priors), note.sections, len(note.lines), priors, scores)
        codes.append(c)
        features.append(x)
        labels.append(np.asarray([icd.dotless(code) in note.gold for code in c], np.int8))
    return codes, features, labels


def note_text_of(note: Note) -> str:
    """The text the note-text model reads (as the labeller gives it: the note's lines)."""
    return "\n".join(note.lines)


def _text(notes: list[Note]) -> NoteText:
    return NoteText.fit([note_text_of(n) for n in notes], [n.gold for n in notes])


def _priors(notes: list[Note]) -> Priors:
    return Priors.count([(n.gold, n.proposed) for n in notes])


def _memory(notes: list[Note]) -> Memory:
    return Memory.learn([(n.gold, n.phrases) for n in notes])


def final_codes(note: Note, scored: dict[str, float], threshold: float, memory: Memory | None = None,
                priors: Priors | None = None) -> set[str]:
    """The labeller's codes for a note at ``threshold`` (real-text rules: no discards)."""
    found = found_for(note, memory, priors)
    chosen = learned_choice(note.lines, scored, found, threshold, discard=False)
    return {icd.dotless(c["code"]) for c in chosen.icd10cm}


def evaluate(notes: list[Note], scored: list[dict[str, float]], threshold: float,
             memories: list[Memory | None] | None = None, priors: list[Priors | None] | None = None) -> dict:
    memories = memories or [None] * len(notes)
    priors = priors or [None] * len(notes)
    predicted = [final_codes(n, s, threshold, m, p) for n, s, m, p in zip(notes, scored, memories, priors)]
    gold = [n.gold for n in notes]
    return {"exact": metrics.micro(gold, predicted), "category": metrics.micro(gold, predicted, "category")}


def best_threshold(notes: list[Note], scored: list[dict[str, float]], memories: list[Memory | None] | None = None,
                   min_precision: float = MIN_PRECISION, priors: list[Priors | None] | None = None) -> tuple[float, dict]:
    """The threshold with the best exact micro F1 among those with precision >= min_precision
    (the most precise one when none reaches it)."""
    results = [(t, evaluate(notes, scored, t, memories, priors)) for t in THRESHOLDS]
    # then every hundredth around the best coarse step (a step of .05 moves precision by a point or more)
    coarse = _pick(results, min_precision)[0]
    fine = sorted({round(coarse + d / 100, 2) for d in range(-4, 5)} - set(THRESHOLDS))
    results += [(t, evaluate(notes, scored, t, memories, priors)) for t in fine if 0 < t < 1]
    return _pick(results, min_precision)


def _pick(results: list[tuple[float, dict]], min_precision: float) -> tuple[float, dict]:
    eligible = [(t, r) for t, r in results if r["exact"]["precision"] >= min_precision]
    if eligible:
        return max(eligible, key=lambda item: (item[1]["exact"]["f1"], item[0]))
    return max(results, key=lambda item: item[1]["exact"]["precision"])


def fold_rows(notes: list[Note], folds: int = FOLDS) -> tuple[list[int], dict[int, tuple], dict[int, Memory],
                                                             dict[int, Priors]]:
    """Fold of each note; per fold its notes' (codes, features, labels) with the priors and the
    memory counted on the other folds only; and those memories and priors."""
    assignment = [fold_of(n.id, folds) for n in notes]
    rows_by_fold, memories, priors = {}, {}, {}
    for f in range(folds):
        inside = [n for n, a in zip(notes, assignment) if a == f]
        outside = [n for n, a in zip(notes, assignment) if a != f]
        memories[f], priors[f] = _memory(outside), _priors(outside)
        rows_by_fold[f] = _rows(inside, priors[f], memories[f], _text(outside) if USE_TEXT else None)
    return assignment, rows_by_fold, memories, priors


def _stack(rows_by_fold: dict[int, tuple], folds) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([x for g in folds for x in rows_by_fold[g][1] if len(x)])
    y = np.concatenate([y for g in folds for y in rows_by_fold[g][2] if len(y)])
    return x, y


def train(notes: list[Note], folds: int = FOLDS, source: str = "", retrieval: dict | None = None,
          **model) -> tuple[Scorer, dict]:
    """Cross-validated figures and threshold, then the shipped model. Every row's features come
    from priors and memory counted without its own fold (cross-validation and the final fit
    alike, so the model never learns from features that saw its labels); the shipped priors and
    memory are counted on every note. ``model``: trees / min_leaf overrides (small tests)."""
    assignment, rows_by_fold, memories, fold_priors = fold_rows(notes, folds)
    scored: list[dict[str, float]] = [{} for _ in notes]
    for f in range(folds):
        scorer = Scorer(_fit(*_stack(rows_by_fold, [g for g in range(folds) if g != f]), **model), 0.5, Priors())
        mine = [i for i, a in enumerate(assignment) if a == f]
        for i, codes, x in zip(mine, rows_by_fold[f][0], rows_by_fold[f][1]):
            scored[i] = dict(zip(codes, scorer.probabilities(x).tolist())) if len(x) else {}
    threshold, cv = best_threshold(notes, scored, [memories[a] for a in assignment],
                                   priors=[fold_priors[a] for a in assignment])
    x_all, y_all = _stack(rows_by_fold, range(folds))
    fitted = _fit(x_all, y_all, **model)
    reachable = sum(len(n.gold & {icd.dotless(p.code) for p in found_for(n, memories[a], fold_priors[a])})
                    for n, a in zip(notes, assignment))
    report = {"notes": len(notes), "folds": folds, "fold_sizes": [assignment.count(f) for f in range(folds)],
              "threshold": threshold, "cross_validated": cv, "examples": int(len(y_all)), "positives": int(y_all.sum()),
              "gold_codes": int(sum(len(n.gold) for n in notes)),
              "gold_proposed": int(reachable)}
    meta = {"trained": dt.date.today().isoformat(), "source": source, "retrieval": retrieval or {},
            "model": f"HistGradientBoostingClassifier(max_iter={model.get('trees', TREES)}, learning_rate={RATE}, "
                     f"max_leaf_nodes={LEAVES}, l2_regularization=1.0, min_samples_leaf={model.get('min_leaf', MIN_LEAF)})",
            **report}
    return Scorer(fitted, threshold, _priors(notes), _memory(notes), meta, _text(notes) if USE_TEXT else None), report


def write_card(path: Path, meta: dict) -> None:
    """The model's card beside it: how it was trained, from what, its figures and the licences."""
    cv = meta["cross_validated"]
    lines = [
        "# Learned coder model (`coder_model.pkl`)",
        "",
        "The labeller's scorer: gradient-boosted trees that give each code a note's mentions propose a",
        "probability (synth/label/scorer.py, features in synth/label/code_features.py). Written by",
        "`chartforge synth train-coder`; this card is rewritten with the model.",
        "",
        "## How it was trained",
        f"- Date: {meta['trained']}; model: {meta['model']}.",
        f"- Data: {meta['source']}: CodiEsp train, English machine translation, coded with CIE-10-ES",
        "  diagnosis codes (`codes_dx`) by professional coders. Every code the labeller's mentions",
        "  proposed (term index + retriever top-k per mention) is one example, positive when the coders",
        f"  used it: {meta['examples']:,} examples, {meta['positives']:,} positive; the proposals (with the",
        "  out-of-fold memory's) hold",
        f"  {meta['gold_proposed']:,} of the {meta['gold_codes']:,} gold codes (the recall ceiling).",
        "- The model also stores what it counted on the same notes: code priors (how many notes carry",
        "  each code and category; how often a proposed code was coded) and the phrase memory",
        "  (synth/label/memory.py: words and two-word phrases of mentions -> codes the coders used with",
        "  them, e.g. 'disease' -> R69, 'necrosis' -> I96), which proposes codes as well, and the",
        "  note-text model (synth/label/note_text.py: TF-IDF over the whole note's words, one ridge",
        "  regression per code and per category coded in >= 2 notes, each keeping its 200 largest",
        "  weights), whose scores for a proposed code and its category are two of the features.",
        "  While training, a fold's features come from priors, memory and text model counted or",
        "  fitted on the other folds only.",
        f"- Retrieval it was trained with: `{json_dumps(meta['retrieval'])}`. A labeller running another",
        "  retrieval configuration says so when it loads the model.",
        f"- Threshold {meta['threshold']}: the best {meta['folds']}-fold cross-validated exact micro F1 with",
        f"  precision >= {MIN_PRECISION} (folds by a hash of the note id; priors and model of a fold fitted",
        "  on the other folds only). CodiEsp dev was not read.",
        "",
        "## Cross-validated figures (train notes, final codes after the labeller's rules)",
        "",
        "| level | micro P | micro R | micro F1 |",
        "|---|---|---|---|",
        *(f"| {level} | {cv[level]['precision']} | {cv[level]['recall']} | {cv[level]['f1']} |"
          for level in ("exact", "category")),
        "",
        "## Licences",
        "- CodiEsp corpus and gold standard v4: CC BY 4.0. Attribution: Antonio Miranda-Escalada,",
        "  Aitor Gonzalez-Agirre, Jordi Armengol-Estapé, Martin Krallinger, Barcelona Supercomputing",
        "  Center (BSC, Text Mining Unit), CodiEsp track of CLEF eHealth 2020 (Zenodo 3837305,",
        "  DOI 10.5281/zenodo.3837305). Miranda-Escalada A. et al., \"Overview of automatic clinical",
        "  coding: annotations, guidelines, and solutions for non-English clinical cases at CodiEsp",
        "  track of CLEF eHealth 2020\", CLEF 2020 Working Notes, CEUR-WS vol. 2696. Changes: English",
        "  translation only, diagnosis codes only; the model holds counts, tree weights and the",
        "  note-text model's vocabulary (single words, at most 20,000, each in >= 2 notes) with",
        "  their weights, derived from it; no sentence or note text.",
        "- ICD-10-CM (code titles, Alphabetic Index terms the retriever reads): public domain (CDC/NCHS).",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def json_dumps(value) -> str:
    import json

    return json.dumps(value, sort_keys=True)
