"""Training data for the learned model: gold records from the project's own sets, cut into
windows and tagged BIO (deid/learned/labels.py).

The gold records come in as ``[(source name, records, label map name)]``: devsets/training.py
gathers them from training.yaml ``data`` (the entry point passes them; deid knows no data
source). Text and tags stay inside this process: nothing is written but the model.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from deid.evaluate import IGNORE, NOT_PHI, LabelMap
from deid.learned.labels import KIND_OF, OUTSIDE

MISSING = ""  # spaCy's tagger ignores tokens with an empty gold tag (don't-care regions)


@dataclass
class Window:
    text: str
    spans: list[tuple[int, int, str | None]]  # (start, end, kind or None = don't care)
    source: str


def kinds_of(record: dict, label_map: LabelMap) -> list[tuple[int, int, str | None]]:
    """Gold spans as model kinds: a don't-care region is None, a span that is no PHI is dropped."""
    spans = []
    for span in record.get("spans", []):
        value = record["text"][span["start"]:span["end"]]
        target = label_map.map(span["label"], value)
        if target == NOT_PHI:
            continue
        spans.append((span["start"], span["end"], None if target == IGNORE else KIND_OF.get(target)))
    return spans


def windows(text: str, spans: list[tuple[int, int, str | None]], max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text`` at line breaks into pieces of at most ``max_chars`` (a longer line is one
    piece), never inside a gold span."""
    inside = set()
    for start, end, _ in spans:
        inside.update(range(start, end))
    cuts, piece_start = [], 0
    last_break = None
    for i, char in enumerate(text):
        if char == "\n" and i + 1 not in inside:
            if i + 1 - piece_start > max_chars and last_break is not None and last_break > piece_start:
                cuts.append((piece_start, last_break))
                piece_start = last_break
            last_break = i + 1
    if piece_start < len(text):
        if len(text) - piece_start > max_chars and last_break is not None and last_break > piece_start:
            cuts.append((piece_start, last_break))
            piece_start = last_break
        cuts.append((piece_start, len(text)))
    return [(a, b) for a, b in cuts if text[a:b].strip()]


def training_windows(sources, window_chars: int, negative_keep: float, seed: int) -> list[Window]:
    rng = random.Random(seed)
    out = []
    for name, records, map_name in sources:
        label_map = LabelMap.named(map_name)
        for record in records:
            text = record["text"]
            if not text:
                continue
            spans = kinds_of(record, label_map)
            for a, b in windows(text, spans, window_chars):
                inner = [(max(s, a) - a, min(e, b) - a, k) for s, e, k in spans if s < b and a < e]
                if not any(k for _, _, k in inner) and rng.random() > negative_keep:
                    continue
                out.append(Window(text[a:b], inner, name))
    rng.shuffle(out)
    return out


def bio_tags(doc, spans: list[tuple[int, int, str | None]]) -> list[str]:
    """One tag per token of ``doc``: B-/I-kind for tokens a gold span touches, MISSING in a
    don't-care region, O elsewhere (whitespace tokens are O)."""
    tags = [OUTSIDE] * len(doc)
    for start, end, kind in sorted(spans, key=lambda s: (s[2] is not None, s[0])):  # kinds win over don't-care
        first = True
        for token in doc:
            if token.idx >= end or token.idx + len(token) <= start or token.is_space:
                continue
            if kind is None:
                tags[token.i] = MISSING
            else:
                tags[token.i] = f"{'B' if first else 'I'}-{kind}"
                first = False
    return tags


def examples(nlp, items: list[Window]):
    from spacy.training import Example

    out = []
    for item in items:
        doc = nlp.make_doc(item.text)
        out.append(Example.from_dict(doc, {"tags": bio_tags(doc, item.spans)}))
    return out
