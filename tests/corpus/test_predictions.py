"""PRED files: structural errors name file and line; malformed outputs are scored, not fatal."""

import pytest

from chartforge.errors import ChartforgeError
from corpus.predictions import parse_output, read_predictions


def test_reads_objects_and_json_strings(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a", "output": {"icd10cm": ["I10"]}}\n\n{"id": "b", "output": "{\\"cpt\\": []}"}\n')
    predictions = read_predictions(path)
    assert set(predictions) == {"a", "b"}
    assert parse_output(predictions["a"]) == ({"icd10cm": [{"code": "I10", "evidence": []}], "cpt": [], "notes": []}, True)


@pytest.mark.parametrize("line, reason", [
    ("not json", "not valid JSON"),
    ('{"output": {}}', "string 'id'"),
    ('{"id": "a", "output": {}}\n{"id": "a", "output": {}}', "duplicate id a"),
])
def test_structural_errors_name_the_line(tmp_path, line, reason):
    path = tmp_path / "pred.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(ChartforgeError) as caught:
        read_predictions(path)
    assert caught.value.code == "E606" and reason in str(caught.value) and "line" in str(caught.value)


@pytest.mark.parametrize("output", ["{broken", [1, 2], {"icd10cm": "I10"}, {"icd10cm": [{"code": "I10", "evidence": "3"}]}])
def test_malformed_outputs_parse_as_empty(output):
    assert parse_output(output) == ({"icd10cm": [], "cpt": [], "notes": []}, False)
