"""ingest/pipeline.py: every format gives the same notes; counts reconcile; output is atomic."""

from __future__ import annotations

import pytest

from chartforge.ids import content_hash, note_id
from ingest.pipeline import OUTPUTS, ingest
from tests.ingest import exports
from tests.ingest.helpers import assert_reconciled, run, table


def _comparable(notes):
    return sorted((n["note_id"], n["source_row_id"], n["patient_id"], n["encounter_id"], n["note_type"],
                   n["note_date"], n["text"], tuple(n["codes"]), tuple((s["name"], s["start"], s["end"]) for s in n["sections"]))
                  for n in notes)


@pytest.mark.parametrize("name", sorted(exports.WRITERS))
def test_each_format_gives_the_expected_notes(export_dir, tmp_path, config, name):
    out = tmp_path / "out"
    summary, errors = run([export_dir / name], out, config)
    assert errors == []
    notes = table(out, "notes")
    expected = exports.records()
    assert [n["note_id"] for n in notes] == [note_id(exports.SOURCE, r["row_id"]) for r in expected]
    assert [n["text"] for n in notes] == [r["text"] for r in expected]
    assert [n["codes"] for n in notes] == [r["codes"] for r in expected]
    assert [str(n["note_date"]) for n in notes] == [r["note_date"] for r in expected]
    assert [n["note_type"] for n in notes] == [r["note_type"] for r in expected]
    assert all(n["content_hash"] == content_hash(n["text"]) for n in notes)
    assert [s["name"] for s in notes[0]["sections"]] == ["chief_complaint", "hpi", "medications", "assessment_plan"]
    assert assert_reconciled(out)["written"] == 4


def test_all_formats_together_keep_one_copy_and_record_the_rest(export_dir, tmp_path, config):
    out = tmp_path / "out"
    sources = [export_dir / name for name in sorted(exports.WRITERS)]
    run(sources, out, config)
    total = assert_reconciled(out)
    assert (total["read"], total["written"], total["duplicates"]) == (24, 4, 20)
    first = _comparable(table(out, "notes"))
    duplicates = table(out, "duplicates")
    assert {d["note_id"] for d in duplicates} == {n[0] for n in first}
    assert all(d["duplicate_of"] == d["note_id"] for d in duplicates)


def test_formats_agree_field_by_field(export_dir, tmp_path, config):
    outputs = {}
    for name in exports.WRITERS:
        run([export_dir / name], tmp_path / name, config)
        outputs[name] = _comparable(table(tmp_path / name, "notes"))
    reference = outputs.pop("export.csv")
    for name, notes in outputs.items():
        assert notes == reference, name


def test_same_text_same_patient_is_a_duplicate_but_not_across_patients(tmp_path, config):
    rows = exports.records()[:1]
    copy_same_patient = dict(rows[0], row_id="r1-copy")
    other_patient = dict(rows[0], row_id="r1-other", patient_id="p9")
    path = exports.write_jsonl(tmp_path / "x.jsonl", rows + [copy_same_patient, other_patient])
    run([path], tmp_path / "out", config)
    duplicates = table(tmp_path / "out", "duplicates")
    assert [(d["note_id"], d["duplicate_of"], d["row"]) for d in duplicates] == [
        (note_id(exports.SOURCE, "r1-copy"), note_id(exports.SOURCE, "r1"), 2)]
    assert [n["patient_id"] for n in table(tmp_path / "out", "notes")] == ["p1", "p9"]


def test_reused_row_id_with_other_text_is_quarantined_not_dropped(tmp_path, config):
    rows = exports.records()[:1]
    path = exports.write_jsonl(tmp_path / "x.jsonl", rows + [dict(rows[0], text="another text entirely")])
    run([path], tmp_path / "out", config)
    quarantine = table(tmp_path / "out", "quarantine")
    assert [(q["error_code"], q["row"]) for q in quarantine] == [("E109", 2)]
    assert_reconciled(tmp_path / "out")


def test_source_default_applies_only_without_a_source_column(tmp_path, config):
    rows = [{k: v for k, v in r.items() if k != "source"} for r in exports.records()]
    path = exports.write_jsonl(tmp_path / "x.jsonl", rows)
    run([path], tmp_path / "out", config, source_name="hospital-a")
    notes = table(tmp_path / "out", "notes")
    assert {n["source"] for n in notes} == {"hospital-a"}
    assert notes[0]["note_id"] == note_id("hospital-a", "r1")


def test_small_chunks_write_several_row_groups(export_dir, tmp_path):
    import pyarrow.parquet as pq

    from chartforge.config import load_config

    config = load_config(environ={"CHARTFORGE__INGEST__CHUNK_ROWS": "1"})
    run([export_dir / "export.jsonl"], tmp_path / "out", config)
    assert pq.ParquetFile(tmp_path / "out" / "notes.parquet").num_row_groups == 4


def test_a_failing_run_leaves_no_output_behind(export_dir, tmp_path, config, monkeypatch):
    import ingest.pipeline as pipeline

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "_route", explode)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        ingest([export_dir / "export.jsonl"], out, config=config)
    assert list(out.iterdir()) == []


def test_outputs_are_all_written(export_dir, tmp_path, config):
    out = tmp_path / "out"
    run([export_dir / "export.csv"], out, config)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)


def test_column_mapping_comes_from_the_config_file(tmp_path):
    from chartforge.config import load_config

    user = tmp_path / "site.toml"
    user.write_text('[ingest]\ndefault_source = "st-elsewhere"\n[ingest.mapping]\nsource = ""\n'
                    'source_row_id = "DOC_ID"\npatient_id = "MRN"\ntext = "NOTE_TEXT"\nnote_date = "SVC_DT"\n'
                    'codes = ""\nencounter_id = "CSN"\nnote_type = "DOC_TYPE"\n')
    path = tmp_path / "site.csv"
    path.write_text('DOC_ID,MRN,CSN,DOC_TYPE,SVC_DT,NOTE_TEXT,codes\n77,m1,c1,Progress,20210304,"HPI: ok",CPT:1\n')
    run([path], tmp_path / "out", load_config(user, environ={}))
    (note,) = table(tmp_path / "out", "notes")
    assert (note["note_id"], note["patient_id"], note["encounter_id"], note["note_type"], str(note["note_date"]),
            note["codes"]) == (note_id("st-elsewhere", "77"), "m1", "c1", "Progress", "2021-03-04", [])


def test_a_reader_crash_quarantines_the_rest_of_that_file_only(export_dir, tmp_path, config, monkeypatch):
    import ingest.pipeline as pipeline
    from ingest import formats

    real = pipeline.READERS[formats.JSONL]

    def crashing(path, ctx):
        for i, record in enumerate(real(path, ctx)):
            if i == 2:
                raise ValueError("Bartholomew Quixley 123-45-6789")  # a library quoting a value
            yield record

    monkeypatch.setitem(pipeline.READERS, formats.JSONL, crashing)
    run([export_dir / "export.jsonl", export_dir / "export.csv"], tmp_path / "out", config)
    (entry,) = table(tmp_path / "out", "quarantine")
    assert (entry["row"], entry["error_code"]) == (3, "E105")
    assert "ValueError" in entry["reason"] and "Quixley" not in entry["reason"]
    assert_reconciled(tmp_path / "out")
