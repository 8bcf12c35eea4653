"""ingest/formats.py: extension proposes, content decides."""

import gzip
import json

import pytest

from ingest import formats
from ingest.formats import detect_format
from tests.ingest import exports


@pytest.mark.parametrize("name, expected", [
    ("export.csv", formats.CSV), ("export.jsonl", formats.JSONL), ("export.parquet", formats.PARQUET),
    ("bundle.json", formats.FHIR_BUNDLE), ("documentreference.ndjson", formats.FHIR_NDJSON),
    ("composition.json", formats.FHIR_BUNDLE)])
def test_every_export_file_is_recognised(export_dir, name, expected):
    assert detect_format(export_dir / name).format == expected


def test_content_wins_over_a_misleading_name(export_dir, tmp_path):
    for source, expected in [("export.parquet", formats.PARQUET), ("documentreference.ndjson", formats.FHIR_NDJSON),
                             ("export.jsonl", formats.JSONL), ("export.csv", formats.CSV)]:
        renamed = tmp_path / "data.dat"
        renamed.write_bytes((export_dir / source).read_bytes())
        assert detect_format(renamed).format == expected, source


def test_minified_bundle_on_one_line_is_a_bundle(tmp_path):
    path = tmp_path / "b.ndjson"
    path.write_text(json.dumps(exports.bundle([exports.document_reference(exports.records()[0])])) + "\n")
    assert detect_format(path).format == formats.FHIR_BUNDLE


def test_binary_compressed_and_empty_files(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"a,b\n\x00\x01\x02")
    (tmp_path / "b.jsonl").write_bytes(gzip.compress(b"{}"))
    (tmp_path / "c.csv").write_bytes(b"")
    assert detect_format(tmp_path / "a.csv") == formats.Detection(None, "E106", "contains NUL bytes")
    assert detect_format(tmp_path / "b.jsonl").error_code == "E106"
    assert detect_format(tmp_path / "c.csv").error_code == "E105"


def test_utf16_csv_is_text_not_binary(tmp_path):
    path = exports.write_csv(tmp_path / "x.csv", exports.records(), encoding="utf-16")
    assert detect_format(path).format == formats.CSV


def test_ndjson_with_lines_longer_than_the_sniffed_bytes(tmp_path):
    rows = exports.records()
    rows[0]["text"] = "x" * 100_000  # base64 of this is well past the 64 KiB sniff window
    path = tmp_path / "resources.json"
    path.write_text("".join(json.dumps(exports.document_reference(r)) + "\n" for r in rows))
    assert detect_format(path).format == formats.FHIR_NDJSON


@pytest.mark.parametrize("text_size", [10, 100_000])
def test_bundle_whose_resource_type_key_comes_last(tmp_path, text_size):
    document = exports.bundle([exports.document_reference(dict(exports.records()[0], text="y" * text_size))])
    reordered = {"entry": document["entry"], "type": "collection", "resourceType": "Bundle"}
    path = tmp_path / "b.json"
    path.write_text(json.dumps(reordered, indent=2))
    assert detect_format(path).format == formats.FHIR_BUNDLE


def test_a_json_array_is_not_supported(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(exports.records()))
    assert detect_format(path).error_code == "E107"


def test_a_single_pretty_printed_resource_is_not_supported(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(exports.document_reference(exports.records()[0]), indent=2))
    assert detect_format(path).error_code == "E107"
    one_line = tmp_path / "one.ndjson"
    one_line.write_text(json.dumps(exports.document_reference(exports.records()[0])))
    assert detect_format(one_line).format == formats.FHIR_NDJSON
