"""The whole-note text model on small made-up notes."""

import pickle

from synth.label import note_text
from synth.label.note_text import NoteText


def _corpus():
    texts, golds = [], []
    for i in range(12):
        if i % 2:
            texts.append(f"Stung by a ray while fishing, wound on the ankle, case {i}.")
            golds.append({"S91051", "W5689"})
        else:
            texts.append(f"Long standing high blood pressure treated at home, visit {i}.")
            golds.append({"I10"})
    texts.append("A single note about gout.")
    golds.append({"M109"})
    return texts, golds


def test_scores_follow_the_words_of_the_whole_note():
    model = NoteText.fit(*_corpus())
    assert "M109" not in model.labels  # one note only: not learned
    assert "gout" not in model.vectorizer.vocabulary_   # a one-note word is not kept
    assert not getattr(model.vectorizer, "stop_words_", None) and "gout" not in repr(pickle.dumps(model))
    assert {"S91051", "I10", "cat:S91", "cat:I10"} <= set(model.labels)
    sting = model.scores("Ray sting on the ankle after fishing.")
    pressure = model.scores("High blood pressure, treated at home.")
    assert sting["S91051"] > 0.5 > pressure["S91051"]
    assert pressure["I10"] > 0.5 > sting["I10"]
    assert note_text.note_features(sting, "S91051") == (sting["S91051"], sting["cat:S91"])
    assert note_text.note_features(sting, "M109") == (0.0, 0.0)


def test_weights_are_truncated_and_the_model_round_trips(monkeypatch):
    monkeypatch.setattr(note_text, "KEEP_WEIGHTS", 3)
    model = NoteText.fit(*_corpus())
    assert all(model.weights[:, j].nnz <= 3 for j in range(len(model.labels)))
    again = pickle.loads(pickle.dumps(model))
    assert again.scores("ray sting") == model.scores("ray sting")


def test_too_little_data_learns_nothing():
    assert NoteText.fit(["one note"], [{"I10"}]).scores("one note") == {}
