"""The corpus utility probe on a synthetic run's notes (corpus/synth_probe.py)."""

import json

import polars as pl

from chartforge.config import load_config
from chartforge.contracts import files
from corpus.synth_probe import utility_probe

CONDITIONS = {"I10": "high blood pressure", "E11.9": "type 2 diabetes", "J45.909": "asthma", "K21.9": "reflux"}


def _write_real(path, rows):
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": t, "codes_dx": c}) + "\n"
                            for i, (t, c) in enumerate(rows)), encoding="utf-8")
    return path


def test_the_probe_trains_on_the_runs_notes_held_out_by_generation_group(tmp_path):
    codes = sorted(CONDITIONS)
    rows = []
    for i in range(80):
        pair = [codes[i % 4], codes[(i // 4) % 4]]
        rows.append({"note_id": f"n{i}", "group_id": f"g{i // 4}",
                     "text": f"Seen for {CONDITIONS[pair[0]]} and {CONDITIONS[pair[1]]}, visit {i}.",
                     "icd10cm": [{"code": c} for c in sorted(set(pair))]})
    run = tmp_path / "run"
    run.mkdir()
    pl.DataFrame(rows).write_parquet(run / files.NOTES)
    real = _write_real(tmp_path / "dev.jsonl", [("Known asthma and reflux.", ["J45.909", "K21.9"]),
                                                 ("Type 2 diabetes.", ["E11.9"])])
    real_train = _write_real(tmp_path / "train.jsonl", [(f"{CONDITIONS[c]} case {i}", [c])
                                                        for i, c in enumerate(codes * 6)])
    config = load_config(environ={"CHARTFORGE__CORPUS__PROBE__REAL": json.dumps(str(real)),
                                  "CHARTFORGE__CORPUS__PROBE__REAL_TRAIN": json.dumps(str(real_train)),
                                  "CHARTFORGE__CORPUS__PROBE__CACHE_DIR": json.dumps(str(tmp_path / "cache"))})
    report = utility_probe(run, config)
    assert report["missing"] is None
    assert report["corpus"]["documents"] == 80 and report["real"]["documents"] == 2
    assert report["corpus"]["exact"]["f1"] > 0.5  # it learned the conditions' words
    assert set(report["ratio"]) == {"exact", "category"}


def test_without_real_notes_the_probe_says_why(tmp_path):
    config = load_config(environ={"CHARTFORGE__CORPUS__PROBE__REAL": json.dumps(str(tmp_path / "none.jsonl"))})
    assert "not found" in utility_probe(tmp_path, config)["missing"]
