"""The learned model as a detector (``detect_batch``), for ``deid detect --detector`` and as a
``deid eval --suite --contender`` on its own:

    chartforge deid eval --suite --contender learned=deid.learned.detector:LearnedDetector

Spans below ``[deid] learned_threshold_alone`` are dropped (the first pass takes only the
confident ones: ``learned_threshold``, see deid/detect.py).
"""

from __future__ import annotations

from deid.learned.model import LearnedModel
from deid.settings import deid_settings
from deid.spans import Span


class LearnedDetector:
    def __init__(self, config=None):
        self.settings = deid_settings(config)
        self.model = LearnedModel.load(self.settings["learned_model"] or None)
        self.threshold = self.settings["learned_threshold_alone"]

    def detect(self, text: str) -> list[Span]:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: list[str], batch_size: int | None = None) -> list[list[Span]]:
        return [[s for s in spans if s.score >= self.threshold] for spans in self.model.spans(texts)]
