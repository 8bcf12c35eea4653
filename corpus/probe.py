"""Corpus utility probe: what a coder trained on a version learns about real notes.

Train on synthetic, test on real (TSTR): the probe's coder (``probe_model``) is trained on the
version's train split and scored on real coded notes (CodiEsp dev by default), beside the
same coder trained on real coded notes (CodiEsp train). The ratio of their micro-F1 is the
corpus's utility figure: 1.0 means the corpus teaches this coder as much as real notes do.

Label space: ICD-10-CM diagnosis codes, compared upper-case without dots, exact (the full
code as written) and by 3-character category. A record's ``icd10cm`` labels on the corpus
side; ``codes_dx`` on the real side. Procedures are not scored: CodiEsp's are ICD-10-PCS and
the corpus's are CPT, which share no codes.

What bounds the ratio is reported with it (``overlap``): a probe can only predict codes it has
seen, so the share of the real notes' code occurrences inside each probe's label space is a
ceiling on its recall. CodiEsp's coders also drop a 7th character now and then (``W19.XXX``
for ``W19.XXXA``); such a code never matches exactly whatever the corpus holds.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from chartforge.errors import ChartforgeError
from chartforge.jsonl import parse_records
from corpus.lines import parse_numbered
from corpus.probe_model import ModelSettings, ProbeModel, micro_f1
from corpus.tables import jsonl_name, parquet_name, read_examples

LABEL_SPACE = ("ICD-10-CM diagnoses (corpus icd10cm / CodiEsp codes_dx), upper-case without dots; "
               "exact = full code, category = first 3 characters; procedures not scored")
# Bump when the probe's model or decision rule changes: cached real-trained figures are keyed on it.
PROBE_VERSION = 2  # 2: the threshold's held-out part drawn by split group


@dataclass
class Documents:
    source: str  # a file or version path, for the report
    ids: list[str]
    texts: list[str]
    codes: list[set[str]]  # dotless upper-case ICD-10-CM
    groups: list[str] | None = None  # split group per document (held out together); None = one per document


def dotless(code: str) -> str:
    return code.strip().upper().replace(".", "")


def version_documents(version_dir: Path, split: str = "train") -> Documents:
    """A published version's split: its notes (``input`` without line numbers) and ICD codes."""
    path = version_dir / jsonl_name(split)
    if not path.is_file():
        raise ChartforgeError.make("E603", path=version_dir, file=path.name, reason="missing")
    docs = Documents(str(version_dir), [], [], [])
    for example in read_examples(path):
        docs.ids.append(example["id"])
        docs.texts.append("\n".join(parse_numbered(example["input"])))
        docs.codes.append({dotless(label["code"]) for label in json.loads(example["output"])["icd10cm"]})
    group_of = _version_groups(version_dir / parquet_name(split))
    if group_of:
        docs.groups = [group_of.get(i, i) for i in docs.ids]
    return docs


def _version_groups(path: Path) -> dict[str, str]:
    """id -> group hash from a split's Parquet file ({} when it is absent)."""
    if not path.is_file():
        return {}
    import polars as pl

    frame = pl.read_parquet(path, columns=["id", "group_hash"])
    return dict(zip(frame["id"].to_list(), frame["group_hash"].to_list()))


def real_documents(path: Path) -> Documents:
    """Real coded notes, JSONL ``{"id", "text", "codes_dx"}`` (the CodiEsp layout); a row that is
    not such a record stops the read naming file and row (E606), never quoting the note."""
    if not path.is_file():
        raise ChartforgeError.make("E611", path=path, reason="no such file")

    def parse(record: dict) -> tuple[str, str, set[str]]:
        text, codes = record["text"], record["codes_dx"]
        if not isinstance(text, str) or not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise TypeError("text must be a string and codes_dx a list of strings")
        return str(record["id"]), text, {dotless(c) for c in codes}

    docs = Documents(str(path), [], [], [])
    rows = parse_records(path, parse, lambda row, exc: ChartforgeError.make(
        "E606", file=path, row=row, reason=f"not a coded note {{id, text, codes_dx}} ({type(exc).__name__})"))
    for doc_id, text, codes in rows:
        docs.ids.append(doc_id)
        docs.texts.append(text)
        docs.codes.append(codes)
    if not docs.ids:
        raise ChartforgeError.make("E611", path=path, reason="no coded notes in it")
    return docs


