"""The learned model at run time: load once, tag a batch of texts, return scored spans.

    model = LearnedModel.load()                 # the shipped weights (deid/learned/model)
    spans = model.spans(texts)                  # [[Span(label, score, source="learned")]]
    probs = model.phi_probabilities(texts)      # per character span of a token: P(not O)

A span is a run of tokens whose best tag is B-/I- of one kind; its score is the mean over its
tokens of P(not O), the model's belief that the token is PHI of any kind. A span is kept only
when its text has the shape of its kind (deid/learned/shape_gate.py: "OCT" is no date, "850 mg"
no identifier), in the first pass and in the verification pass alike. Loads offline from the directory (no download, no network).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy

from deid.chunking import chunk_text
from deid.learned import shape_gate
from deid.learned.labels import OUTSIDE, hipaa_label
from deid.learned.network import COMPONENT
from deid.learned.version import check_version
from deid.memory_zones import memory_zone
from deid.spans import Span

SHIPPED = Path(__file__).resolve().parent / "model"
SOURCE = "learned"
MAX_PIECE_CHARS = 100_000


@dataclass
class TokenScores:
    """One note's tokens: (start, end) character offsets, best tag, P(best tag), P(not O)."""
    offsets: list[tuple[int, int]]
    tags: list[str]
    best: list[float]
    phi: list[float]


class LearnedModel:
    def __init__(self, nlp, version: dict):
        self.nlp = nlp
        self.version = version
        self.tagger = nlp.get_pipe(COMPONENT)
        self.labels = list(self.tagger.labels)
        self.outside = self.labels.index(OUTSIDE)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "LearnedModel":
        return _load(str(Path(path) if path else SHIPPED))

    def token_scores(self, texts: list[str], batch_size: int = 64) -> list[TokenScores]:
        # a long note is tagged in pieces cut at line breaks (spaCy refuses texts over
        # nlp.max_length; the CNN sees a few tokens either side, so a cut costs nothing)
        pieces = [(index, offset, piece) for index, text in enumerate(texts)
                  for offset, piece in chunk_text(text or "", MAX_PIECE_CHARS)]
        out = [TokenScores([], [], [], []) for _ in texts]
        # the new words' lexemes are freed afterwards (deid/memory_zones.py): only numbers leave the block
        with memory_zone(self.nlp, len(texts)):
            for i in range(0, len(pieces), batch_size):
                chunk = pieces[i:i + batch_size]
                docs = [self.nlp.make_doc(piece) for _, _, piece in chunk]
                if not any(len(d) for d in docs):
                    continue
                for (index, offset, _), doc, matrix in zip(chunk, docs, self.tagger.model.predict(docs)):
                    if len(doc):
                        self._add_piece(out[index], offset, doc, self.tagger.model.ops.to_numpy(matrix))
            docs = doc = None  # the Docs die inside the zone
        return out

    def _add_piece(self, scores: TokenScores, offset: int, doc, matrix) -> None:
        """Append one tagged piece to ``scores``, a whole column at a time (numpy) rather than
        a Python object per token: the same values as ``float(matrix[k, j])`` and
        ``float(1.0 - matrix[k, outside])`` (float32 probabilities, the subtraction in float64)."""
        best = matrix.argmax(axis=1)
        starts = doc.to_array("IDX").astype(numpy.int64) + offset  # uint64 + int64 would be float64
        ends = starts + doc.to_array("LENGTH").astype(numpy.int64)
        scores.offsets += list(zip(starts.tolist(), ends.tolist()))
        scores.tags += [self.labels[j] for j in best.tolist()]
        scores.best += matrix[numpy.arange(len(best)), best].tolist()
        scores.phi += (1.0 - matrix[:, self.outside].astype(numpy.float64)).tolist()

    def spans(self, texts: list[str], batch_size: int = 64) -> list[list[Span]]:
        return [self.decode(text, scores) for text, scores in
                zip(texts, self.token_scores(texts, batch_size))]

    def decode(self, text: str, scores: TokenScores, gated: bool = True) -> list[Span]:
        spans, current = [], None  # current: [kind, start, end, [token scores]]
        for (start, end), tag, phi in zip(scores.offsets, scores.tags, scores.phi):
            if not text[start:end].strip():
                tag = OUTSIDE
            kind = tag[2:] if tag != OUTSIDE else None
            if current and (kind != current[0] or tag.startswith("B-")):
                spans.append(current)
                current = None
            if kind:
                if current is None:
                    current = [kind, start, end, []]
                current[2] = end
                current[3].append(phi)
        if current:
            spans.append(current)
        found = [Span(start, end, hipaa_label(kind, text[start:end]), round(sum(s) / len(s), 4), SOURCE)
                 for kind, start, end, s in spans]
        return shape_gate.gate(text, found) if gated else found


@functools.lru_cache(maxsize=4)
def _load(path: str) -> LearnedModel:
    import spacy

    from chartforge.errors import ChartforgeError

    model_dir = Path(path)
    if not model_dir.is_dir():
        raise ChartforgeError.make("E209", path=model_dir, reason="not found (train it: chartforge deid train)")
    version = check_version(model_dir)
    return LearnedModel(spacy.load(model_dir), version)
