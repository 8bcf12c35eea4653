from codebooks.icd10cm import ICD10CM, _snapshot_path, load_rows, referenced_codes


def test_snapshot_is_cached_and_reloaded(icd, cache_dir):
    assert _snapshot_path(cache_dir).is_file()
    again = ICD10CM(load_rows(cache_dir))  # second load reads the file
    assert len(again) == len(icd) > 90_000
    assert icd.version.startswith("icd10cm-fy2026-simple_icd_10_cm-")


def test_lookup_any_spelling(icd):
    entry = icd.get("e1122")
    assert entry.code == "E11.22"
    assert "chronic kidney disease" in entry.description
    assert icd.get("E11.22") is entry
    assert icd.get("Q99.99X") is None
    assert icd.get("") is None


def test_validity_and_billable(icd):
    assert icd.is_valid("I10") and icd.is_billable("I10")
    assert icd.is_valid("E11") and not icd.is_billable("E11")
    assert icd.has_more_specific_child("E11") and not icd.has_more_specific_child("E11.22")
    assert icd.status("E11.22") == "billable"
    assert icd.status("E11.2") == "not-billable"
    assert icd.status("E08-E13") == "invalid"  # a block is not a code
    assert icd.status("E11.99") == "invalid"


def test_hierarchy(icd):
    entry = icd.get("S52.501A")
    assert entry.kind == "extended" and entry.billable
    assert (entry.category, entry.block, entry.chapter) == ("S52", "S50-S59", "19")
    assert icd.ancestors("S52.501A")[:3] == ["S52.501", "S52.50", "S52.5"]
    assert "E11.22" in icd.descendants("E11.2", billable_only=True)
    assert "E11.2" not in icd.descendants("E11", billable_only=True)


def test_seventh_characters_are_inherited(icd):
    assert icd.get("S52.501").seventh_characters["A"] == "initial encounter for closed fracture"
    assert icd.get("S52.501A").seventh_characters["S"] == "sequela"
    assert icd.get("E11.22").seventh_characters == {}


def test_notes(icd):
    assert any("Z79.4" in line for line in icd.get("E11").use_additional)
    assert icd.get("J44.1").inclusion_terms
    assert any("E10" in note for note in icd.get("E11").excludes1)


def test_excludes1_pairs(icd):
    # E11's Excludes1 names type 1 diabetes (E10.-), inherited by every E11 code; both directions.
    assert icd.excludes1_conflict("E11.9", "E10.9")
    assert icd.excludes1_conflict("E10.65", "E11.22")
    assert icd.excludes1_conflict("E11.9", "I10") is None
    assert icd.excludes1_conflict("E11.22", "N18.3") is None  # use-additional, not an exclusion


def test_referenced_codes_parses_ranges():
    assert referenced_codes("type 1 diabetes mellitus (E10.-)") == [("E10", "E10")]
    assert referenced_codes("stage (N18.1-N18.6)") == [("N181", "N186")]
    assert referenced_codes("vessels of brain (I60-I69)") == [("I60", "I69")]


def test_one_category_blocks_do_not_make_a_category_its_own_parent(icd):
    # simple_icd_10_cm names block "C50" like its only category: lineage must still end.
    lineage = [e.code for e in icd.lineage("C50.911")]
    assert lineage[:3] == ["C50.911", "C50.91", "C50.9"]
    assert lineage[-2:] == ["C50", "2"] and len(lineage) == len(set(lineage))
    assert icd.get("F99").parent == "5" and icd.ancestors("F99") == ["5"]
