import numpy as np

from codebooks.features import FEATURES, FeatureBuilder
from codebooks.learned_rerank import LearnedReranker, fit


def test_features_capture_coverage_and_laterality(icd):
    builder = FeatureBuilder(icd, {"H01.016": ["Blepharitis, ulcerative, left"]})
    ranked = [("H01.016", (0.9, 0.8, 1.0)), ("H01.013", (0.8, 0.7, 0.9))]
    rows = builder.rows("Blepharitis, ulcerative, left", ranked, ({"H01": 1.0}, {"H01016": 0.5}))
    column = {name: i for i, name in enumerate(FEATURES)}
    assert rows.shape == (2, len(FEATURES))
    assert rows[0, column["laterality"]] == 1.0 and rows[1, column["laterality"]] == -1.0
    assert rows[0, column["line_in_texts"]] == 1.0
    assert rows[0, column["path_code"]] == 0.5 and rows[1, column["path_code"]] == 0.0
    assert rows[1, column["gap_to_top"]] > 0


def test_fit_learns_a_signal_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    features = rng.random((600, len(FEATURES))).astype(np.float32)
    labels = (features[:, 5] > 0.7).astype(np.int8)  # "line_in_title" decides
    reranker = fit(features, labels, max_iter=40)
    probe = np.zeros((2, len(FEATURES)), np.float32)
    probe[0, 5], probe[1, 5] = 0.95, 0.1
    assert reranker.scores(probe)[0] > 0.8 > 0.2 > reranker.scores(probe)[1]
    reranker.save(tmp_path / "r.pkl")
    again = LearnedReranker.load(tmp_path / "r.pkl")
    assert np.allclose(again.scores(probe), reranker.scores(probe))
