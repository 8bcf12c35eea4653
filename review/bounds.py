"""Upper confidence bounds on the residual-PHI rate, and the sample sizes that prove a target.

Two bounds, both one-sided and exact:

* **Clopper-Pearson** (binomial): the records are a sample from a population so large that
  drawing without replacement does not matter. With zero findings in ``n`` records the
  bound is ``1 - alpha**(1/n)``; 598 clean records prove a rate below 0.5% at 95%.
* **Hypergeometric** (finite population): a small batch of ``N`` records of which ``D``
  still contain PHI. The bound is the largest ``D`` that would still produce ``k`` or fewer
  findings with probability above ``alpha``, divided by ``N``. It is tighter because
  reviewing most of a small batch leaves little room for unseen PHI.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy.stats import beta, hypergeom

CLOPPER_PEARSON = "clopper-pearson"
HYPERGEOMETRIC = "hypergeometric"
_MAX_SAMPLE = 10_000_000  # search ceiling for infinite-population sample sizes


@dataclass(frozen=True)
class Bound:
    method: str
    reviewed: int
    findings: int
    population: int | None
    upper_bound: float
    target: float
    confidence: float

    @property
    def below_target(self) -> bool:
        return self.upper_bound < self.target

    def to_json(self) -> dict:
        return {**asdict(self), "below_target": self.below_target}


def _check(findings: int, reviewed: int, confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError("confidence must be in (0, 1)")
    if reviewed < 0 or not 0 <= findings <= reviewed:
        raise ValueError("need 0 <= findings <= reviewed")


def clopper_pearson_upper(findings: int, reviewed: int, confidence: float = 0.95) -> float:
    """One-sided exact binomial upper bound on the rate (1.0 when nothing was reviewed)."""
    _check(findings, reviewed, confidence)
    if reviewed == 0 or findings == reviewed:
        return 1.0
    return float(beta.ppf(confidence, findings + 1, reviewed - findings))


def hypergeometric_upper_count(findings: int, reviewed: int, population: int,
                               confidence: float = 0.95) -> int:
    """Largest number of PHI-bearing records ``D`` in the population still consistent
    (P[X <= findings | D] > alpha) with the sample; binary search, the CDF falls as D grows."""
    _check(findings, reviewed, confidence)
    if reviewed > population:
        raise ValueError("reviewed cannot exceed the population")
    alpha = 1.0 - confidence
    low, high = findings, population - (reviewed - findings)  # feasible D values
    if high <= low:
        return low

    def consistent(defects: int) -> bool:
        return hypergeom.cdf(findings, population, defects, reviewed) > alpha

    while low < high:  # invariant: consistent(low); answer in [low, high]
        mid = (low + high + 1) // 2
        if consistent(mid):
            low = mid
        else:
            high = mid - 1
    return low


def hypergeometric_upper(findings: int, reviewed: int, population: int, confidence: float = 0.95) -> float:
    return hypergeometric_upper_count(findings, reviewed, population, confidence) / population


def choose_method(population: int | None, finite_population_max: int) -> str:
    """Small batches get the finite-population bound; large or unknown ones the binomial."""
    if population is not None and 0 < population <= finite_population_max:
        return HYPERGEOMETRIC
    return CLOPPER_PEARSON


def compute_bound(findings: int, reviewed: int, *, target: float, confidence: float,
                  population: int | None = None, finite_population_max: int = 0) -> Bound:
    method = choose_method(population, finite_population_max)
    if method == HYPERGEOMETRIC:
        upper = hypergeometric_upper(findings, reviewed, population, confidence)
    else:
        upper = clopper_pearson_upper(findings, reviewed, confidence)
    return Bound(method, reviewed, findings, population, upper, target, confidence)


def required_sample_size(target: float, confidence: float = 0.95, *, findings: int = 0,
                         population: int | None = None, finite_population_max: int = 0) -> int:
    """Smallest n whose bound with ``findings`` findings is strictly below ``target``.

    For a finite population that cannot prove the target even when fully reviewed
    (``findings / N >= target``), the whole population is returned.
    """
    if not 0 < target < 1:
        raise ValueError("target must be in (0, 1)")
    method = choose_method(population, finite_population_max)
    if method == HYPERGEOMETRIC:
        low, high = min(findings, population), population
        proves = lambda n: hypergeometric_upper(findings, n, population, confidence) < target  # noqa: E731
    else:
        low = findings
        if findings == 0:  # closed form 1 - alpha**(1/n) < target, then confirm below
            low = max(0, math.floor(math.log(1 - confidence) / math.log(1 - target)) - 1)
        high = _MAX_SAMPLE
        proves = lambda n: clopper_pearson_upper(findings, n, confidence) < target  # noqa: E731
    if not proves(high):
        return high
    while low < high:  # smallest n in [low, high] that proves; the bound shrinks as n grows
        mid = (low + high) // 2
        if proves(mid):
            high = mid
        else:
            low = mid + 1
    return low
