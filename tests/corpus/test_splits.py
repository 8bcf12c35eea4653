"""Splits are a function of the split group: no patient or generation group in two splits."""

from collections import defaultdict

from hypothesis import given, settings, strategies as st

from corpus.dedupe import find_cross_split_duplicates
from corpus.records import Record
from corpus.settings import CorpusSettings
from corpus.splits import assign_splits, split_for_group

DEFAULTS = CorpusSettings()


def _record(i: int, group_key: str, text: str) -> Record:
    return Record(id=f"r{i:05d}", source="deid" if group_key.startswith("patient:") else "synth",
                  lineage_id="b", note_id=str(i), group_key=group_key, note_type=None,
                  lines=[text], icd10cm=[], cpt=[], notes=[])


group_keys = st.one_of(st.text(min_size=1, max_size=12).map(lambda s: f"patient:{s}"),
                       st.integers(0, 50).map(lambda n: f"group:{n}"))
fractions = st.tuples(st.floats(0.0, 0.9), st.floats(0.0, 0.9))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(group_keys, st.sampled_from(["a b c d e f", "g h i j k l", "m n o p q r"])),
                min_size=1, max_size=60),
       fractions, st.text(max_size=8))
def test_no_group_is_ever_in_two_splits(rows, fraction_pair, salt):
    test_fraction, validation_fraction = fraction_pair
    config = CorpusSettings(test_fraction=test_fraction, validation_fraction=validation_fraction, split_salt=salt,
                            minhash_permutations=32)
    records = [_record(i, key, text) for i, (key, text) in enumerate(rows)]
    assign_splits(records, config)
    removed = {pair["removed"] for pair in find_cross_split_duplicates(records, config)}
    splits_of = defaultdict(set)
    for record in records:
        if record.id not in removed:
            splits_of[record.group_key].add(record.split)
    assert all(len(splits) == 1 for splits in splits_of.values())


@given(st.lists(group_keys, min_size=1, max_size=30), group_keys)
def test_a_groups_split_does_not_depend_on_the_rest_of_the_corpus(others, key):
    alone = [_record(0, key, "x")]
    crowd = [_record(i + 1, k, "x") for i, k in enumerate(others)] + [_record(0, key, "x")]
    assign_splits(alone, DEFAULTS)
    assign_splits(crowd, DEFAULTS)
    assert alone[0].split == crowd[-1].split


def test_split_shares_follow_the_configured_fractions():
    counts = defaultdict(int)
    for n in range(20000):
        counts[split_for_group(f"patient:{n}", DEFAULTS)] += 1
    assert abs(counts["test"] / 20000 - 0.10) < 0.01
    assert abs(counts["validation"] / 20000 - 0.90 * 0.05) < 0.01
    assert counts["train"] + counts["validation"] + counts["test"] == 20000


def test_published_version_keeps_each_patient_in_one_split(built):
    import polars as pl

    frames = [pl.read_parquet(built.path / f"{s}.parquet") for s in ("train", "validation", "test")]
    groups = pl.concat(frames).group_by("group_hash").agg(pl.col("split").n_unique().alias("n"))
    assert groups["n"].max() == 1
    assert len(groups) > 12  # patients and generation groups really were spread
