"""``baseline``: predictions from a baseline labeller, as a PRED file.

Two labellers: ``rules`` is the synthetic branch's labeller (term rules + retrieval), the
one that labelled the synthetic runs; ``retrieval`` codes lines from code retrieval alone.

The corpus depends only on the small ``Labeller`` interface below; ``SynthLabeller``
adapts ``synth.label.labeller.Labeller`` to it. Running the baseline through ``eval``
shows the metrics are sane: a rule + retrieval labeller scores well above zero and
below the gold's perfect 1.0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from chartforge.atomic import atomic_open
from chartforge.contracts.lines import evidence_number
from chartforge.errors import ChartforgeError
from corpus.lines import parse_numbered
from corpus.tables import jsonl_name, read_examples

# Notes labelled per call: the synth labeller embeds all their lines in one encoder batch.
CHUNK = 32


class Labeller(Protocol):
    def label_many(self, notes: list[list[str]]) -> list[dict]:
        """One output (record shape, evidence as 1-based line numbers) per note's lines."""


class SynthLabeller:
    """The synth labeller on record lines. It drops blank lines and numbers the rest from 0,
    so its evidence is mapped back to the record's 1-based numbering (blank lines included)."""

    def __init__(self, labeller):
        self.labeller = labeller

    @staticmethod
    def _renumber(labels: list[dict], numbers: list[int]) -> list[dict]:
        return [{"code": label["code"], "description": label.get("description", ""),
                 "confidence": label.get("confidence", 0.0),
                 "evidence": sorted({numbers[i] for i in label.get("evidence", []) if 0 <= i < len(numbers)})}
                for label in labels]

    def label_many(self, notes: list[list[str]]) -> list[dict]:
        results = self.labeller.label_many(["\n".join(lines) for lines in notes])
        outputs = []
        for lines, result in zip(notes, results):
            numbers = [evidence_number(i) for i, line in enumerate(lines) if line.strip()]
            outputs.append({"icd10cm": self._renumber(result.icd10cm, numbers),
                            "cpt": self._renumber(result.cpt, numbers), "notes": list(result.notes)})
        return outputs


class RetrievalOnlyLabeller:
    """Codes each line with its best FAISS/BM25 candidate when the dense similarity is high
    enough; no term rules, no negation. On a synthetic-only corpus the rule labeller scores
    a trivial 1.0 (it wrote those labels), so this is the baseline that says something there:
    what plain code retrieval gets right, and what context (negation, history) costs it."""

    def __init__(self, retriever, min_dense: float, max_codes: int):
        self.retriever = retriever
        self.min_dense = min_dense
        self.max_codes = max_codes

    def label_many(self, notes: list[list[str]]) -> list[dict]:
        numbered = [[(evidence_number(i), line) for i, line in enumerate(lines) if line.strip()] for lines in notes]
        flat = [line for pairs in numbered for _, line in pairs]
        ranked = self.retriever.retrieve(flat, k=1) if flat else []
        outputs, at = [], 0
        for pairs in numbered:
            best: dict[str, dict] = {}
            for (number, _), candidates in zip(pairs, ranked[at:at + len(pairs)]):
                top = candidates[0] if candidates else None
                if top is None or top.dense < self.min_dense:
                    continue
                label = best.setdefault(top.code, {"code": top.code, "description": top.description,
                                                   "confidence": 0.0, "evidence": []})
                label["confidence"] = round(max(label["confidence"], float(top.dense)), 4)
                label["evidence"].append(number)
            at += len(pairs)
            kept = sorted(best.values(), key=lambda label: -label["confidence"])[: self.max_codes]
            outputs.append({"icd10cm": kept, "cpt": [], "notes": []})
        return outputs


def _synth_settings(config):
    """The synthetic branch's settings ([synth.label], [codebooks]) of the configuration handed
    down, so the baseline labels as the synth run did."""
    from synth.settings import SynthSettings

    return SynthSettings.from_config(config)


def load_retrieval_only_labeller(min_dense: float, max_codes: int, config) -> Labeller:
    from synth.pipeline import configured_retriever

    return RetrievalOnlyLabeller(configured_retriever(_synth_settings(config), progress=True), min_dense, max_codes)


def load_labeller(top_k: int, retrieval: bool, config) -> Labeller:
    """The synth labeller with the codebooks' procedure catalog and, if asked, FAISS retrieval."""
    try:
        from codebooks.procedures import load_configured_catalog
        from synth.label.labeller import Labeller as RuleLabeller
        from synth.label.procedures import ProcedureMatcher
    except ImportError as exc:
        raise ChartforgeError.make("E609", reason=f"synth labeller not importable ({type(exc).__name__})") from None
    from synth import terms
    from synth.pipeline import configured_retriever

    settings = _synth_settings(config)
    retriever = configured_retriever(settings, progress=True) if retrieval else None
    procedures = ProcedureMatcher.from_catalog(load_configured_catalog(settings.codebooks))
    return SynthLabeller(RuleLabeller(terms.full_index(settings.index_terms_file()), retriever=retriever,
                                      procedures=procedures, k=top_k))


def run_baseline(version_dir: Path, split: str, labeller: Labeller, out: Path, progress=None) -> int:
    examples = read_examples(version_dir / jsonl_name(split))
    with atomic_open(out) as handle:
        for start in range(0, len(examples), CHUNK):
            chunk = examples[start:start + CHUNK]
            outputs = labeller.label_many([parse_numbered(e["input"]) for e in chunk])
            for example, output in zip(chunk, outputs):
                handle.write(json.dumps({"id": example["id"], "output": output}, ensure_ascii=False) + "\n")
                if progress is not None:
                    progress()
    return len(examples)
