"""Corpus benchmark: build throughput (notes/s), peak RSS, and eval throughput.

    python -m bench.corpus --notes 20000        (make bench-corpus)

Writes a gated de-identified batch (random clinical-vocabulary notes, 30 lines each, with
5% cross-patient near-copies so near-duplicate removal has work) and a synthetic run, then
runs `chartforge corpus build` and `chartforge corpus eval` (gold predictions) in child
processes; peak RSS comes from os.wait4 (the child's own rusage).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from chartforge.contracts import files

VOCAB = ("patient reports chest pain shortness of breath denies fever cough nausea vomiting abdominal "
         "tenderness hypertension diabetes mellitus chronic kidney disease stable continue metformin "
         "lisinopril follow up clinic weeks labs ordered glucose creatinine elevated normal exam lungs "
         "clear heart regular rhythm murmur edema bilateral lower extremities plan discussed").split()
CODES = [["ICD10CM:I10"], ["ICD10CM:E11.22", "ICD10CM:N18.3"], ["ICD10CM:R07.9", "CPT:93000"], ["ICD10CM:J20.9"]]
GATE = {"status": "passed", "reviewed": 598, "findings": 0, "upper_bound": 0.0049, "target": 0.005,
        "confidence": 0.95, "decided_at": "2026-01-01T00:00:00+00:00", "decided_by": "bench"}


def note(rng: random.Random) -> str:
    return "\n".join(" ".join(rng.choices(VOCAB, k=rng.randint(6, 14))) for _ in range(30))


def write_inputs(root: Path, notes: int, seed: int) -> tuple[Path, Path]:
    rng = random.Random(seed)
    texts = [note(rng) for _ in range(notes // 2)]
    for i in range(0, len(texts), 20):  # 5% near-copies (one extra line) of another patient's note
        texts[i] = texts[(i + 7) % len(texts)] + "\nseen again"
    batch = root / "batch-bench"
    batch.mkdir(parents=True)
    pl.DataFrame({"note_id": [f"d{i:07d}" for i in range(len(texts))],
                  "patient_id": [f"PSEUDO-{i // 3}" for i in range(len(texts))],
                  "note_type": ["progress"] * len(texts), "text": texts,
                  "codes": [CODES[i % len(CODES)] for i in range(len(texts))]}).write_parquet(batch / files.NOTES)
    (batch / files.GATE).write_text(json.dumps(GATE))
    run = root / "run-bench"
    run.mkdir()
    rows = []
    for i in range(notes - len(texts)):
        lines = note(rng).split("\n") + ["assessment essential hypertension"]
        rows.append({"note_id": f"s{i:07d}", "group_id": f"g{i // 5}", "text": "\n".join(lines), "lines": lines,
                     "icd10cm": [{"code": "I10", "description": "", "confidence": 0.9, "evidence": [len(lines) - 1]}],
                     "cpt": [], "notes": []})
    pl.DataFrame(rows).write_parquet(run / files.NOTES)
    return batch, run


def timed(argv: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS MB) of a child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        root = Path(tmp)
        batch, run = write_inputs(root, args.notes, args.seed)
        cli = [sys.executable, "-m", "chartforge", "corpus"]
        datasets = str(root / "datasets")
        build_s, build_mb = timed([*cli, "build", "--name", "bench", "--deid", str(batch), "--synth", str(run),
                                   "--datasets-dir", datasets])
        (version,) = (root / "datasets" / "bench").iterdir()
        manifest = json.loads((version / files.MANIFEST).read_text())
        with open(root / "pred.jsonl", "w") as out:
            for line in (version / files.split_jsonl("train")).read_text().splitlines():
                example = json.loads(line)
                out.write(json.dumps({"id": example["id"], "output": example["output"]}) + "\n")
        eval_s, eval_mb = timed([*cli, "eval", "--version", str(version), "--pred", str(root / "pred.jsonl"),
                                 "--split", "train", "--json", "--datasets-dir", datasets])
        counts = manifest["counts"]
        size_mb = sum(p.stat().st_size for p in version.iterdir()) / 2**20
        print(json.dumps({
            "notes_in": counts["records_in"], "published": counts["records"],
            "near_duplicates_removed": counts["near_duplicates_removed"],
            "build_seconds": round(build_s, 1), "build_notes_per_s": round(counts["records_in"] / build_s, 1),
            "build_peak_rss_mb": round(build_mb), "version_size_mb": round(size_mb, 1),
            "eval_records": counts["per_split"]["train"]["total"], "eval_seconds": round(eval_s, 1),
            "eval_peak_rss_mb": round(eval_mb),
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