def coverage(label_space: set[str], gold: list[set[str]], chars: int | None = None) -> dict:
    """How much of the real notes' coding a probe *could* predict: the share of code
    occurrences (and of distinct codes) inside its label space."""
    cut = (lambda c: c[:chars]) if chars else (lambda c: c)
    space = {cut(c) for c in label_space}
    occurrences = [cut(c) for doc in gold for c in {cut(c) for c in doc}]
    distinct = set(occurrences)
    return {"occurrences": round(sum(c in space for c in occurrences) / max(len(occurrences), 1), 4),
            "distinct": round(len(distinct & space) / max(len(distinct), 1), 4)}


def train_and_score(train: Documents, test: Documents, settings: ModelSettings) -> dict:
    started = time.perf_counter()
    model = ProbeModel(settings).fit(train.ids, train.texts, train.codes, train.groups)
    predicted = model.predict(test.texts)
    labels = set(model.labels)
    return {
        "source": train.source, "documents": len(train.ids),
        "codes": sum(len(c) for c in train.codes), "labels": len(labels), "threshold": model.threshold,
        "exact": micro_f1(test.codes, predicted), "category": micro_f1(test.codes, predicted, 3),
        "coverage": {"exact": coverage(labels, test.codes), "category": coverage(labels, test.codes, 3)},
        "seconds": round(time.perf_counter() - started, 1),
        "label_space": sorted(labels),
    }


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reference(real_train: Path, test: Documents, test_path: Path, settings: ModelSettings,
              cache_dir: Path | None) -> dict:
    """The probe trained on real coded notes: the same for every version, so cached by the two
    files' hashes, the settings and the probe version."""
    from sklearn import __version__ as sklearn_version

    key = hashlib.sha256(json.dumps([_file_hash(real_train), _file_hash(test_path), asdict(settings),
                                     PROBE_VERSION, sklearn_version]).encode()).hexdigest()[:16]
    cached = cache_dir / f"reference-{key}.json" if cache_dir else None
    if cached and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    result = train_and_score(real_documents(real_train), test, settings)
    if cached:
        from chartforge.atomic import write_json

        cached.parent.mkdir(parents=True, exist_ok=True)
        write_json(cached, result)
    return result


def _ratio(a: dict, b: dict, level: str) -> float | None:
    return round(a[level]["f1"] / b[level]["f1"], 4) if b[level]["f1"] else None


def probe(version_dir: Path, real: Path, real_train: Path | None, settings: ModelSettings | None = None,
          cache_dir: Path | None = None, split: str = "train") -> dict:
    """The probe report of a version's split. ``real_train`` None (or missing) leaves the ratio
    out and says why."""
    report = probe_documents(version_documents(version_dir, split), real, real_train, settings, cache_dir)
    report["corpus"]["split"] = split
    return report


def probe_documents(corpus: Documents, real: Path, real_train: Path | None, settings: ModelSettings | None = None,
                    cache_dir: Path | None = None) -> dict:
    """The probe report for any training notes (a version's split, a synthetic run's notes)."""
    settings = settings or ModelSettings()
    test = real_documents(real)
    synthetic = train_and_score(corpus, test, settings)
    report = {
        "probe_version": PROBE_VERSION, "label_space": LABEL_SPACE, "settings": asdict(settings),
        "real": {"file": str(real), "documents": len(test.ids), "codes": sum(len(c) for c in test.codes),
                 "distinct_codes": len({c for doc in test.codes for c in doc})},
        "corpus": synthetic,
        "real_trained": None, "ratio": None, "shared_labels": None,
        "missing": None,
    }
    if real_train is None or not real_train.is_file():
        report["missing"] = f"real-trained reference skipped: {real_train or 'no --real-train file'} not found"
    else:
        ref = reference(real_train, test, real, settings, cache_dir)
        report["real_trained"] = ref
        report["ratio"] = {level: _ratio(synthetic, ref, level) for level in ("exact", "category")}
        shared = set(synthetic["label_space"]) & set(ref["label_space"])
        report["shared_labels"] = {"exact": len(shared), "category": len({c[:3] for c in shared})}
    return report


def summary(report: dict) -> dict:
    """The figures a manifest and dataset card keep (no label lists)."""
    def part(p: dict | None) -> dict | None:
        if p is None:
            return None
        return {k: p[k] for k in ("documents", "labels", "threshold", "exact", "category", "coverage", "seconds")}

    return {"probe_version": report["probe_version"], "label_space": report["label_space"],
            "real": report["real"], "corpus": part(report["corpus"]), "real_trained": part(report["real_trained"]),
            "ratio": report["ratio"], "shared_labels": report["shared_labels"], "missing": report["missing"]}
