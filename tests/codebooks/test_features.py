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


def test_a_silent_line_gets_the_without_default_and_not_is_a_negation(icd):
    # E05.20 "... goiter without thyrotoxic crisis or storm" asks nothing the line does not
    # say but "toxic"; E05.21 "... with thyrotoxic crisis or storm" asks for three more words.
    texts = {"E05.20": ["Thyrotoxicosis, toxic goiter"], "E05.21": ["Thyrotoxicosis, crisis"],
             "G40.822": ["Spasms, epileptic"], "G40.824": ["Spasms, epileptic, intractable"]}
    builder = FeatureBuilder.from_texts(icd, texts)
    goiter = [("E05.20", (0.5, 0, 0)), ("E05.21", (0.5, 0, 0))]
    spasms = [("G40.822", (0.5, 0, 0)), ("G40.824", (0.5, 0, 0))]
    rows = builder.batch(["Thyrotoxicosis, with, goiter, multinodular", "Epilepsy, spasms, intractable"],
                         [goiter, spasms], [({}, {}), ({}, {})])
    required = rows[:, COLUMN["extra_title_required"]].tolist()
    assert required[:2] == [1.0, 4.0]
    # "not intractable" in G40.822's title contradicts a line saying "intractable".
    assert rows[2:, COLUMN["without_conflict"]].tolist() == [1.0, 0.0]


def test_stems_match_an_adjective_to_its_noun_but_not_a_different_word(icd):
    texts = {"B54": ["Malaria"], "B50.8": ["Malaria, falciparum, severe"], "E87.5": ["Hyperkalemia"],
             "I10": ["Hypertension"]}
    builder = FeatureBuilder.from_texts(icd, texts)
    ranked = [("B54", (0.5, 0, 0)), ("B50.8", (0.5, 0, 0)), ("E87.5", (0.5, 0, 0)), ("I10", (0.5, 0, 0))]
    rows = builder.batch(["Splenitis, malarial"], [ranked], [({}, {})])
    stem = rows[:, COLUMN["line_in_title_stem"]].tolist()
    assert rows[0, COLUMN["line_in_title"]] == 0.0 and stem[0] == 0.5  # "malarial" ~ "malaria", not "splenitis"
    assert rows[0, COLUMN["title_in_line_stem"]] > rows[1, COLUMN["title_in_line_stem"]]  # B54 asks for less
    rows = builder.batch(["Hypertensive"], [ranked], [({}, {})])
    assert rows[3, COLUMN["line_in_title_stem"]] == 1.0 and rows[2, COLUMN["line_in_title_stem"]] == 0.0
