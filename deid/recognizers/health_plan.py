"""Health-plan beneficiary numbers (health_plan.yaml): member/policy/group IDs after a cue,
Medicare Beneficiary Identifiers by shape."""

from deid.recognizers.base import DataRecognizer


class HealthPlanRecognizer(DataRecognizer):
    DATA_FILE = "health_plan.yaml"
    MODULE_FILE = __file__
