import json

import polars as pl
import pytest

from synth import pipeline
from synth.settings import SynthSettings


@pytest.fixture(scope="module")
def small_run(full_index, tmp_path_factory, synth_config):
    settings = SynthSettings.from_config(synth_config, notes=30, chunk_notes=12, group_size=5, retrieval=False, augment_fraction=0.3,
                                        runs_dir=str(tmp_path_factory.mktemp("runs")))
    out, manifest = pipeline.run(settings)
    return settings, out, manifest


def test_run_writes_the_contract_and_every_intermediate_artifact(small_run):
    _, out, manifest = small_run
    for name in ("seeds.json", "cooccurrence.json", "discards.jsonl", "augmented.jsonl", "duplicates.jsonl",
                 "notes.parquet", "manifest.json"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "chunks").iterdir()) == [
        "generated-0000.jsonl", "generated-0001.jsonl", "generated-0002.jsonl",
        "labelled-0000.jsonl", "labelled-0001.jsonl", "labelled-0002.jsonl"]
    frame = pl.read_parquet(out / "notes.parquet")
    assert frame.columns == ["note_id", "group_id", "text", "lines", "icd10cm", "cpt", "notes"]
    row = frame.row(0, named=True)
    assert set(row["icd10cm"][0]) == {"code", "description", "confidence", "evidence"}
    assert all(0 <= i < len(r["lines"]) for r in frame.iter_rows(named=True) for c in r["icd10cm"] for i in c["evidence"])
    generated = pipeline.read_generated(out)[0]
    assert {"draw", "plan", "template_id", "text", "intended_icd10cm", "traps", "seed"} <= set(generated)
    labelled = pipeline.read_labelled(out)[0]
    assert {"lines", "candidates", "mentions", "icd10cm", "discard"} <= set(labelled)


def test_counts_reconcile_and_files_are_hashed(small_run):
    _, out, manifest = small_run
    c = manifest["counts"]
    assert c["generated"] == 30 == c["labelled"] + c["discarded"]
    assert c["published"] == c["labelled"] + c["augmented_pairs"] - c["duplicates_removed"]
    assert c["augmented_pairs"] == round(0.3 * c["labelled"])
    assert "notes.parquet" in manifest["files"] and manifest["run_id"] == out.name


def test_a_killed_run_resumes_without_duplicates(small_run):
    settings, out, manifest = small_run
    (out / "chunks" / "labelled-0001.jsonl").unlink()
    (out / "notes.parquet").unlink()
    before = (out / "chunks" / "generated-0000.jsonl").stat().st_mtime_ns
    _, again = pipeline.run(settings)
    assert (out / "chunks" / "generated-0000.jsonl").stat().st_mtime_ns == before  # not regenerated
    assert again["counts"] == manifest["counts"] and again["files"]["notes.parquet"] == manifest["files"]["notes.parquet"]


def test_same_settings_same_notes(small_run, tmp_path, synth_config):
    settings, out, _ = small_run
    other = SynthSettings.from_config(synth_config, notes=30, chunk_notes=30, group_size=5, retrieval=False, augment_fraction=0.3,
                                     runs_dir=str(tmp_path))
    assert other.run_id() == settings.run_id()
    out2, _ = pipeline.run(other)
    assert json.loads((out2 / "seeds.json").read_text())["drawn"] == json.loads((out / "seeds.json").read_text())["drawn"]
    assert [g["text"] for g in pipeline.read_generated(out2)] == [g["text"] for g in pipeline.read_generated(out)]


def test_two_worker_processes_write_the_same_run(small_run, tmp_path, synth_config):
    """Chunks generated and labelled in two forked processes: the same run id, chunk files and
    published notes as one process (each note has its own random stream), and a resume."""
    settings, out, manifest = small_run
    two = SynthSettings.from_config(synth_config, notes=30, chunk_notes=12, group_size=5, retrieval=False, runs_dir=str(tmp_path),
                                    workers=2, augment_fraction=0.3)
    assert two.run_id() == settings.run_id()
    ticks = []
    out2, again = pipeline.run(two, progress=ticks.append)
    assert sum(ticks) == 2 * 30
    for name in ("generated-0000.jsonl", "generated-0002.jsonl", "labelled-0001.jsonl", "labelled-0002.jsonl"):
        assert (out2 / "chunks" / name).read_bytes() == (out / "chunks" / name).read_bytes(), name
    assert again["files"]["notes.parquet"] == manifest["files"]["notes.parquet"]
    (out2 / "chunks" / "labelled-0002.jsonl").unlink()
    _, resumed = pipeline.run(two)
    assert resumed["files"]["notes.parquet"] == manifest["files"]["notes.parquet"]


