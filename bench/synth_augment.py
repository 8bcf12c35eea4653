"""How many augmented pairs a synthetic run should publish, decided on real notes the final
figure is not measured on.

    python -m bench.synth_augment RUN_DIR [--fractions 0 0.1 0.2 0.3]

A run written with ``[synth] augment_fraction`` f holds its generated notes and then its
concatenated pairs, in the order augmentation drew them: its first k pairs are the pairs a run
with fraction k / notes would have published (augment.augment stops at the wanted count of the
same shuffled candidates; dedupe aside). So one run with the largest fraction answers for the
smaller ones without generating again.

For each fraction the corpus utility probe (corpus/probe_model.py, held out by generation
group) is trained on those notes and scored:

- **selection** on CodiEsp *train*, the corpus's probe beside the real-trained probe's 5-fold
  cross-validated micro-F1 on the same notes (each fold trained on the other four). The
  fraction is chosen here: the one with the highest exact micro-F1 (ties: fewer pairs);
- **report** on CodiEsp dev, the goal's figure, only read after the choice.

Prints one JSON row per fraction and the choice; wall seconds per row. Probe settings from
``[corpus.probe]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from chartforge.offline import configure_offline_environment


def _folds(ids: list[str], k: int) -> list[int]:
    return [int(hashlib.sha256(i.encode()).hexdigest()[:8], 16) % k for i in ids]


def cross_validated(docs, settings, k: int = 5) -> dict:
    """The real-trained probe's micro-F1 on ``docs``, each fold predicted by a probe trained on
    the other folds."""
    from corpus.probe_model import ProbeModel, micro_f1

    folds = _folds(docs.ids, k)
    gold, predicted = [], []
    for fold in range(k):
        train = [i for i, f in enumerate(folds) if f != fold]
        test = [i for i, f in enumerate(folds) if f == fold]
        model = ProbeModel(settings).fit([docs.ids[i] for i in train], [docs.texts[i] for i in train],
                                         [docs.codes[i] for i in train])
        gold += [docs.codes[i] for i in test]
        predicted += model.predict([docs.texts[i] for i in test])
    return {"exact": micro_f1(gold, predicted), "category": micro_f1(gold, predicted, 3)}


def run_documents(run: Path):
    """The run's published notes split into generated notes and pairs (in their written order)."""
    import polars as pl

    from chartforge.contracts import files
    from corpus.probe import Documents, dotless

    frame = pl.read_parquet(run / files.NOTES, columns=["note_id", "group_id", "text", "icd10cm", "notes"])
    rows = frame.to_dicts()
    is_pair = [any(n.startswith("augmented") for n in (r["notes"] or [])) for r in rows]

    def docs(selected):
        return Documents(str(run), [r["note_id"] for r in selected], [r["text"] for r in selected],
                         [{dotless(c["code"]) for c in r["icd10cm"]} for r in selected],
                         [r["group_id"] for r in selected])
    return [r for r, p in zip(rows, is_pair) if not p], [r for r, p in zip(rows, is_pair) if p], docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a finished synth run directory (written with the largest fraction)")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.0, 0.1, 0.2, 0.3])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    configure_offline_environment()

    from corpus.probe import real_documents, train_and_score
    from corpus.probe_model import ProbeModel, micro_f1
    from corpus.settings import probe_settings

    settings = probe_settings()
    if settings.real is None or settings.real_train is None or not settings.real_train.is_file():
        print("error: [corpus.probe] real and real_train must name the real coded notes", file=sys.stderr)
        return 3
    train, dev = real_documents(settings.real_train), real_documents(settings.real)
    base, pairs, docs = run_documents(args.run)
    started = time.perf_counter()
    reference = {"selection": cross_validated(train, settings.model, args.folds),
                 "report": train_and_score(train, dev, settings.model)}
    print(json.dumps({"real_trained": {"selection_cv_exact_f1": reference["selection"]["exact"]["f1"],
                                       "report_dev_exact_f1": reference["report"]["exact"]["f1"]},
                      "generated_notes": len(base), "pairs_in_run": len(pairs),
                      "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    rows = []
    for fraction in sorted(set(args.fractions)):
        wanted = round(fraction * len(base))
        if wanted > len(pairs):
            print(json.dumps({"fraction": fraction, "skipped": f"the run holds {len(pairs)} pairs, {wanted} wanted"}))
            continue
        started = time.perf_counter()
        corpus = docs(base + pairs[:wanted])
        model = ProbeModel(settings.model).fit(corpus.ids, corpus.texts, corpus.codes, corpus.groups)
        selection = {"exact": micro_f1(train.codes, model.predict(train.texts))}
        predicted = model.predict(dev.texts)
        report = {"exact": micro_f1(dev.codes, predicted), "category": micro_f1(dev.codes, predicted, 3)}
        row = {"fraction": fraction, "pairs": wanted, "threshold": model.threshold,
               "selection_exact_f1": selection["exact"]["f1"],
               "selection_ratio": round(selection["exact"]["f1"] / reference["selection"]["exact"]["f1"], 4),
               "report_exact_f1": report["exact"]["f1"],
               "report_ratio": round(report["exact"]["f1"] / reference["report"]["exact"]["f1"], 4),
               "report_category_ratio": round(report["category"]["f1"] / reference["report"]["category"]["f1"], 4),
               "seconds": round(time.perf_counter() - started, 1)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    if rows:
        best = max(rows, key=lambda r: (r["selection_exact_f1"], -r["fraction"]))
        print(json.dumps({"chosen_fraction": best["fraction"], "criterion": "highest exact micro-F1 on CodiEsp train "
                          "(ties: fewer pairs)", "selection_ratio": best["selection_ratio"],
                          "report_ratio": best["report_ratio"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
