"""The floor of issue 15 ("Goals"): the first-pass detector on the held-out test splits of the
real-language sets must reach recall >= 0.99 per label and precision >= 0.90.

Held out: the nursing generator's TEST_SEED (no ../shared needed) and the MTSamples test split
(reads ../shared: marked ``evaluation``). Deterministic samples keep the suite fast. Where today's
detector is below a goal the test is ``xfail(strict=True)`` with the figure measured at main
c593b0b in its reason: it turns into an XPASS failure the day the detector reaches the goal, so
whoever gets it there removes the mark and the floor holds from then on.
"""

from __future__ import annotations

import pytest

from devsets.nursing import TEST_SEED

pytestmark = pytest.mark.slow
GOAL_RECALL, GOAL_PRECISION = 0.99, 0.90
NURSING_NOTES, MTSAMPLES_NOTES = 200, 150


def _below(figure: str):
    return pytest.mark.xfail(strict=True, reason=f"below the goal with the first pass of main c593b0b (unchanged up to 5867a1d): {figure}")


def _metrics(records) -> dict:
    from deid.eval_suite import EvalSet, evaluate_set
    from tests.deid.detector_fixtures import shared_detector

    return evaluate_set(EvalSet("floor", records), {"first pass": shared_detector()})[0]


@pytest.fixture(scope="module")
def nursing():
    from devsets.catalog import load

    return _metrics(load("nursing-test", nursing_notes=NURSING_NOTES, nursing_seed=TEST_SEED).records)


@pytest.fixture(scope="module")
def mtsamples():
    from devsets.catalog import DEFAULT_DATA_DIR, load

    if not (DEFAULT_DATA_DIR / "mtsamples" / "mtsamples.jsonl").is_file():
        pytest.skip("../shared/data/mtsamples is absent")
    return _metrics(load("mtsamples-test", sample=MTSAMPLES_NOTES).records)


def _recall(metrics: dict, label: str) -> float:
    cell = metrics["per_category"][label]
    assert cell["gold"] >= 5, f"the sample holds too few {label} spans to bound recall"
    return cell["recall"]


@pytest.mark.parametrize("label", [
    "NAME",  # 0.804 (279/347) at c593b0b; reached with the learned model in the first pass (deidner)
    "LOCATION",  # 0.500 (176/352) at c593b0b; reached with the learned model in the first pass
    "DATE",  # 0.703 (135/192) at c593b0b; reached with this session's date rules (recall: "seen on 4/5 in clinic", "aug 91", "as of 6/97")
    "PHONE",  # 0.784 (29/37) at c593b0b; reached with the rule work of items 3-5 (deidrules)
    "AGE_OVER_89",  # 0.857 (6/7) at c593b0b; reached with the learned model in the first pass
    "MRN",  # 53/53
])
def test_nursing_test_seed_recall_per_label(nursing, label):
    assert _recall(nursing, label) >= GOAL_RECALL


def test_nursing_test_seed_precision(nursing):
    assert nursing["precision"] >= GOAL_PRECISION


@pytest.mark.evaluation
@pytest.mark.parametrize("label", [
    "NAME",  # 104/104
    # 37/37 with gold v1; gold v2 (devsets/mtsamples, 219d67c) marks more of the places the notes
    # hold (hospital names after a cue, ALL-CAPS facility headers, letterhead towns): 38/39 on this
    # sample, 214/222 (.964) on the whole test split at bfe012e (`deid eval --suite`), below the goal
    pytest.param("LOCATION", marks=pytest.mark.xfail(strict=True, reason="below the goal with MTSamples gold v2 at bfe012e: 0.974 (38/39) on this sample")),
    "DATE",  # 0.960 (97/101) at c593b0b; reached with the rule work (deidrules)
])
def test_mtsamples_test_split_recall_per_label(mtsamples, label):
    assert _recall(mtsamples, label) >= GOAL_RECALL


@pytest.mark.evaluation
def test_mtsamples_test_split_recall_overall(mtsamples):
    assert mtsamples["recall"] >= GOAL_RECALL


@pytest.mark.evaluation
@_below("0.583")
def test_mtsamples_test_split_precision(mtsamples):
    assert mtsamples["precision"] >= GOAL_PRECISION
