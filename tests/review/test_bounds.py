"""Bound math against known values and an independent brute force over scipy's distributions."""

from __future__ import annotations

import math

import pytest
from scipy.stats import binom, hypergeom

from review.bounds import (CLOPPER_PEARSON, HYPERGEOMETRIC, choose_method, clopper_pearson_upper, compute_bound,
                           hypergeometric_upper, hypergeometric_upper_count, required_sample_size)


def test_598_clean_records_prove_half_a_percent():
    assert clopper_pearson_upper(0, 598) < 0.005
    assert clopper_pearson_upper(0, 597) >= 0.005  # 598 is the smallest such n
    assert clopper_pearson_upper(0, 598) == pytest.approx(1 - 0.05 ** (1 / 598), rel=1e-12)


def test_one_finding_in_947_records_is_below_target_and_946_is_not():
    assert clopper_pearson_upper(1, 947) < 0.005
    assert clopper_pearson_upper(1, 946) >= 0.005


@pytest.mark.parametrize("findings,reviewed", [(0, 50), (1, 200), (3, 598), (10, 1000)])
def test_clopper_pearson_is_where_the_binomial_tail_equals_alpha(findings, reviewed):
    upper = clopper_pearson_upper(findings, reviewed)
    # P[X <= k | p = upper] = alpha at the exact bound, and larger just below it.
    assert binom.cdf(findings, reviewed, upper) == pytest.approx(0.05, abs=1e-9)
    assert binom.cdf(findings, reviewed, upper * 0.999) > 0.05


def test_degenerate_clopper_pearson_cases():
    assert clopper_pearson_upper(0, 0) == 1.0
    assert clopper_pearson_upper(5, 5) == 1.0
    with pytest.raises(ValueError):
        clopper_pearson_upper(3, 2)


def _hypergeometric_brute_force(findings: int, reviewed: int, population: int, confidence: float = 0.95) -> int:
    """Largest D with P[X <= k] > alpha, by scanning every D (independent of the binary search)."""
    alpha = 1 - confidence
    consistent = [d for d in range(findings, population - (reviewed - findings) + 1)
                  if hypergeom.cdf(findings, population, d, reviewed) > alpha]
    return max(consistent)


@pytest.mark.parametrize("findings,reviewed,population", [
    (0, 233, 300), (0, 232, 300), (0, 95, 100), (0, 94, 100), (1, 150, 200), (2, 40, 60),
    (0, 10, 10), (3, 300, 1000), (0, 1, 50), (5, 5, 30),
])
def test_hypergeometric_bound_matches_scipy_brute_force(findings, reviewed, population):
    expected = _hypergeometric_brute_force(findings, reviewed, population)
    assert hypergeometric_upper_count(findings, reviewed, population) == expected
    assert hypergeometric_upper(findings, reviewed, population) == expected / population


def test_hypergeometric_is_tighter_than_binomial_for_a_small_batch():
    assert hypergeometric_upper(0, 233, 300) < 0.005 < clopper_pearson_upper(0, 233)


def test_full_review_of_a_small_batch_is_exact():
    assert hypergeometric_upper_count(2, 40, 40) == 2
    assert hypergeometric_upper_count(0, 40, 40) == 0


def test_required_sample_sizes():
    assert required_sample_size(0.005) == 598
    assert required_sample_size(0.005, findings=1) == 947
    assert required_sample_size(0.01) == math.ceil(math.log(0.05) / math.log(0.99))
    # Finite population of 300 notes: D must be 0 or 1 (1/300 < 0.5% < 2/300).
    n = required_sample_size(0.005, population=300, finite_population_max=20_000)
    assert hypergeometric_upper(0, n, 300) < 0.005 <= hypergeometric_upper(0, n - 1, 300)
    assert n == 233
    # A batch that cannot prove the target with zero findings needs a full review.
    assert required_sample_size(0.005, population=100, finite_population_max=20_000) == 95
    # A big batch falls back to the binomial size.
    assert required_sample_size(0.005, population=1_000_000, finite_population_max=20_000) == 598


def test_method_choice_and_compute_bound():
    assert choose_method(5000, 20_000) == HYPERGEOMETRIC
    assert choose_method(50_000, 20_000) == CLOPPER_PEARSON
    assert choose_method(None, 20_000) == CLOPPER_PEARSON
    bound = compute_bound(0, 598, target=0.005, confidence=0.95, population=None)
    assert bound.method == CLOPPER_PEARSON and bound.below_target
    failing = compute_bound(2, 598, target=0.005, confidence=0.95, population=None)
    assert not failing.below_target
