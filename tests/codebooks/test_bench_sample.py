"""bench.codebooks' timed batches must be disjoint: no line timed twice, none repeated."""

import pytest

from bench.codebooks import disjoint_lines


def test_batches_never_repeat_a_line_and_top_up_from_the_next_pool():
    dev = ["1."] * 30 + [f"dev line {i}" for i in range(40)]  # 41 distinct lines
    train = [f"train line {i}" for i in range(100)] + ["dev line 3"]
    sample = disjoint_lines([dev, train], 120)
    assert len(sample) == len(set(sample)) == 120
    assert set(sample[:41]) == set(dev)  # the first pool is used up before the next
    assert all(line.startswith("train") for line in sample[41:])
    assert disjoint_lines([dev, train], 120) == sample  # seeded


def test_too_few_distinct_lines_is_an_error_not_a_wrap_around():
    with pytest.raises(SystemExit, match="120 distinct lines needed, the sources hold 41"):
        disjoint_lines([["1."] * 30 + [f"dev line {i}" for i in range(40)]], 120)
