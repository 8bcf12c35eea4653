import numpy as np

from codebooks.features import FEATURES, FeatureBuilder

COLUMN = {name: i for i, name in enumerate(FEATURES)}
TEXTS = {"H01.0": ["Blepharitis"], "H01.01": ["Ulcerative blepharitis"],
         "H01.016": ["Blepharitis, ulcerative, left"], "H01.013": ["Ulcerative blepharitis right eye"],
         "K44.0": ["Hiatal hernia with obstruction"], "K44.1": ["Hiatal hernia with gangrene"]}


def _builder(icd):
    return FeatureBuilder.from_texts(icd, TEXTS)


def test_features_capture_coverage_laterality_and_path(icd):
    ranked = [("H01.016", (0.9, 0.8, 1.0)), ("H01.013", (0.8, 0.7, 0.9))]
    rows = _builder(icd).rows("Blepharitis, ulcerative, left", ranked, ({"H01": 1.0}, {"H01016": 0.5}))
    assert rows.shape == (2, len(FEATURES))
    assert rows[0, COLUMN["laterality"]] == 1.0 and rows[1, COLUMN["laterality"]] == -1.0
    assert rows[0, COLUMN["line_in_texts"]] == 1.0
    assert rows[0, COLUMN["last_in_title"]] == 1.0 and rows[1, COLUMN["last_in_title"]] == 0.0
    assert rows[0, COLUMN["path_code"]] == 0.5 and rows[1, COLUMN["path_code"]] == 0.0
    # Both share the parent H01.01, under which half of the neighbourhood lies.
    assert rows[1, COLUMN["path_parent"]] == 0.5
    assert rows[1, COLUMN["gap_to_top"]] > 0


def test_with_and_without_disagree(icd):
    # K44.0 is "... with obstruction, without gangrene"; K44.1 "... with gangrene".
    ranked = [("K44.0", (0.9, 0.9, 0.9)), ("K44.1", (0.8, 0.8, 0.8))]
    rows = _builder(icd).batch(["Hernia, hiatal, with gangrene", "hiatal hernia without gangrene"],
                               [ranked, ranked], [({}, {}), ({}, {})])
    assert rows[:, COLUMN["without_conflict"]].tolist() == [1.0, 0.0, 0.0, 1.0]


def test_evidence_propagates_between_relatives_of_the_same_line_only(icd):
    first = [("H01.016", (0.9, 0, 0)), ("H01.01", (0.6, 0, 0)), ("H01.0", (0.7, 0, 0)), ("K44.1", (0.5, 0, 0))]
    second = [("H01.013", (0.4, 0, 0))]
    rows = _builder(icd).batch(["a", "b"], [first, second], [({}, {}), ({}, {})])
    parent, child = rows[:, COLUMN["parent_best"]], rows[:, COLUMN["child_best"]]
    assert parent[0] == np.float32(0.7)          # H01.016 <- best of H01.01 (0.6), H01.0 (0.7)
    assert child[1] == np.float32(0.9) and child[2] == np.float32(0.9)  # H01.01, H01.0 <- H01.016
    assert parent[3] == 0.0 and child[3] == 0.0  # K44.1 has no relatives listed
    assert parent[4] == 0.0                      # H01.013's relatives are in another line
    assert rows[0, COLUMN["category_share"]] == 0.75


def test_batch_equals_rows_line_by_line(icd):
    builder = _builder(icd)
    lines = ["Blepharitis, ulcerative, right", "hernia with gangrene"]
    lists = [[("H01.013", (0.9, 0.8, 0.7)), ("H01.0", (0.5, 0.4, 0.3))], [("K44.1", (0.7, 0.6, 0.5))]]
    together = builder.batch(lines, lists, [({}, {}), ({}, {})])
    apart = np.vstack([builder.rows(line, ranked, ({}, {})) for line, ranked in zip(lines, lists)])
    assert np.allclose(together, apart)
