"""The learned scorer: a note's proposals -> a probability per proposed code.

Gradient-boosted trees (scikit-learn) over code_features.FEATURES, fitted on real coded notes
(coder_training.py), with the code priors and the phrase memory (memory.py) counted on them. The model ships in the package (data/coder_model.pkl, with
data/CODER_MODEL.md saying how it was trained, from what, and the licences); ``load`` returns
None when it is absent, and the labeller then codes exact term matches only.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from chartforge.atomic import atomic_path
from synth.label import code_features
from synth.label.code_features import FEATURES, Priors
from synth.label.memory import Memory
from synth.label.note_text import NoteText
from synth.label.proposals import Proposal

MODEL_PATH = Path(__file__).with_name("data") / "coder_model.pkl"


@dataclass
class Scorer:
    model: object
    threshold: float
    priors: Priors
    memory: Memory = field(default_factory=Memory)
    meta: dict = field(default_factory=dict)
    text: NoteText | None = None   # whole-note text model (note_text.py), None = its features are 0

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        if len(features) == 0:
            return np.zeros(0, np.float32)
        with threadpool_limits(limits=1, user_api="openmp"):  # see codebooks/learned_rerank.py
            return self.model.predict_proba(features)[:, 1].astype(np.float32)

    def expand(self, found: list[Proposal], queries: list) -> list[Proposal]:
        """A note's proposals with the phrase memory's and the category siblings' (as in training)."""
        found = found + self.memory.propose(queries)
        return found + code_features.siblings(found, self.priors)

    def score(self, proposals: list[Proposal], sections: list[str], n_lines: int,
              lines: list[str] | None = None) -> dict[str, float]:
        """Probability per proposed code; ``lines``: the note's lines, read by the text model."""
        text_scores = self.text.scores("\n".join(lines)) if self.text is not None and lines is not None else None
        codes, features = code_features.rows(proposals, sections, n_lines, self.priors, text_scores)
        return dict(zip(codes, self.probabilities(features).tolist()))

    def save(self, path: Path = MODEL_PATH) -> None:
        payload = {"features": list(FEATURES), "model": self.model, "threshold": self.threshold,
                   "priors": self.priors.as_dict(), "memory": self.memory.as_dict(), "meta": self.meta,
                   "text": self.text}
        with atomic_path(path) as tmp:
            tmp.write_bytes(pickle.dumps(payload, protocol=4))

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "Scorer | None":
        """The shipped model, or None when absent or fitted on another feature set."""
        if not Path(path).is_file():
            return None
        stored = pickle.loads(Path(path).read_bytes())
        if tuple(stored["features"]) != FEATURES:
            return None
        return cls(stored["model"], float(stored["threshold"]), Priors.from_dict(stored["priors"]),
                   Memory.from_dict(stored.get("memory", {})), stored.get("meta", {}), stored.get("text"))
