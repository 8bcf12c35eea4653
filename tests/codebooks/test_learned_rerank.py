import numpy as np

from codebooks.features import FEATURES
from codebooks.learned_rerank import LearnedReranker, fit


def test_fit_learns_a_signal_and_round_trips(tmp_path):
    rng = np.random.default_rng(0)
    features = rng.random((600, len(FEATURES))).astype(np.float32)
    labels = (features[:, 5] > 0.7).astype(np.int8)
    reranker = fit(features, labels, depth=20, max_iter=40)
    probe = np.zeros((2, len(FEATURES)), np.float32)
    probe[0, 5], probe[1, 5] = 0.95, 0.1
    assert reranker.scores(probe)[0] > 0.8 > 0.2 > reranker.scores(probe)[1]
    reranker.save(tmp_path / "r.pkl")
    again = LearnedReranker.load(tmp_path / "r.pkl")
    assert again.depth == 20
    assert np.allclose(again.scores(probe), reranker.scores(probe))
