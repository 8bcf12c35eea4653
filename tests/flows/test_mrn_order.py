"""The batch's MRN map must not depend on the order a set yields its values (PYTHONHASHSEED):
the Dask workers and a local run of the same batch build it in different processes."""

from __future__ import annotations

import random

from deid.pipeline_steps import mrn_order
from deid.surrogates.identifiers import build_mrn_map

KEY = b"mrn-order-test-key"


def test_the_same_mrns_in_any_order_give_the_same_map():
    values = ["ab-123", "AB123", "Ab 123", "000457", "MRN-0457", "x9-88", "X988", "55501"]
    maps = set()
    for seed in range(20):
        shuffled = random.Random(seed).sample(values, len(values))
        ordered = mrn_order(set(shuffled) if seed % 2 else shuffled, KEY)
        maps.add(tuple(build_mrn_map(ordered, random.Random(7)).items()))
    assert len(maps) == 1
    (mapping,) = maps
    assert len(mapping) == 5  # one entry per normalised MRN, numbered 1..5
    assert sorted(int("".join(c for c in fake if c.isdigit())) for _, fake in mapping) == [1, 2, 3, 4, 5]
