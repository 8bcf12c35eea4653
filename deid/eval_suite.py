"""The de-ID evaluation suite: every contender on every set, in one table.

A *set* is a list of gold records (``{"id", "text", "spans"}``) with the label map it is scored
with; the entry point builds them (devsets/catalog.py) and passes them in, so this module knows
no data source. A *contender* is any class with ``detect_batch(texts) -> list[list[Span]]``,
named ``module:Class`` (like ``deid detect``'s detector):

* ``first pass``     - ``deid.detect:PhiDetector`` (the product's detector, with the learned
  model's confident spans when ``[deid] learned_first_pass`` is on);
* ``plain presidio`` - ``deid.presidio_baseline:PlainPresidio`` (same spaCy model);
* ``learned alone``  - ``deid.learned.detector:LearnedDetector`` (the learned NER model, deid/learned/);
* the ablation (deid/learned/ablation.py): ``--contender "rules only=deid.learned.ablation:RulesOnlyDetector"``
  and ``--verifier deid.learned.ablation:PlainVerifier``.

For the first contender the suite also runs the chain the batch flow runs: surrogates replace
its spans, the verification pass reads the new text, and its flags off our surrogates are
split into *real PHI* (they touch gold that the first pass missed or cut short) and false
alarms (reported with the share of notes flagged).

Figures per (set, contender): any-overlap recall/precision, token recall, recall per label,
false flags per 1,000 words, share of notes with a false flag, notes/s. Counts only, never text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from deid.evaluate import IGNORE, NOT_PHI, LabelMap, evaluate

CONTENDERS = {
    "first pass": "deid.detect:PhiDetector",
    "plain presidio": "deid.presidio_baseline:PlainPresidio",
    "learned alone": "deid.learned.detector:LearnedDetector",
}
VERIFIER = "deid.verify:VerificationDetector"
PROFILES = {"safe_harbor": "identity", "strict": "strict"}
EVAL_KEY = b"chartforge-deid-eval-suite"  # surrogates in the suite only; never a batch's key
CHUNK = 32


@dataclass
class EvalSet:
    name: str
    records: list[dict]
    label_map: str | None = None  # None: the profile's map
    has_phi: bool = True


@dataclass
class SuiteResult:
    profile: str
    rows: list[dict] = field(default_factory=list)  # one per (set, contender)
    skipped: dict = field(default_factory=dict)     # set name -> reason


def predict(detector, records: list[dict], progress: Callable[[int], None] | None = None) -> dict[str, dict]:
    """``{id: {"spans": [...]}}`` in the shape ``deid detect`` writes."""
    out = {}
    for i in range(0, len(records), CHUNK):
        chunk = records[i:i + CHUNK]
        found = detector.detect_batch([r["text"] for r in chunk])
        for record, spans in zip(chunk, found):
            out[str(record["id"])] = {"spans": [s.to_json() for s in spans]}
        if progress:
            progress(len(chunk))
    return out


def _uncovered(start: int, end: int, intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of [start, end) that no interval covers (``intervals`` sorted)."""
    parts, position = [], start
    for s, e in intervals:
        if e <= position:
            continue
        if s >= end:
            break
        if s > position:
            parts.append((position, s))
        position = max(position, e)
        if position >= end:
            break
    if position < end:
        parts.append((position, end))
    return parts


