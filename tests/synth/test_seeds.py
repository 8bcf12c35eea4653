import random

import pytest

from chartforge.errors import ChartforgeError
from synth import seeds


def test_default_seed_list_is_valid_and_deduplicated():
    codes = seeds.read_seed_list()
    assert len(codes) >= 150 and len(codes) == len(set(codes))


def test_bad_code_names_file_and_row(tmp_path):
    path = tmp_path / "seeds.txt"
    path.write_text("# comment\nE11.22\n\nE11\n")
    with pytest.raises(ChartforgeError) as err:
        seeds.read_seed_list(path)
    assert err.value.code == "E501" and "line 4" in str(err.value) and str(path) in str(err.value)


def test_sampling_is_weighted_and_deterministic():
    weights = seeds.frequency_weights(["E11.9", "I10"], {"E11.9": 99})
    assert weights == {"E11.9": 99, "I10": 1}
    first = seeds.sample_seeds(weights, 200, random.Random(4))
    assert first == seeds.sample_seeds(weights, 200, random.Random(4))
    assert first.count("E11.9") > 150


def test_a_power_below_one_flattens_the_case_mix():
    weights = seeds.frequency_weights(["E11.9", "I10"], {"E11.9": 100}, power=0.5)
    assert weights == {"E11.9": 10.0, "I10": 1.0}
    assert seeds.frequency_weights(["E11.9", "I10"], {"E11.9": 100}, power=0.0) == {"E11.9": 1.0, "I10": 1.0}


def test_codes_of_the_coded_data_join_the_seed_list_when_frequent_and_writable():
    from synth.seeds import with_coded_codes

    counts = {"I10": 9, "R52": 5, "R69": 3, "K35.80": 2, "A00.0": 1}
    writable = lambda c: c != "R69"  # noqa: E731  (no note can be written about it)
    assert with_coded_codes(["E11.9", "I10"], counts, 2, writable) == ["E11.9", "I10", "R52", "K35.80"]
    assert with_coded_codes(["E11.9"], counts, 0, writable) == ["E11.9"]  # off
    assert with_coded_codes(["E11.9"], counts, 4, writable) == ["E11.9", "I10", "R52"]
