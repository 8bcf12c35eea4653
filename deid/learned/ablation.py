"""The detectors without the learned model, for the ablation in ``deid eval --suite``:

    chartforge deid eval --suite --contender "rules only=deid.learned.ablation:RulesOnlyDetector"
    chartforge deid eval --suite --verifier deid.learned.ablation:PlainVerifier

(the default first pass and verifier use the model when ``[deid] learned_first_pass`` /
``learned_verify`` are on, as they are by default).
"""

from __future__ import annotations

from deid.detect import PhiDetector
from deid.settings import deid_settings
from deid.verify import VerificationDetector


def _without_model(config) -> dict:
    return {**deid_settings(config), "learned_first_pass": False, "learned_verify": False}


class RulesOnlyDetector(PhiDetector):
    """The first pass without the learned model's spans."""

    def __init__(self, config=None):
        super().__init__(_without_model(config))


class PlainVerifier(VerificationDetector):
    """The verification pass without the learned model's second opinion."""

    def __init__(self, config=None):
        super().__init__(_without_model(config))
