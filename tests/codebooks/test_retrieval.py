import pytest

from codebooks.retrieval import Candidate


@pytest.mark.parametrize("line, code", [
    ("Type 2 diabetes mellitus with diabetic chronic kidney disease", "E11.22"),
    ("essential hypertension", "I10"),
    ("COPD with acute exacerbation", "J44.1"),
    ("acute appendicitis", "K35.80"),
    ("calculus of gallbladder without cholecystitis without obstruction", "K80.20"),
])
def test_unambiguous_phrases_rank_their_code_first(tiny_retriever, line, code):
    [candidates] = tiny_retriever.retrieve([line], k=5)
    assert candidates[0].code == code


def test_contract_shape(tiny_retriever):
    lines = ["chest pain", "pneumonia", ""]
    results = tiny_retriever.retrieve(lines, k=3)
    assert len(results) == 3 and all(len(r) <= 3 for r in results)
    first = results[0][0]
    assert isinstance(first, Candidate) and first.description
    assert all(a.score >= b.score for a, b in zip(results[0], results[0][1:]))
    assert tiny_retriever.retrieve([], k=3) == []


def test_specific_billable_code_from_a_subcategory_hit(tiny_retriever):
    [candidates] = tiny_retriever.retrieve(
        ["unspecified fracture of lower end of right radius, initial encounter"], k=5)
    codes = [c.code for c in candidates]
    assert codes[0] == "S52.501A"  # laterality and 7th character taken from the text


def test_billable_default_child_is_preferred_unless_asked_otherwise(tiny_retriever):
    [candidates] = tiny_retriever.retrieve(["acute appendicitis"], k=3)
    assert [c.code for c in candidates[:2]] == ["K35.80", "K35"]
    tiny_retriever.settings.prefer_billable = False
    try:
        [candidates] = tiny_retriever.retrieve(["acute appendicitis"], k=3)
    finally:
        tiny_retriever.settings.prefer_billable = True
    assert [c.code for c in candidates[:2]] == ["K35", "K35.80"]


def test_collapse_to_categories(tiny_retriever):
    [candidates] = tiny_retriever.retrieve(["type 2 diabetes with kidney complications"], k=5, collapse="category")
    codes = [c.code for c in candidates]
    assert codes[0] == "E11" and len(codes) == len(set(codes))
    assert all(len(c) == 3 for c in codes)


def test_dense_and_lexical_parts_are_reported(tiny_retriever):
    [[best, *_]] = tiny_retriever.retrieve(["essential hypertension"], k=3)
    assert best.dense > 0.5 and best.lexical == pytest.approx(1.0)
    [[dense_only, *_]] = tiny_retriever.retrieve(["essential hypertension"], k=3, weights=(1.0, 0.0))
    assert dense_only.lexical == 0.0



@pytest.mark.parametrize("options", [{}, {"collapse": "category"}, {"specialize": False}])
def test_a_repeated_line_is_retrieved_once_with_the_same_candidates(tiny_retriever, options):
    lines = ["acute appendicitis", "1.", "Fracture, radius, lower end", "1.", "acute appendicitis", "essential hypertension"]
    distinct = ["acute appendicitis", "1.", "Fracture, radius, lower end", "essential hypertension"]
    once = dict(zip(distinct, tiny_retriever.retrieve(distinct, k=5, **options)))
    batch = tiny_retriever.retrieve(lines, k=5, **options)
    assert batch == [once[line] for line in lines]
    assert batch[0] is not batch[4]  # a caller may edit one line's list without touching the other
    # (the contextual encoder's vectors move in the last float digits with the batch they are
    # encoded in, so a line alone is compared on its codes)
    assert [c.code for c in tiny_retriever.retrieve(["acute appendicitis"], k=5, **options)[0]] == \
        [c.code for c in batch[4]]
    vectors = tiny_retriever.encode(lines)
    with_vectors = tiny_retriever.retrieve(lines, k=5, vectors=vectors, **options)
    assert with_vectors[1] == with_vectors[3] and [len(r) for r in with_vectors] == [len(r) for r in batch]
