import numpy as np

from codebooks.features import FEATURES
from codebooks.learned_rerank import LearnedReranker, _screened, fit

SIGNAL = 5  # the column that decides the toy labels


def _blocks(rng, queries=120, per_query=12):
    blocks = []
    for _ in range(queries):
        features = rng.random((per_query, len(FEATURES))).astype(np.float32)
        labels = (features[:, SIGNAL] > 0.7).astype(np.int8)
        blocks.append((features, labels))
    return blocks


def test_cascade_learns_a_signal_and_round_trips(tmp_path):
    reranker = fit(_blocks(np.random.default_rng(0)), depth=12, keep=4, trees=40, screen_trees=20)
    assert reranker.screen is not None and reranker.depth == 12
    probe = np.zeros((6, len(FEATURES)), np.float32)
    probe[:, SIGNAL] = [0.95, 0.1, 0.9, 0.2, 0.3, 0.05]
    scores = reranker.scores(probe, counts=[6])
    assert scores[0] > 0.8 and scores[1] < 0.2
    # Rows the screen drops (its two lowest of six with keep=4) rank below every kept row.
    kept = _screened(reranker.screen.predict_proba(probe)[:, 1], np.asarray([6]), keep=4)
    dropped = np.setdiff1d(np.arange(6), kept)
    assert len(dropped) == 2
    assert scores[dropped].max() <= scores[kept].min()
    reranker.save(tmp_path / "r.pkl")
    again = LearnedReranker.load(tmp_path / "r.pkl")
    assert again.keep == 4 and np.allclose(again.scores(probe, counts=[6]), scores)


def test_screen_keeps_the_best_of_each_line_not_of_the_batch():
    screen_scores = np.asarray([0.9, 0.8, 0.7, 0.3, 0.1, 0.2], np.float32)  # line 2 is all weak
    assert _screened(screen_scores, np.asarray([3, 3]), keep=2).tolist() == [0, 1, 3, 5]
    assert _screened(screen_scores, np.asarray([1, 5]), keep=2).tolist() == [0, 1, 2]
