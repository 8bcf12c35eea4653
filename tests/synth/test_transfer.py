import json

import pytest

from chartforge.errors import ChartforgeError
from synth import transfer
from synth.label.labeller import Labeller

from tests.synth.label.test_labeller import FakeRetriever


def test_transfer_scores_labeller_and_baseline_on_coded_documents(tmp_path, small_index):
    path = tmp_path / "dev.jsonl"
    docs = [{"id": "d1", "text": "Known hypertension.\nNo evidence of pneumonia.\nGallstones on ultrasound.",
             "codes_dx": ["I10", "K80.20"], "codes_px": []},
            {"id": "d2", "text": "Chest pain at rest.", "codes_dx": ["R07.9"], "codes_px": []}]
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    loaded = transfer.read_codiesp(path)
    labeller = Labeller(small_index, retriever=FakeRetriever(), min_score=0.9, min_lexical=0.9)
    report = transfer.transfer(loaded, labeller, baseline_k=1)
    lab = report["labeller"]["exact"]
    assert (lab["tp"], lab["fp"], lab["fn"]) == (3, 0, 0)  # I10 (term), K80.20 (retrieval), R07.9 (term)
    base = report["baseline"]["exact"]
    assert report["baseline"]["k"] == 1 and base["tp"] == 2 and base["fn"] == 1


def test_missing_or_malformed_data_is_an_input_error(tmp_path):
    with pytest.raises(ChartforgeError) as err:
        transfer.read_codiesp(tmp_path / "absent.jsonl")
    assert err.value.code == "E504"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    with pytest.raises(ChartforgeError) as err:
        transfer.read_codiesp(bad)
    assert "line 1" in str(err.value)
