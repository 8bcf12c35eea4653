"""``eval``: score a PRED file against one split of a published version."""

from __future__ import annotations

import json
from pathlib import Path

from chartforge.errors import ChartforgeError
from corpus.codes import get_lookup
from corpus.metrics import evaluate
from corpus.predictions import read_predictions
from corpus.store import load_manifest
from corpus.tables import jsonl_name, read_examples


def gold_outputs(version_dir: Path, split: str) -> dict[str, dict]:
    path = version_dir / jsonl_name(split)
    if not path.is_file():
        raise ChartforgeError.make("E603", path=version_dir, file=path.name, reason="missing")
    return {example["id"]: json.loads(example["output"]) for example in read_examples(path)}


def evaluate_version(version_dir: Path, pred_path: Path, split: str = "test", lookup=None) -> dict:
    gold = gold_outputs(version_dir, split)
    predictions = read_predictions(pred_path)
    manifest = load_manifest(version_dir)
    report = evaluate(gold, predictions, lookup or get_lookup())
    # Predictions for other splits' records are ignored (a PRED file may cover them all).
    report["ignored_predictions"] = len(set(predictions) - set(gold))
    report["dataset"] = {"name": manifest["name"], "version": manifest["version"], "split": split}
    # What the corpus itself teaches, measured at build (corpus/probe.py): beside a model's
    # scores, it says how much of a gap is the training data's.
    report["corpus_probe"] = manifest.get("probe")
    return report
