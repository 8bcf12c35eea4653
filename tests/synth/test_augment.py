import random

from synth import augment


def _note(note_id, codes, lines, group="g1"):
    return {"note_id": note_id, "group_id": group, "text": "\n".join(lines) + "\n", "lines": lines,
            "icd10cm": [{"code": c, "description": "", "confidence": 0.9, "evidence": ev} for c, ev in codes],
            "cpt": [], "notes": []}


def test_pair_merges_labels_and_shifts_evidence():
    a = _note("a", [("E11.9", [1]), ("E78.5", [2])], ["x", "y", "z"])
    b = _note("b", [("E78.5", [0]), ("J18.9", [1])], ["p", "q"])
    pair = augment.pair_note(a, b)
    codes = {c["code"]: c["evidence"] for c in pair["icd10cm"]}
    assert codes == {"E11.9": [1], "E78.5": [2, 3], "J18.9": [4]}
    assert pair["lines"] == ["x", "y", "z", "p", "q"] and pair["group_id"] == "g1"
    for c in pair["icd10cm"]:
        assert all(0 <= i < len(pair["lines"]) for i in c["evidence"])


def test_pairs_that_would_change_the_coding_are_skipped():
    assert augment.conflict(_note("a", [("I10", [0])], ["x"]), _note("b", [("I50.32", [0])], ["y"])).startswith("combination")
    assert augment.conflict(_note("a", [("E10.9", [0])], ["x"]), _note("b", [("E11.9", [0])], ["y"])).startswith("Excludes1")
    assert augment.conflict(_note("a", [("I50.9", [0])], ["x"]), _note("b", [("I50.32", [0])], ["y"])).startswith("specificity")
    assert augment.conflict(_note("a", [("E78.5", [0])], ["x"]), _note("b", [("J18.9", [0])], ["y"])) is None


def test_fraction_and_groups_are_respected():
    records = [_note(f"n{i}", [("E78.5", [0])], ["line"], group=f"g{i // 5}") for i in range(20)]
    pairs, skipped = augment.augment(records, 0.3, random.Random(0))
    assert len(pairs) == 6 and not skipped
    by_id = {r["note_id"]: r["group_id"] for r in records}
    assert all(by_id[p["source_notes"][0]] == by_id[p["source_notes"][1]] == p["group_id"] for p in pairs)


def test_a_note_joins_one_pair_at_most():
    """A+B beside A+C reads as a near-duplicate when B and C are short (a nursing note): each
    note is used once."""
    records = [_note(f"n{i}", [("E78.5", [0])], ["line"], group=f"g{i // 4}") for i in range(40)]
    pairs, _ = augment.augment(records, 0.5, random.Random(1))
    used = [n for p in pairs for n in p["source_notes"]]
    assert len(used) == len(set(used)) and len(pairs) == 20


def test_a_smaller_fraction_publishes_the_first_pairs_of_a_larger_one():
    """bench.synth_augment reads a run's first k pairs as the run with fraction k / notes: true
    only while augmentation draws the same candidates in the same order whatever it wants."""
    records = [_note(f"n{i}", [("E78.5", [0])], [f"line {i}"], group=f"g{i // 6}") for i in range(60)]
    large, _ = augment.augment(records, 0.4, random.Random(3))
    for fraction in (0.0, 0.1, 0.2, 0.3):
        small, _ = augment.augment(records, fraction, random.Random(3))
        assert [p["note_id"] for p in small] == [p["note_id"] for p in large[:len(small)]]
        assert len(small) == round(fraction * 60)
