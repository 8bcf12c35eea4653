"""Training data for the learned model: gold records from the project's own sets, cut into
windows and tagged BIO (deid/learned/labels.py).

Sources (training.yaml ``data``): the demo generator, the nursing generator's training seeds,
the MTSamples hide-in-plain-sight dev split less the sample ``deid eval --suite --sets
mtsamples-dev --sample N`` scores, and pii_synth's dev part. Test splits are refused here, so a
config edit cannot train on them. Returns text and tags only inside this process: nothing is
written but the model.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from deid.evaluate import IGNORE, NOT_PHI, LabelMap
from deid.learned.labels import KIND_OF, OUTSIDE

MISSING = ""  # spaCy's tagger ignores tokens with an empty gold tag (don't-care regions)


@dataclass
class Window:
    text: str
    spans: list[tuple[int, int, str | None]]  # (start, end, kind or None = don't care)
    source: str


def _hash_rank(record_id: str) -> str:
    return hashlib.sha256(str(record_id).encode()).hexdigest()


def gold_records(data: dict, data_dir: Path | None = None) -> list[tuple[str, list[dict], str]]:
    """``[(source name, records, label map name)]`` for every source named in ``data``."""
    from devsets import catalog
    from devsets.nursing import TEST_SEED
    from devsets.splits import split_of

    data_dir = Path(data_dir) if data_dir else catalog.DEFAULT_DATA_DIR
    out = []
    if "demo" in data:
        for seed in data["demo"]["seeds"]:
            if seed == 101:
                raise ValueError("demo seed 101 is the evaluation seed of deid eval --suite")
            out.append((f"demo-{seed}", catalog._demo(seed, data["demo"]["patients"]), "identity"))
    if "nursing" in data:
        from devsets.nursing.generator import generate

        for seed in data["nursing"]["seeds"]:
            if seed == TEST_SEED:
                raise ValueError("the nursing test seed is never trained on")
            out.append((f"nursing-{seed}", generate(seed, data["nursing"]["notes"]), "identity"))
    if "mtsamples" in data:
        spec = data["mtsamples"]
        if spec.get("split", "dev") != "dev":
            raise ValueError("the learned model trains on the MTSamples dev split only")
        records = catalog.load("mtsamples-dev", data_dir=data_dir).records
        held = {r["id"] for r in sorted(records, key=lambda r: _hash_rank(r["id"]))[:spec.get("hold_out_sample", 0)]}
        out.append(("mtsamples-dev", [r for r in records if r["id"] not in held], "identity"))
    if "pii_synth" in data:
        if data["pii_synth"].get("part", "dev") != "dev":
            raise ValueError("the learned model trains on pii_synth's dev part only")
        records = catalog.load("pii_synth", data_dir=data_dir).records
        out.append(("pii_synth", [r for r in records if split_of(str(r["id"])) == "dev"], "pii_synth"))
    return out


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
