"""Publishing a version: content-hash version, idempotent, read-only, atomic, reconciled."""

import json
import os
import stat

import polars as pl
import pytest

from chartforge.config import load_config
from corpus.build import build_corpus
from tests.corpus.factories import write_deid_batch


def test_two_builds_of_the_same_inputs_give_the_same_version(tmp_path, batch, run):
    first = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "a")
    # A different output root: the version depends on content only, not on where it goes.
    second = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "b")
    assert first.version == second.version
    for name in ("train.jsonl", "test.jsonl", "validation.jsonl"):
        assert (first.path / name).read_bytes() == (second.path / name).read_bytes()


def test_a_second_build_is_a_no_op(built, tmp_path, batch, run):
    before = {p.name: p.stat().st_mtime_ns for p in built.path.iterdir()}
    again = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "datasets")
    assert (again.version, again.created) == (built.version, False)
    assert {p.name: p.stat().st_mtime_ns for p in built.path.iterdir()} == before
    assert [p.name for p in built.path.parent.iterdir()] == [built.version]  # no temp dir left


def test_changed_inputs_or_config_change_the_version(tmp_path, batch, run):
    base = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "d")
    config = load_config(environ={"CHARTFORGE__CORPUS__TEST_FRACTION": "0.2"})
    other_config = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "d", config=config)
    only_batch = build_corpus("demo", [str(batch)], [], root=tmp_path / "d")
    assert len({base.version, other_config.version, only_batch.version}) == 3


def test_files_are_read_only(built):
    assert stat.S_IMODE(built.path.stat().st_mode) == 0o555
    for path in built.path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o444, path.name
    # (No write attempt: the test may run as root, which ignores permission bits.)


def test_a_failed_build_leaves_no_version_and_no_temp_dir(tmp_path, batch, run, monkeypatch):
    import corpus.build

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(corpus.build, "render_card", explode)
    with pytest.raises(OSError):
        build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "datasets")
    assert list((tmp_path / "datasets" / "demo").iterdir()) == []


def test_counts_reconcile_and_files_are_hashed(built):
    manifest = json.loads((built.path / "manifest.json").read_text())
    counts = manifest["counts"]
    assert counts["records_in"] == 40 + 36
    assert counts["records_in"] == counts["records"] + counts["excluded"] + counts["near_duplicates_removed"]
    assert sum(s["total"] for s in counts["per_split"].values()) == counts["records"]
    assert counts["per_source"]["deid"] + counts["per_source"]["synth"] == counts["records"]
    rows = sum(pl.read_parquet(built.path / f"{s}.parquet").height for s in ("train", "validation", "test"))
    assert rows == counts["records"]
    assert set(manifest["files"]) == {p.name for p in built.path.iterdir()} - {"manifest.json", "manifest.sha256"}
    assert manifest["embedding_models"] == ["all-MiniLM-L6-v2"] and manifest["index_hashes"] == ["deadbeef"]
    assert sorted(manifest["flow_run_ids"]["inputs"]) == ["fr-deid-1", "fr-synth-1"]
    # Fixture: Q99.99X does not exist; 74300 is bundled into 47563 (demo NCCI edit). Both reported.
    assert {d["reason"] for d in manifest["dropped_codes"]} == {"not a valid ICD-10-CM code", "NCCI: bundled into 47563"}


def test_parquet_has_typed_columns_and_lineage(built):
    frame = pl.read_parquet(built.path / "train.parquet")
    assert frame.schema["icd10cm"] == pl.List(pl.Struct({"code": pl.String, "description": pl.String,
                                                         "confidence": pl.Float64, "evidence": pl.List(pl.Int32)}))
    assert set(frame["source"].unique()) <= {"deid", "synth"}
    assert set(frame["lineage_id"].unique()) <= {"b1", "r1"}
    assert frame["note_id"].null_count() == 0


def test_ncci_bundled_code_becomes_a_note(tmp_path):
    batch = write_deid_batch(tmp_path / "b", "b1", ["P1"], codes=[["ICD10CM:K80.20", "CPT:47563", "CPT:74300"]])
    result = build_corpus("n", [str(batch)], [], root=tmp_path / "d")
    (record,) = [json.loads(line) for s in ("train", "validation", "test")
                 for line in (result.path / f"{s}.jsonl").read_text().splitlines()]
    output = json.loads(record["output"])
    assert [c["code"] for c in output["cpt"]] == ["47563"]
    assert output["notes"] == ["do not code 74300 separately with 47563"]
    assert output["icd10cm"][0] == {"code": "K80.20", "confidence": 1.0, "evidence": [],
                                    "description": output["icd10cm"][0]["description"]}


def test_the_same_note_in_two_inputs_is_refused(tmp_path):
    first = write_deid_batch(tmp_path / "b", "b1", ["P1"], note_prefix="same")
    second = write_deid_batch(tmp_path / "b", "b2", ["P1"], note_prefix="same")
    (second / "notes.parquet").write_bytes((first / "notes.parquet").read_bytes())
    from chartforge.errors import ChartforgeError

    with pytest.raises(ChartforgeError) as caught:
        build_corpus("n", [str(first), str(second)], [], root=tmp_path / "d")
    assert caught.value.code == "E605"
    assert not (tmp_path / "d" / "n").exists() or not any((tmp_path / "d" / "n").iterdir())


def test_a_killed_builds_leftover_is_cleaned_up_by_the_next_build(tmp_path, batch, run):
    stale = tmp_path / "datasets" / "demo" / ".build-0123-abcd"
    stale.mkdir(parents=True)
    (stale / "train.jsonl").write_text("partial")
    os.utime(stale, (0, 0))  # an old leftover, not a build in progress
    fresh = tmp_path / "datasets" / "demo" / ".build-4567-efgh"
    fresh.mkdir()
    result = build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "datasets")
    assert not stale.exists() and fresh.exists()
    assert sorted(p.name for p in result.path.parent.iterdir()) == [".build-4567-efgh", result.version]
