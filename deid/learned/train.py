"""``chartforge deid train``: train the learned model from training.yaml and write it with its
version.json (weights hash, training data counts, settings).

Counts and losses are printed; never text. Deterministic for a seed on one machine (spaCy's
``fix_random_seed``); 2 CPU cores are enough (~10-15 min for the shipped model).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from deid.learned.corpus import examples, training_windows
from deid.learned.network import COMPONENT, blank_pipeline
from deid.learned.version import write_version
from deid.resources import data_file, load_data

TRAINING_CONFIG = data_file(__file__, "training.yaml")


def load_training_config(path: str | Path | None = None) -> dict:
    import copy

    return copy.deepcopy(load_data(Path(path) if path else TRAINING_CONFIG))


def drop_training_strings(model_dir: Path) -> None:
    """Replace the saved string store (every word the tokenizer saw in training) by the tag set:
    the model embeds hashes, so it predicts the same without them, and no training word ships."""
    import json

    from deid.learned.labels import TAGS

    (Path(model_dir) / "vocab" / "strings.json").write_text(json.dumps(list(TAGS)), encoding="utf-8")


def train(config: dict, out: Path, sources: list[tuple[str, list[dict], str]],
          echo: Callable[[str], None] = print) -> dict:
    """Train on ``sources`` (``[(name, gold records, label map name)]``: devsets/training.py
    gathers training.yaml ``data``; tests pass generated notes) and write the model to ``out``
    (replaced only when training succeeds)."""
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch

    training = config["training"]
    fix_random_seed(training["seed"])
    started = time.perf_counter()
    items = training_windows(sources, config["window_chars"], config["negative_keep"], training["seed"])
    if not items:
        raise ValueError("no training windows: the configured sources are empty")
    nlp = blank_pipeline(config["model"])
    train_examples = examples(nlp, items)
    words = sum(len(eg.reference) for eg in train_examples)
    echo(f"training data: {len(items)} windows, {words} tokens, "
         + ", ".join(f"{name} {n}" for name, n in Counter(i.source for i in items).items()))
    optimizer = nlp.initialize(lambda: train_examples)
    optimizer.learn_rate = training["learn_rate"]
    start, stop, rate = training["batch_size"]
    losses_per_epoch = []
    for epoch in range(training["epochs"]):
        losses: dict = {}
        random.Random(training["seed"] + epoch).shuffle(train_examples)
        out_of_time = False
        for batch in minibatch(train_examples, size=compounding(start, stop, rate)):
            nlp.update(batch, drop=training["dropout"], sgd=optimizer, losses=losses)
            if (time.perf_counter() - started) / 60 > training["max_minutes"]:
                out_of_time = True
                break
        losses_per_epoch.append(round(losses.get(COMPONENT, 0.0), 2))
        minutes = (time.perf_counter() - started) / 60
        echo(f"epoch {epoch + 1}/{training['epochs']}: loss {losses_per_epoch[-1]:.1f} ({minutes:.1f} min)")
        if out_of_time:
            echo(f"stopped in epoch {epoch + 1}: max_minutes {training['max_minutes']} passed")
            break
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".learned-", dir=out.parent))
    try:
        nlp.to_disk(staging)
        drop_training_strings(staging)
        record = write_version(staging, {
            "spacy": spacy.__version__,
            "trained_seconds": round(time.perf_counter() - started, 1),
            "epochs": len(losses_per_epoch),
            "losses": losses_per_epoch,
            "windows": len(items),
            "tokens": words,
            "sources": dict(Counter(i.source for i in items)),
            "model": config["model"],
            "training": training,
        })
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return record
