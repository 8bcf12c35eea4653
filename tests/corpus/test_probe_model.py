"""The probe's coder: micro-F1, the held-out part, what it learns and how it decides."""

import pytest

from corpus.probe_model import THRESHOLDS, ModelSettings, ProbeModel, held_out, held_out_documents, micro_f1

WORDS = {"I10": "hypertension", "J45909": "asthma", "E119": "diabetes", "K219": "reflux"}


def _docs(count: int):
    codes = sorted(WORDS)
    ids, texts, labels = [], [], []
    for i in range(count):
        chosen = {codes[i % 4], codes[(i // 4) % 4]}
        ids.append(f"d{i}")
        texts.append(" ".join(["seen today", *(WORDS[c] for c in sorted(chosen)), f"visit {i}"]))
        labels.append(chosen)
    return ids, texts, labels


def test_micro_f1_sums_counts_over_documents_exact_and_by_category():
    gold = [{"I10", "E1122"}, {"J45909"}]
    predicted = [{"I10", "E119"}, set()]
    exact = micro_f1(gold, predicted)
    assert (exact["tp"], exact["fp"], exact["fn"]) == (1, 1, 2)
    assert exact["precision"] == 0.5 and exact["recall"] == round(1 / 3, 4) and exact["f1"] == 0.4
    category = micro_f1(gold, predicted, 3)  # E1122 and E119 meet as E11
    assert (category["tp"], category["fp"], category["fn"]) == (2, 0, 1) and category["f1"] == 0.8


def test_the_held_out_part_depends_on_the_id_only():
    ids = [f"doc-{i}" for i in range(2000)]
    chosen = {i for i in ids if held_out(i, 0.2)}
    assert chosen == {i for i in reversed(ids) if held_out(i, 0.2)}
    assert 300 < len(chosen) < 500  # a fifth of 2,000, by hash
    assert chosen > {i for i in ids if held_out(i, 0.1)}


def test_a_group_is_held_out_whole_and_without_groups_each_document_alone():
    ids = [f"doc-{i}" for i in range(600)]
    groups = [f"g{i // 4}" for i in range(600)]  # a generation group of four notes
    mask = held_out_documents(ids, groups, 0.2)
    by_group: dict[str, set[bool]] = {}
    for g, m in zip(groups, mask):
        by_group.setdefault(g, set()).add(m)
    assert all(len(v) == 1 for v in by_group.values())  # never split
    assert 15 < sum(v == {True} for v in by_group.values()) < 45  # a fifth of 150 groups
    assert held_out_documents(ids, None, 0.2) == [held_out(i, 0.2) for i in ids]
    with pytest.raises(ValueError):
        held_out_documents(ids, groups[:-1], 0.2)


def test_copies_of_fitted_notes_in_the_held_out_part_no_longer_choose_the_threshold():
    """Augmented pairs repeat their group's notes: held out by note, a note's copy sits in the
    fitted part and the held-out scores are as confident as on seen text, so a higher threshold
    wins; held out by group, the held-out notes are unseen, as real notes will be."""
    import random

    rng = random.Random(0)
    words = {**WORDS, "M109": "gout", "N390": "uti"}
    filler = [f"w{i}" for i in range(300)]
    ids, texts, labels, groups = [], [], [], []
    for i in range(120):
        chosen = set(rng.sample(sorted(words), 2))
        text = [words[c] for c in chosen] + rng.sample(filler, 8)
        if rng.random() < 0.5:
            text.append(words[rng.choice(sorted(words))])  # a condition mentioned but not coded
        for copy in range(2):
            ids.append(f"{i}-{copy}")
            texts.append(" ".join(text) + (" again" if copy else ""))
            labels.append(chosen)
            groups.append(f"g{i}")
    by_note = ProbeModel().fit(ids, texts, labels)
    by_group = ProbeModel().fit(ids, texts, labels, groups)
    assert by_group.threshold < by_note.threshold


def test_learns_codes_from_their_words_and_predicts_them_on_unseen_text():
    ids, texts, labels = _docs(64)
    model = ProbeModel().fit(ids, texts, labels)
    assert model.labels == sorted(WORDS)
    assert model.threshold in THRESHOLDS
    predicted = model.predict(["seen today asthma reflux", "seen today hypertension", "seen today diabetes asthma"])
    assert predicted == [{"J45909", "K219"}, {"I10"}, {"E119", "J45909"}]


def test_a_code_below_the_document_floor_is_not_learned_and_a_document_gets_at_least_one_code():
    ids, texts, labels = _docs(40)
    ids.append("rare")
    texts.append("seen today gout")
    labels.append({"M109"})
    model = ProbeModel(ModelSettings(min_label_documents=2)).fit(ids, texts, labels)
    assert "M109" not in model.labels
    assert all(len(codes) >= 1 for codes in model.predict(["nothing this model knows", "gout"]))
    assert ProbeModel(ModelSettings(min_label_documents=1)).fit(ids, texts, labels).labels.count("M109") == 1


def test_no_learnable_code_predicts_nothing():
    model = ProbeModel(ModelSettings(min_label_documents=5)).fit(["a", "b"], ["x y", "y z"], [{"I10"}, {"E119"}])
    assert model.labels == [] and model.predict(["x y"]) == [set()]