def verification_figures(records: list[dict], predicted: dict[str, dict], verifier, label_map: LabelMap) -> dict:
    """Run surrogates + the verification pass on the first pass's output and score its flags."""
    from deid.spans import Span
    from deid.surrogates.context import SurrogateContext
    from deid.surrogates.replace import deidentify_text, offset_mapper
    from deid.verification_filter import residual_hits

    texts, surrogates, residues, dont_cares, errors, residual_spans = [], [], [], [], 0, 0
    kept = []
    for record in records:
        spans = [Span(s["start"], s["end"], s["label"]) for s in predicted[str(record["id"])]["spans"]]
        ctx = SurrogateContext(key=EVAL_KEY, patient_id=str(record.get("patient_id") or record["id"]))
        try:
            new_text, inserted = deidentify_text(record["text"], spans, ctx)
        except Exception:  # noqa: BLE001 - a surrogate failure is counted, never fatal here
            errors += 1
            continue
        mapped = offset_mapper(inserted)
        intervals = sorted((s.start, s.end) for s in spans)
        regions, dont_care = [], []
        for gold in record.get("spans", []):
            value = record["text"][gold["start"]:gold["end"]]
            target = label_map.map(gold["label"], value)
            if target == IGNORE:  # a don't-care region the first pass left (part of) uncovered
                dont_care += [(mapped(a), mapped(a) + (b - a)) for a, b in _uncovered(gold["start"], gold["end"], intervals)
                              if record["text"][a:b].strip()]
            if target in (IGNORE, NOT_PHI):
                continue
            parts = _uncovered(gold["start"], gold["end"], intervals)
            if any(record["text"][a:b].strip() for a, b in parts):
                residual_spans += 1
            regions += [(mapped(a), mapped(a) + (b - a)) for a, b in parts if record["text"][a:b].strip()]
        kept.append(record)
        texts.append(new_text)
        surrogates.append([{"start": i.start, "end": i.end} for i in inserted])
        residues.append(regions)
        dont_cares.append(dont_care)
    flags = real = notes_flagged = caught = on_dont_care = 0
    hits = verifier.detect_batch(texts)
    for text, note_hits, inserted, regions, dont_care in zip(texts, hits, surrogates, residues, dont_cares):
        note_flags = residual_hits(text, note_hits, inserted)
        flags += len(note_flags)
        notes_flagged += bool(note_flags)
        real += sum(any(f.start < b and a < f.end for a, b in regions) for f in note_flags)
        # PHI-shaped text a set marks don't-care (CodiEsp's dates and towns) that the first pass
        # left: flagging it is right, though no scored gold makes it "real PHI"
        on_dont_care += sum(not any(f.start < b and a < f.end for a, b in regions)
                            and any(f.start < b and a < f.end for a, b in dont_care) for f in note_flags)
        caught += sum(any(f.start < b and a < f.end for f in note_flags) for a, b in regions)
    return {"flags": flags, "real_phi": real, "real_phi_share": round(real / flags, 4) if flags else None,
            "on_dont_care": on_dont_care,
            "notes_flagged": notes_flagged, "notes_flagged_share": round(notes_flagged / len(kept), 4) if kept else None,
            "residual_regions": sum(len(r) for r in residues), "residual_gold_spans": residual_spans,
            "residual_regions_caught": caught, "surrogate_errors": errors}


def evaluate_set(eval_set: EvalSet, contenders: dict[str, object], profile: str = "safe_harbor",
                 verifier=None, progress: Callable[[str, int], None] | None = None) -> list[dict]:
    label_map = LabelMap.named(eval_set.label_map or PROFILES[profile])
    gold = {str(r["id"]): {"spans": r.get("spans", []), "text": r["text"]} for r in eval_set.records}
    rows = []
    for position, (name, detector) in enumerate(contenders.items()):
        started = time.perf_counter()
        predicted = predict(detector, eval_set.records, (lambda n, name=name: progress(name, n)) if progress else None)
        seconds = time.perf_counter() - started
        metrics = evaluate(gold, predicted, label_map)
        row = {"set": eval_set.name, "contender": name, "has_phi": eval_set.has_phi, "seconds": round(seconds, 2),
               "notes_per_s": round(len(eval_set.records) / seconds, 2) if seconds else None, **metrics}
        if verifier is not None and position == 0:
            row["verification"] = verification_figures(eval_set.records, predicted, verifier, label_map)
        rows.append(row)
    return rows


def load_contenders(names: dict[str, str], config=None) -> dict[str, object]:
    """Build every contender, plain Presidio first (see deid/presidio_baseline.py); keep the order."""
    from deid.detect_run import load_detector

    first = sorted(names, key=lambda name: "presidio_baseline" not in names[name])
    built = {name: load_detector(names[name], config) for name in first}
    return {name: built[name] for name in names}
