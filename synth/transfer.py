"""`chartforge synth transfer`: the labeller on real coded notes it did not generate (CodiEsp
dev, English translation), micro P/R/F1 exact and by category, beside a retrieval-only
baseline that keeps each document's top-k codes by best line score.

CodiEsp codes are compared upper-case without dots; only its diagnosis codes are scored
(its procedures are ICD-10-PCS, which the CPT catalog has no counterpart for).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from chartforge.errors import ChartforgeError
from chartforge.jsonl import parse_records
from synth import metrics
from synth.label.labeller import Labeller
from synth.label.lines import split_lines


def read_codiesp(path: Path, limit: int | None = None) -> list[dict]:
    if not path or not path.is_file():
        raise ChartforgeError.make("E504", path=path, reason="CodiEsp dev JSONL not found")
    def document(record: dict) -> dict:
        return {"id": str(record["id"]), "text": str(record["text"]), "gold": list(record["codes_dx"])}

    docs = []
    for doc in parse_records(path, document, lambda row, exc: ChartforgeError.make(
            "E201", row=row, file=path, reason="not a CodiEsp record")):
        docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def baseline_codes(candidates: list[list[dict]], k: int) -> set[str]:
    """Retrieval only: every code's best score over the document's lines, top k."""
    best: dict[str, float] = {}
    for line in candidates:
        for c in line:
            best[c["code"]] = max(best.get(c["code"], -1.0), c["score"])
    return set(sorted(best, key=lambda code: -best[code])[:k])


def transfer(docs: list[dict], labeller: Labeller, baseline_k: int, batch: int = 16,
             progress: Callable[[int], None] | None = None) -> dict:
    gold, labelled, baseline = [], [], []
    discarded = 0
    for start in range(0, len(docs), batch):
        chunk = docs[start:start + batch]
        for doc, result in zip(chunk, labeller.label_many([d["text"] for d in chunk])):
            gold.append(set(doc["gold"]))
            labelled.append({c["code"] for c in result.icd10cm})
            discarded += bool(result.discard)
            baseline.append(baseline_codes(result.candidates, baseline_k))
        if progress:
            progress(len(chunk))
    has_retrieval = any(baseline)
    return {
        "documents": len(docs), "lines": sum(len(split_lines(d["text"])) for d in docs),
        "labeller": {"exact": metrics.micro(gold, labelled), "category": metrics.micro(gold, labelled, "category"),
                     "discarded": discarded},
        "baseline": ({"k": baseline_k, "exact": metrics.micro(gold, baseline),
                      "category": metrics.micro(gold, baseline, "category")} if has_retrieval else None),
    }
