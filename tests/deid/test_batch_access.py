"""Batch file modes: owner-only until the gate passes, PHI-bearing files owner-only for good."""

from __future__ import annotations

from deid.batch_access import close_batch, open_batch

FILES = ("notes.parquet", "flags.parquet", "quarantine.parquet", "gold_eval.json", "manifest.json",
         "gate.json", "review_sample.parquet")


def _modes(folder):
    return {p.name: oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}


def test_open_after_a_passed_gate_then_closed_again(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir(mode=0o755)
    for name in FILES:
        (batch / name).write_text("x")
        (batch / name).chmod(0o644)
    close_batch(batch)
    assert oct(batch.stat().st_mode & 0o777) == "0o700" and set(_modes(batch).values()) == {"0o600"}
    open_batch(batch)
    assert oct(batch.stat().st_mode & 0o777) == "0o755"
    assert _modes(batch) == {"notes.parquet": "0o600", "flags.parquet": "0o600", "quarantine.parquet": "0o600",
                             "gold_eval.json": "0o600", "manifest.json": "0o644", "gate.json": "0o644",
                             "review_sample.parquet": "0o644"}
    close_batch(batch)
    assert oct(batch.stat().st_mode & 0o777) == "0o700" and set(_modes(batch).values()) == {"0o600"}
