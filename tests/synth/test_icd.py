from synth import icd


def test_excludes1_between_diabetes_types_but_not_unrelated_codes():
    assert icd.excludes1_conflict("E11.9", "E10.9")
    assert icd.excludes1_conflict("E10.9", "E11.9")
    assert not icd.excludes1_conflict("E11.9", "I10")
    assert not icd.excludes1_conflict("E11.22", "E11.9")  # same lineage is never an Excludes1 pair


def test_code_first_and_use_additional_ranges_are_parsed_from_notes():
    assert icd.is_manifestation_only("G63")
    assert icd.in_range("E85.4", list(icd.code_first_ranges("G63")))
    assert icd.in_range("N18.31", list(icd.use_additional_ranges("E11.22")))
    assert not icd.in_range("N17.9", list(icd.use_additional_ranges("E11.22")))


def test_billable_and_unspecified():
    assert icd.is_billable("E11.22") and not icd.is_billable("E11") and not icd.is_billable("XYZ")
    assert icd.is_unspecified("I50.9") and icd.is_unspecified("E11.9") and not icd.is_unspecified("I50.32")
    assert icd.dotless("e11.22") == "E1122" and icd.category("E11.22") == "E11"