def test_batch_codes_feed_profiles_and_batch_text_never_reaches_the_run(full_index, tmp_path, synth_config):
    import pyarrow as pa
    import pyarrow.parquet as pq

    planted = "Jonathan Q. Pemberton MRN 99887766"
    batch = tmp_path / "batch"
    batch.mkdir()
    pq.write_table(pa.table({"note_id": ["n1", "n2"], "text": [f"{planted} has gout.", f"Seen by {planted}."],
                             "codes": [["ICD10CM:M10.9", "ICD10CM:E78.5"], ["ICD10CM:M10.9", "CPT:99213"]]}),
                   batch / "notes.parquet")
    settings = SynthSettings.from_config(synth_config, notes=8, retrieval=False, runs_dir=str(tmp_path / "runs"), batches=[str(batch)])
    out, _ = pipeline.run(settings)
    assert "batch:batch: 2 documents" in json.loads((out / "cooccurrence.json").read_text())["sources"]
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Pemberton" not in data and b"99887766" not in data, path


def test_run_id_changes_with_settings_and_shipped_rule_files(monkeypatch, synth_config):
    from synth import settings as settings_module

    base = SynthSettings.from_config(synth_config, notes=30, retrieval=False)
    before = base.run_id()
    assert SynthSettings.from_config(synth_config, notes=31, retrieval=False).run_id() != before
    assert SynthSettings.from_config(synth_config, notes=30, retrieval=False, runs_dir="elsewhere").run_id() == before
    monkeypatch.setattr(settings_module, "generator_files_hash", lambda: "edited-templates")
    assert base.run_id() != before


def test_the_generator_hash_covers_code_as_well_as_rule_files(tmp_path, monkeypatch):
    """A code-only change (a fix in engine.py) gives a new run id, so an older run directory
    is not resumed as this version's output."""
    from synth import settings as settings_module

    package = tmp_path / "synth"
    (package / "generate").mkdir(parents=True)
    (package / "settings.py").write_text("# settings\n")
    (package / "generate" / "engine.py").write_text("x = 1\n")
    monkeypatch.setattr(settings_module, "__file__", str(package / "settings.py"))
    before = settings_module.generator_files_hash()
    (package / "generate" / "engine.py").write_text("x = 2\n")
    assert settings_module.generator_files_hash() != before


def test_a_note_whose_labels_differ_from_its_intended_codes_is_discarded():
    generated = {"intended_icd10cm": ["I10", "E11.9"], "intended_cpt": ["99213"]}

    def labelled(icd, cpt=("99213",), discard=None):
        return {"icd10cm": [{"code": c} for c in icd], "cpt": [{"code": c} for c in cpt], "discard": discard}

    assert pipeline.mismatch(generated, labelled(["E11.9", "I10"])) is None
    assert pipeline.mismatch(generated, labelled(["I10"])) == pipeline.MISMATCH  # a code not read
    assert pipeline.mismatch(generated, labelled(["I10", "E11.9", "N39.0"])) == pipeline.MISMATCH  # one too many
    assert pipeline.mismatch(generated, labelled(["I10", "E11.9"], cpt=())) == pipeline.MISMATCH
    assert pipeline.mismatch(generated, labelled(["I10"], discard="no codable diagnosis found")) == \
        "no codable diagnosis found"  # the labeller's own reason comes first


def test_published_notes_carry_exactly_their_intended_codes(small_run):
    _, out, _ = small_run
    intended = {g["note_id"]: set(g["intended_icd10cm"]) for g in pipeline.read_generated(out)}
    singles = [r for r in pl.read_parquet(out / "notes.parquet").iter_rows(named=True) if r["note_id"] in intended]
    assert singles and all({c["code"] for c in r["icd10cm"]} == intended[r["note_id"]] for r in singles)
