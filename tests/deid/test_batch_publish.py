"""Issue 19 rows 5 and 13: a published batch is owner-only until the gate passes, and the
same export run again into another output folder is published there."""

from __future__ import annotations

import pyarrow.parquet as pq

from tests.deid.test_pipeline import run, setup  # noqa: F401  (setup is a fixture)


def _mode(path):
    return path.stat().st_mode & 0o777


def test_published_batch_is_owner_only(setup):  # noqa: F811
    source, tmp = setup
    batch = tmp / "batches"
    result = run(source, batch)
    folder = batch / result["batch_id"]
    assert _mode(folder) == 0o700
    files = {p.name: _mode(p) for p in folder.iterdir()}
    assert {"notes.parquet", "flags.parquet", "quarantine.parquet", "manifest.json", "review_sample.parquet"} <= set(files)
    assert set(files.values()) == {0o600}, files


def test_rerun_into_another_folder_publishes_there_and_keeps_the_first(setup):  # noqa: F811
    source, tmp = setup
    first = run(source, tmp / "B")
    second = run(source, tmp / "B2")
    assert second["batch_id"] == first["batch_id"]
    assert second["batch_dir"] == str(tmp / "B2" / first["batch_id"])
    ran = [name for name, marker in second["stages"].items() if not marker["skipped"]]
    assert ran == ["publish"]  # detection and the rest resumed; only the new folder is written
    notes = lambda d: pq.read_table(f"{d}/notes.parquet").to_pylist()  # noqa: E731
    assert notes(second["batch_dir"]) == notes(first["batch_dir"])
    assert (tmp / "B2" / first["batch_id"] / "manifest.json").is_file()
    again = run(source, tmp / "B")  # the first folder's batch is still intact: nothing to do
    assert all(marker["skipped"] for marker in again["stages"].values())
