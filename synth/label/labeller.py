"""The labeller: note text -> numbered lines -> mentions -> code proposals -> selected ICD-10-CM
codes and catalog procedures, each with confidence and evidence line indices.

Reads the text only. Each line is split into mentions (mentions.py: pieces with their context
status, abbreviations expanded); exact surface forms of codes are found by the term index and
every mention is a query for the retriever (codebooks.retrieval.Retriever, contracts §4). With
the learned scorer (scorer.py, fitted on real coded notes) a proposed code is coded when its
probability reaches the scorer's threshold, exact affirmed term matches always; without a
retriever or a scorer only term matches (and the ``min_score`` retrieval fallback) code.
Retrieval is optional so unit tests and the fidelity check can run without the FAISS index.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from synth import terms
from synth.label import abbreviations, context, proposals, select
from synth.label.procedures import ProcedureMatcher
from synth.label.select import Mention

PROCEDURE_SECTIONS = ("procedure", "procedure performed", "operation", "procedures", "procedures performed")
# Which status a code's mention on a line takes when several of its proposals share the line.
_STATUS_ORDER = (context.AFFIRMED, context.PAST, context.HISTORY, context.UNCERTAIN, context.FAMILY, context.NEGATED)


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


@dataclass(frozen=True)
class _LineCandidate:
    code: str
    score: float
    dense: float
    lexical: float


def _line_candidates(prepared: proposals.Prepared, found: list[list], k: int) -> list[list[_LineCandidate]]:
    """Per line, the best-scoring candidates of its queries (the retrieval artifact)."""
    best: list[dict[str, _LineCandidate]] = [{} for _ in prepared.lines]
    for query, cands in zip(prepared.queries, found):
        line = best[query.line]
        for c in cands:
            if c.code not in line or c.score > line[c.code].score:
                line[c.code] = _LineCandidate(c.code, float(c.score), float(c.dense), float(c.lexical))
    return [sorted(line.values(), key=lambda c: -c.score)[:k] for line in best]


# Statuses the learned coder decides by itself on real text. CodiEsp's coders code some negated
# and suspected findings ("No history of nephrolithiasis, hematuria or urinary tract infections"
# is coded N20.0, R31.9, N39.0); the scorer has each proposal's status as a feature, so its
# probability already says how likely such a mention is coded. On CodiEsp train (5-fold CV) this
# rule and keeping an unspecified code beside a specific one of its category (below) raise exact
# recall .401 -> .434 at precision .70. Synthetic notes keep the guideline rules (never coded).
MODEL_DECIDES = (context.NEGATED, context.UNCERTAIN)


# Excludes1 on real text: CodiEsp's coders code both codes of an ICD-10-CM Excludes1 pair in
# many notes (422 such pairs in the 500 train notes' gold, 205 in dev's 250), so dropping the
# weaker code of every pair the model keeps costs recall there. A pair whose two codes both
# reach this probability stays coded, with a note naming the conflict; a weaker code below it
# is dropped as before (None = always drop it). Chosen on CodiEsp train, 5-fold CV (threshold
# .35, exact F1): always drop .537, drop only when both share a line .540, keep both at >= .5
# .549 (>= .6 .549), always keep both .544 (threshold .40). Synthetic notes keep the guideline rule.
EXCLUDES1_KEEP_BOTH_AT: float | None = 0.5


def learned_mentions(scored: dict[str, float], found: list[proposals.Proposal], threshold: float,
                     model_decides: tuple[str, ...] = ()) -> list[Mention]:
    """Mentions of the codes the scorer keeps (and of every affirmed exact term match), one per
    supporting line, each with the line's strongest status and the code's probability. A kept
    code whose strongest status is in ``model_decides`` is coded as affirmed."""
    out: list[Mention] = []
    by_line: dict[tuple[str, int], list[proposals.Proposal]] = {}
    for p in found:
        by_line.setdefault((p.code, p.line), []).append(p)
    for (code, line), ps in sorted(by_line.items(), key=lambda item: (item[0][1], item[0][0])):
        probability = scored.get(code, 0.0)
        term_affirmed = any(p.source == "term" and p.status == context.AFFIRMED for p in ps)
        if probability < threshold and not term_affirmed:
            continue
        status = min((p.status for p in ps), key=_STATUS_ORDER.index)
        if status in model_decides:
            status = context.AFFIRMED
        source = "term" if any(p.source == "term" for p in ps) else "retrieval"
        confidence = max(probability, select.TERM_CONFIDENCE) if term_affirmed else probability
        out.append(Mention(code, line, status, source, round(float(confidence), 4)))
    return out


def learned_choice(lines: list[str], scored: dict[str, float], found: list[proposals.Proposal], threshold: float,
                   discard: bool) -> select.Selection:
    """The learned coder's codes. Real text (``discard=False``) follows its coders, as the scorer
    learned them: negated and uncertain mentions are the model's call (MODEL_DECIDES), and an
    unspecified code stays beside a specific one of its category when the model keeps both
    (5.8% of CodiEsp dev gold codes are such pairs: N28.9 with N28.89). Synthetic notes
    (``discard=True``) keep the guideline rules: neither is coded."""
    real = not discard
    mentions = learned_mentions(scored, found, threshold, MODEL_DECIDES if real else ())
    return select.choose(lines, mentions, discard, supersede=not real,
                         excludes1_keep_both_at=EXCLUDES1_KEEP_BOTH_AT if real else None)


class Labeller:
    def __init__(self, index: terms.TermIndex | None = None, retriever=None, procedures: ProcedureMatcher | None = None,
                 k: int = 10, min_score: float = 1.0, min_lexical: float = 1.0, cues: context.Cues | None = None,
                 scorer=None, discard: bool = True, abbrev: abbreviations.Abbreviations | None = None):
        self.index = index or terms.full_index()
        self.retriever = retriever
        self.procedures = procedures
        self.k = k
        self.min_score = min_score
        self.min_lexical = min_lexical
        self.cues = cues or context.load_cues()
        self.scorer = scorer
        self.discard = discard
        self.abbrev = abbrev or abbreviations.load()

    def prepare(self, texts: list[str]) -> list[proposals.Prepared]:
        return [proposals.prepare(t, self.index, self.cues, self.abbrev) for t in texts]

    def retrieve(self, prepared: list[proposals.Prepared]) -> list[list[list]]:
        """Every query of every note in one retriever call (one encoder batch); per note, per query."""
        queries = [q.text for p in prepared for q in p.queries]
        if self.retriever is None or not queries:
            return [[[] for _ in p.queries] for p in prepared]
        found = self.retriever.retrieve(queries, k=self.k)
        out, at = [], 0
        for p in prepared:
            out.append(found[at:at + len(p.queries)])
            at += len(p.queries)
        return out

    def label_many(self, texts: list[str]) -> list[LabelResult]:
        """Label several notes; their mentions go to the retriever in one call."""
        prepared = self.prepare(texts)
        return [self.decide(p, found) for p, found in zip(prepared, self.retrieve(prepared))]

    def label(self, text: str) -> LabelResult:
        return self.label_many([text])[0]

    def decide(self, prepared: proposals.Prepared, found: list[list]) -> LabelResult:
        """Codes of one prepared note from its queries' retrieval answers."""
        lines, sections = prepared.lines, prepared.sections
        candidates = _line_candidates(prepared, found, self.k)
        if self.scorer is not None and self.retriever is not None:
            proposed = self.scorer.expand(proposals.propose(prepared, found), prepared.queries)
            scored = self.scorer.score(proposed, sections, len(lines), lines)
            chosen = learned_choice(lines, scored, proposed, self.scorer.threshold, self.discard)
        else:
            chosen = select.select(prepared.readable, sections, self.index, self.cues, candidates,
                                   self.min_score, self.min_lexical)
            if not self.discard:
                chosen = select.choose(lines, chosen.mentions, discard=False)
        cpt: dict[str, dict] = {}
        if self.procedures is not None:
            for i, (line, section) in enumerate(zip(prepared.readable, sections)):
                if section not in PROCEDURE_SECTIONS:
                    continue
                hit = self.procedures.match(line)
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
