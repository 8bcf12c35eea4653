"""devsets/mtsamples/build.py on the real MTSamples file (../shared: evaluation tests)."""

import re
from collections import Counter

import pytest

from devsets.catalog import DEFAULT_DATA_DIR
from devsets.mtsamples.build import BuildStats, build

pytestmark = [pytest.mark.evaluation, pytest.mark.slow]


@pytest.fixture(scope="module")
def built():
    if not (DEFAULT_DATA_DIR / "mtsamples" / "mtsamples.jsonl").is_file():
        pytest.skip("../shared/data/mtsamples is absent")
    stats = BuildStats()
    records = build(DEFAULT_DATA_DIR / "mtsamples" / "mtsamples.jsonl", DEFAULT_DATA_DIR / "us_hospitals" / "hospitals.csv",
                    stats)
    return records, stats


def test_one_record_per_distinct_text_split_by_hash(built):
    records, stats = built
    assert len(records) == stats.notes == 2357 and stats.duplicates == 4966 - 2357
    assert len({r["id"] for r in records}) == 2357
    assert Counter(r["split"] for r in records) == {"dev": 1387, "test": 970}


def test_no_titled_placeholder_survives_and_spans_hold_values(built):
    records, _ = built
    titled = re.compile(r"\b(?:Dr|Mr|Mrs|Ms)\.? (?:XYZ|Xyz|ABCD?|Abcd?|XXX+|[A-Z])(?![\w]|\.\w)")
    assert [r["id"] for r in records if titled.search(r["text"])] == []
    for record in records:
        for span in record["spans"]:
            value = record["text"][span["start"]:span["end"]]
            assert value and value == value.strip(), (record["id"], span)


def test_missing_source_is_one_clear_error(tmp_path):
    from chartforge.errors import ChartforgeError

    with pytest.raises(ChartforgeError) as info:
        build(tmp_path / "mtsamples.jsonl")
    assert info.value.code == "E504" and "MTSamples source is not there" in str(info.value)
