from codebooks.rerank import Specializer


def test_descendant_chosen_by_the_words_the_line_adds(icd):
    specializer = Specializer(icd)
    child, matched = specializer.best_descendant("S52.50", {"fracture", "left", "radius", "subsequent", "encounter", "closed", "routine", "healing"})
    assert child.startswith("S52.502") and child.endswith("D") and matched >= 3


def test_default_descendant_is_unspecified_initial_encounter(icd):
    child, matched = Specializer(icd).best_descendant("S52.50", set())
    assert (child, matched) == ("S52.509A", 0)
    assert Specializer(icd).best_descendant("I10", {"x"}) is None  # billable leaf: nothing below
