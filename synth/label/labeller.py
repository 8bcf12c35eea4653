"""The labeller: note text -> numbered lines -> retrieval candidates per line -> selected
ICD-10-CM codes and catalog procedures, each with confidence and evidence line indices.

Reads the text only. Retrieval (codebooks.retrieval.Retriever, contracts §4) is optional so
unit tests and the fidelity check can run without the FAISS index; with it, candidates are
kept as an artifact, raise the confidence of term matches and code lines no term matched.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from synth import terms
from synth.label import context, select
from synth.label.lines import section_of_lines, split_lines, strip_header
from synth.label.procedures import ProcedureMatcher

PROCEDURE_SECTIONS = ("procedure", "procedure performed", "operation", "procedures", "procedures performed")


@dataclass
class LabelResult:
    lines: list[str]
    sections: list[str]
    candidates: list[list[dict]]
    mentions: list[dict]
    icd10cm: list[dict]
    cpt: list[dict]
    notes: list[str] = field(default_factory=list)
    discard: str | None = None


class Labeller:
    def __init__(self, index: terms.TermIndex | None = None, retriever=None, procedures: ProcedureMatcher | None = None,
                 k: int = 10, min_score: float = 1.0, min_lexical: float = 1.0, cues: context.Cues | None = None):
        self.index = index or terms.full_index()
        self.retriever = retriever
        self.procedures = procedures
        self.k = k
        self.min_score = min_score
        self.min_lexical = min_lexical
        self.cues = cues or context.load_cues()

    def _retrieve(self, lines: list[str]) -> list[list]:
        if self.retriever is None or not lines:
            return [[] for _ in lines]
        return self.retriever.retrieve([strip_header(line) for line in lines], k=self.k)

    def label_many(self, texts: list[str]) -> list[LabelResult]:
        """Label several notes; their lines go to the retriever in one call (one encoder batch)."""
        all_lines = [split_lines(t) for t in texts]
        flat = [line for lines in all_lines for line in lines]
        found = self._retrieve(flat)
        out, at = [], 0
        for lines in all_lines:
            out.append(self._label(lines, found[at:at + len(lines)]))
            at += len(lines)
        return out

    def label(self, text: str) -> LabelResult:
        return self.label_many([text])[0]

    def _label(self, lines: list[str], candidates: list[list]) -> LabelResult:
        sections = section_of_lines(lines)
        chosen = select.select(lines, sections, self.index, self.cues, candidates, self.min_score, self.min_lexical)
        cpt: dict[str, dict] = {}
        if self.procedures is not None:
            for i, (line, section) in enumerate(zip(lines, sections)):
                if section not in PROCEDURE_SECTIONS:
                    continue
                hit = self.procedures.match(strip_header(line))
                if hit:
                    entry = cpt.setdefault(hit.code, {"code": hit.code, "description": hit.description,
                                                      "confidence": hit.score, "evidence": []})
                    entry["evidence"].append(i)
                    entry["confidence"] = max(entry["confidence"], hit.score)
        return LabelResult(
            lines=lines, sections=sections,
            candidates=[[{"code": c.code, "score": c.score, "dense": c.dense, "lexical": c.lexical} for c in cands]
                        for cands in candidates],
            mentions=[asdict(m) for m in chosen.mentions], icd10cm=chosen.icd10cm, cpt=list(cpt.values()),
            notes=chosen.notes, discard=chosen.discard)


class RetrievalLabeller:
    """Adapter for the corpus baseline (corpus/baseline.py): numbered lines in, a record's
    ``output`` shape out (contracts §6), evidence as 1-based line numbers."""

    def __init__(self, top_k: int = 10, retrieval: bool = True):
        from synth import pipeline
        from synth.settings import SynthSettings

        settings = SynthSettings.from_config(k=top_k, retrieval=retrieval)
        self.labeller = pipeline.make_labeller(settings, terms.full_index(), pipeline.load_catalog())

    def label(self, lines: list[str]) -> dict:
        result = self.labeller.label("\n".join(lines))
        # split_lines drops blank lines: map positions back to the caller's line numbers
        kept = [i for i, line in enumerate(lines) if line.strip()]

        def shift(items):
            return [{**c, "evidence": [kept[i] + 1 for i in c["evidence"]]} for c in items]

        return {"icd10cm": shift(result.icd10cm), "cpt": shift(result.cpt)}
