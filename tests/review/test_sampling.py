"""The stratified draw: allocation, pilot nesting, flags outside the random sample, determinism."""

from __future__ import annotations

import polars as pl
import pytest

from chartforge.errors import ChartforgeError
from review.sampling import FLAG, MAIN, PILOT, SampleSettings, allocate, draw_sample, write_sample


def test_allocation_is_proportional_with_one_per_stratum():
    alloc = allocate({"a": 900, "b": 90, "c": 10, "d": 1}, 100)
    assert sum(alloc.values()) == 100
    assert alloc["d"] == 1 and alloc["c"] >= 1
    assert alloc["a"] > 80 and 7 <= alloc["b"] <= 10


def test_allocation_never_exceeds_a_stratum_or_the_population():
    assert allocate({"a": 3, "b": 2}, 10) == {"a": 3, "b": 2}
    # "every stratum at least one" wins over a total smaller than the number of strata
    assert allocate({"a": 50, "b": 1, "c": 1, "d": 1}, 2) == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert allocate({"a": 0, "b": 4}, 2) == {"a": 0, "b": 2}


def test_sample_size_pilot_and_flags(synthetic_batch, settings):
    plan = draw_sample(synthetic_batch.path, settings, "r1")
    assert plan.population == 300
    assert plan.required == 233  # hypergeometric: 300 notes, < 0.5% at 95%
    random_notes = [n for n in plan.notes if n.phase != FLAG]
    assert len(random_notes) == 233 and plan.count(PILOT) == 40 and plan.count(MAIN) == 193
    assert len({n.note_id for n in plan.notes}) == len(plan.notes)  # nobody twice
    # Flags are queued only for flagged notes the random draw did not pick.
    flag_ids = {n.note_id for n in plan.notes if n.phase == FLAG}
    assert flag_ids == synthetic_batch.flagged - {n.note_id for n in random_notes}
    assert all(n.reason == "flag" for n in plan.notes if n.phase == FLAG)
    # Every stratum is represented in the pilot and in the sample, roughly proportionally.
    strata = set(plan.strata_sizes)
    assert len(strata) == 6
    assert {n.stratum for n in plan.notes if n.phase == PILOT} == strata
    for stratum, size in plan.strata_sizes.items():
        drawn = sum(1 for n in random_notes if n.stratum == stratum)
        assert abs(drawn - 233 * size / 300) <= 1


def test_draw_is_deterministic_and_round_dependent(synthetic_batch, settings):
    first = draw_sample(synthetic_batch.path, settings, "r1").notes
    assert draw_sample(synthetic_batch.path, settings, "r1").notes == first
    other = draw_sample(synthetic_batch.path, settings, "r2").notes
    assert {n.note_id for n in other if n.phase == PILOT} != {n.note_id for n in first if n.phase == PILOT}


def test_big_batch_uses_the_binomial_size(synthetic_batch):
    plan = draw_sample(synthetic_batch.path, SampleSettings(finite_population_max=10, pilot_size=200), "r1")
    assert plan.required == 598 and plan.count(PILOT) + plan.count(MAIN) == 300  # capped at the batch


def test_write_sample_follows_the_contract(synthetic_batch, settings):
    plan = draw_sample(synthetic_batch.path, settings, "r1")
    frame = pl.read_parquet(write_sample(synthetic_batch.path, plan))
    assert frame.columns[:3] == ["note_id", "stratum", "reason"]
    assert set(frame["reason"]) == {"random", "flag"} and set(frame["round_id"]) == {"r1"}
    assert frame.height == len(plan.notes)


def test_flag_for_an_unknown_note_is_an_input_error(synthetic_batch, settings):
    from deid.batch_schema import FLAGS, write_rows

    write_rows(synthetic_batch.path / "flags.parquet", [{"note_id": "ffffffffffffffff", "start": 0, "end": 2,
                                                         "label": "NAME", "score": 1.0, "source": "v"}], FLAGS)
    with pytest.raises(ChartforgeError) as error:
        draw_sample(synthetic_batch.path, settings, "r1")
    assert error.value.code == "E304" and "flags.parquet" in str(error.value)
