from codebooks.rerank import Specializer


def test_descendant_chosen_by_the_words_the_line_adds(icd):
    specializer = Specializer(icd)
    child, matched = specializer.best_descendant("S52.50", {"fracture", "left", "radius", "subsequent", "encounter", "closed", "routine", "healing"})
    assert child.startswith("S52.502") and child.endswith("D") and matched >= 3


def test_default_descendant_is_unspecified_initial_encounter(icd):
    child, matched = Specializer(icd).best_descendant("S52.50", set())
    assert (child, matched) == ("S52.509A", 0)
    assert Specializer(icd).best_descendant("I10", {"x"}) is None  # billable leaf: nothing below


def test_tied_descendants_resolve_in_codebook_order_whatever_the_word_order(icd):
    # "NIHSS 8 at 2 hours": children "score 2" and "score 8" each match one word. The words come
    # in a set, whose order changes between processes, so the tie must not depend on it.
    specializer = Specializer(icd)
    one_way = specializer.best_descendant("R29.70", ["2", "8"])
    other_way = specializer.best_descendant("R29.70", ["8", "2"])
    assert one_way == other_way == ("R29.702", 1)
