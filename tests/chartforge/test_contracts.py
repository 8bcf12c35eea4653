"""Every artifact a small demo-shaped run writes matches its contract (chartforge/contracts/).

One pass of the steward's path on generated data: demo export (2 patients) -> ingest -> deid
batch (without Prefect, flows/deid_inline.py) -> synthetic run (6 notes, no retrieval, without
Prefect) -> dataset version. The flows themselves are tested in tests/flows.
Each Parquet file is checked column by column against its Arrow schema, each JSON file
against its keys, each file name against contracts.files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from chartforge.config import load_config
from chartforge.contracts import files, schemas
from chartforge.contracts.io import conforms
from chartforge.contracts.lines import evidence_index, evidence_number, number_lines, parse_numbered
from chartforge.contracts.spans import LABELS, Span


def _check(path: Path, schema) -> None:
    assert path.is_file(), path
    assert conforms(pq.read_table(path), schema) == [], path.name


@pytest.fixture(scope="module")
def run_tree(tmp_path_factory):
    """(export dir, ingest dir, batch dir, synth run dir, dataset version dir)."""
    from corpus.build import build_corpus
    from demodata.export import generate_export
    from flows.deid_inline import run_pipeline
    from synth.pipeline import run as synth_run
    from synth.settings import SynthSettings
    from ingest.pipeline import ingest
    from tests.deid.detector_fixtures import shared_detector, shared_verifier

    root = tmp_path_factory.mktemp("contracts")
    config = load_config(environ={"CHARTFORGE__SYNTH__CODIESP_TRAIN": '""',
                                  "CHARTFORGE__PATHS__WORK_DIR": json.dumps(str(root / "work")),
                                  "CHARTFORGE__DEID__SURROGATES__KEY_FILE": json.dumps(str(root / "key"))})
    # every stage is handed this configuration, as the entry points do: none reads the process's
    export = root / "export"
    generate_export(export, 2, 7, formats=("parquet",))
    ingested = root / "ingested"
    ingest([export / "export.parquet"], ingested, config=config)
    batch = Path(run_pipeline([str(ingested)], batches_dir=root / "batches", gold=export / "gold" / "gold.jsonl",
                              detector=shared_detector(), verifier=shared_verifier(), config=config)["batch_dir"])
    run, _ = synth_run(SynthSettings.from_config(config, notes=6, chunk_notes=3, runs_dir=str(root / "runs"),
                                                 retrieval=False))
    version = build_corpus("contracts", [], [str(run)], config=config, root=root / "datasets").path
    return export, ingested, batch, run, version


@pytest.mark.slow
def test_export_and_ingest_artifacts(run_tree):
    export, ingested, *_ = run_tree
    _check(export / "export.parquet", schemas.EXPORT)
    _check(ingested / files.NOTES, schemas.NOTES)
    _check(ingested / files.QUARANTINE, schemas.INGEST_QUARANTINE)
    _check(ingested / files.DUPLICATES, schemas.DUPLICATES)
    summary = json.loads((ingested / files.INGEST_SUMMARY).read_text())
    assert set(schemas.INGEST_SUMMARY_KEYS) <= set(summary["total"])


@pytest.mark.slow
def test_batch_artifacts(run_tree):
    _, _, batch, *_ = run_tree
    _check(batch / files.NOTES, schemas.DEID_NOTES)
    _check(batch / files.FLAGS, schemas.FLAGS)
    _check(batch / files.QUARANTINE, schemas.BATCH_QUARANTINE)
    sample = pq.read_table(batch / files.REVIEW_SAMPLE)
    assert set(schemas.REVIEW_SAMPLE_COLUMNS) <= set(sample.column_names)
    manifest = json.loads((batch / files.MANIFEST).read_text())
    assert set(schemas.BATCH_MANIFEST_KEYS) <= set(manifest)
    assert (batch / files.GOLD_EVAL).is_file() and "gold" in manifest
    for row in pq.read_table(batch / files.NOTES).to_pylist():
        for surrogate in row["surrogates"]:
            assert surrogate["label"] in LABELS


@pytest.mark.slow
def test_synthetic_run_and_dataset_artifacts(run_tree):
    *_, run, version = run_tree
    _check(run / files.NOTES, schemas.SYNTH_NOTES)
    assert set(schemas.SYNTH_MANIFEST_KEYS) <= set(json.loads((run / files.MANIFEST).read_text()))
    for name in (files.SEEDS, files.COOCCURRENCE):
        assert (run / name).is_file()
    manifest = json.loads((version / files.MANIFEST).read_text())
    assert set(schemas.DATASET_MANIFEST_KEYS) <= set(manifest)
    assert (version / files.MANIFEST_SHA256).is_file()
    # the run keeps evidence as positions in `lines`; the record cites the same lines by number
    run_rows = {row["note_id"]: row for row in pq.read_table(run / files.NOTES).to_pylist()}
    records, cited = 0, 0
    for split in files.SPLITS:
        for line in (version / files.split_jsonl(split)).read_text().splitlines():
            record = json.loads(line)
            assert tuple(record) == schemas.RECORD_KEYS
            output = json.loads(record["output"])
            assert set(output) == set(schemas.OUTPUT_KEYS)
            numbered = parse_numbered(record["input"])  # the one numbering rule reads it back
            run_row = run_rows[record["id"].removeprefix("synth-")]
            run_codes = {code["code"]: code["evidence"] for code in run_row["icd10cm"]}
            for code in output["icd10cm"]:
                assert all(1 <= n <= len(numbered) for n in code["evidence"])
                cited_lines = [numbered[evidence_index(n)] for n in code["evidence"]]
                assert cited_lines == [run_row["lines"][i] for i in sorted(set(run_codes[code["code"]]))]
                cited += bool(cited_lines)
            records += 1
    assert records == sum(manifest["counts"]["per_split"][s]["total"] for s in files.SPLITS) > 0
    assert cited > 0


def test_line_numbering_rule_round_trips():
    lines = ["HPI: cough", "", "Plan: rest"]
    assert number_lines(lines) == "1: HPI: cough\n2: \n3: Plan: rest"
    assert parse_numbered(number_lines(lines)) == lines
    assert [evidence_number(i) for i in range(3)] == [1, 2, 3]
    assert [evidence_index(n) for n in (1, 2, 3)] == [0, 1, 2]
    with pytest.raises(ValueError):
        parse_numbered("2: out of order")


def test_code_spelling_is_one_implementation():
    from chartforge.contracts.codes import dotless, dotted
    from codebooks import normalize
    from corpus.codes import normalize_icd
    from synth import icd

    for raw in ("e1122", " E11.22 ", "I10", "s60.82-"):
        assert normalize_icd(raw) == dotted(raw)
        assert icd.dotless(raw) == dotless(raw).rstrip("-")
    assert dotted("e1122") == "E11.22" and dotless("E11.22") == "E1122"
    assert normalize.dotted is dotted


def test_span_is_the_one_contract():
    from deid import spans

    assert spans.Span is Span and spans.LABELS is LABELS
    with pytest.raises(ValueError):
        Span(0, 3, "NOT_A_LABEL")
