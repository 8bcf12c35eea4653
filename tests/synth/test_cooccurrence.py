import random

import pyarrow as pa
import pyarrow.parquet as pq

from synth import cooccurrence, icd


def _model(profiles=None):
    model = cooccurrence.CooccurrenceModel(profiles or [])
    model.learn([["E11.9", "I10", "E78.5"], ["E119", "I10"], ["I10", "J18.9"], ["NOT-A-CODE", "E11.9"]], "test")
    return model


def test_learning_normalizes_codes_and_counts_pairs():
    model = _model()
    assert model.counts["E11.9"] == 3 and model.pairs["E11.9"]["I10"] == 2
    assert "NOT-A-CODE" not in model.counts
    assert model.candidates("E11.9")["I10"] == cooccurrence.LEARNED_CAP


def test_curated_profile_beats_learned_probability_and_draw_is_deterministic(small_index):
    profile = cooccurrence.Profile("dm", ["E11"], {"N18.31": 1.0, "E10.9": 1.0, "E78.5": 1.0}, ["R07.9"])
    model = _model([profile])
    first = model.draw("E11.22", random.Random(3), small_index.writable)
    assert first == model.draw("E11.22", random.Random(3), small_index.writable)
    assert "N18.31" in first["codes"]
    # E10.9 is Excludes1 with type 2 diabetes: drawn with probability 1, still rejected
    assert "E10.9" not in first["codes"]
    assert {"code": "E10.9", "reason": "Excludes1 with a drawn code"} in first["rejected"]
    assert model.traps("E11.22") == ["R07.9"]


def test_draw_applies_combination_codes(small_index):
    profile = cooccurrence.Profile("hf", ["I50"], {"I10": 1.0}, [])
    drawn = cooccurrence.CooccurrenceModel([profile]).draw("I50.32", random.Random(0), small_index.writable)
    assert drawn["codes"] == ["I11.0", "I50.32"] and drawn["combinations"] == ["I10+I50.32->I11.0"]


def test_manifestation_needs_its_etiology(small_index):
    assert cooccurrence.admissible("G63", ["I10"], small_index.writable) == "manifestation without its code-first etiology"
    assert not icd.is_manifestation_only("E11.42")


def test_batch_codes_are_read_from_the_codes_column_only(tmp_path):
    path = tmp_path / "notes.parquet"
    pq.write_table(pa.table({"text": ["PHI-LIKE TEXT John Smith"], "codes": [["ICD10CM:E11.9", "CPT:99213", "ICD10CM:I10"]]}), path)
    assert cooccurrence.read_batch_codes(path) == [["ICD10CM:E11.9", "ICD10CM:I10"]]
    model = cooccurrence.build_model(None, [path])
    assert model.pairs["E11.9"]["I10"] == 1 and model.sources == ["batch:" + tmp_path.name + ": 1 documents"]


def test_default_seeds_reach_curated_codes(small_index):
    model = cooccurrence.build_model(None)
    reach = model.reachable(["E11.22", "I50.32"], small_index.writable)
    assert {"E11.22", "I50.32", "N18.31", "I48.0"} <= reach


def test_uncomplicated_diabetes_never_joins_a_complication(small_index):
    reason = "diabetes without complications beside a complication"
    assert cooccurrence.admissible("E11.9", ["E11.22"], small_index.writable) == reason
    assert cooccurrence.admissible("E11.42", ["E11.9"], small_index.writable) == reason
    assert cooccurrence.admissible("E11.42", ["E11.22"], small_index.writable) is None
