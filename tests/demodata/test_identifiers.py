from __future__ import annotations

import random

from demodata import identifiers
from demodata.resources import fill_pattern

_VIN_VALUES = identifiers._VIN_VALUES


def test_dea_numbers_carry_a_valid_check_digit_and_the_last_initial():
    rng = random.Random(1)
    for _ in range(200):
        value = identifiers.dea(rng, "O'Brien")
        digits = [int(c) for c in value[2:]]
        assert value[1] == "O" and len(value) == 9
        assert (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10 == digits[6]


def test_vins_have_17_characters_and_a_valid_check_digit():
    rng = random.Random(2)
    weights = identifiers._VIN_WEIGHTS
    for _ in range(200):
        vin = identifiers.vin(rng)
        assert len(vin) == 17 and not set(vin) & set("IOQ")
        total = sum(_VIN_VALUES[c] * w for i, (c, w) in enumerate(zip(vin, weights)) if i != 8)
        assert vin[8] == ("X" if total % 11 == 10 else str(total % 11))


def test_ssns_avoid_invalid_areas_and_patterns_fill_as_documented():
    rng = random.Random(3)
    for _ in range(500):
        digits = "".join(c for c in identifiers.ssn(rng) if c.isdigit())
        assert len(digits) == 9 and digits[:3] not in ("000", "666") and not digits.startswith("9")
    value = fill_pattern(rng, "MR-#@%*")
    assert value[:3] == "MR-" and value[3].isdigit() and value[4].isalpha() and value[5] in "123456789"


def test_ascii_slug_folds_accents_and_punctuation():
    assert identifiers.ascii_slug("José O'Brien-Núñez") == "joseobriennunez"
