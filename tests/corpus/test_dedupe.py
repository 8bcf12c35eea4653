"""Near-duplicates across splits are removed from the larger split; within a split they stay."""

from corpus.dedupe import find_cross_split_duplicates, shingles
from corpus.records import Record
from corpus.settings import CorpusSettings

NOTE = ("Patient presents with worsening shortness of breath over three days and bilateral leg swelling. "
        "Echocardiogram shows reduced ejection fraction. Started on furosemide and metoprolol.")


def _record(rid: str, split: str, text: str) -> Record:
    return Record(id=rid, source="synth", lineage_id="r", note_id=rid, group_key=f"group:{rid}",
                  note_type=None, lines=[text], icd10cm=[], cpt=[], notes=[], split=split)


def test_cross_split_near_duplicate_is_removed_from_train():
    records = [_record("a", "test", NOTE), _record("b", "train", NOTE + " Today."),
               _record("c", "train", "Completely different note about a sprained ankle after a fall at home.")]
    pairs = find_cross_split_duplicates(records, CorpusSettings())
    assert [(p["removed"], p["kept"]) for p in pairs] == [("b", "a")]
    assert pairs[0]["similarity"] >= 0.8


def test_validation_loses_to_test_and_order_does_not_matter():
    records = [_record("z", "validation", NOTE), _record("a", "test", NOTE)]
    assert find_cross_split_duplicates(records, CorpusSettings())[0]["removed"] == "z"
    assert find_cross_split_duplicates(records[::-1], CorpusSettings())[0]["removed"] == "z"


def test_duplicates_inside_one_split_are_kept():
    records = [_record("a", "train", NOTE), _record("b", "train", NOTE)]
    assert find_cross_split_duplicates(records, CorpusSettings()) == []


def test_shingles_are_word_ngrams():
    assert shingles("A b, c d", 3) == {"a b c", "b c d"}
    assert shingles("short", 5) == {"short"}
