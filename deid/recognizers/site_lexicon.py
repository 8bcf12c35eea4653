"""The site lexicon in the first pass: values this site's reviewers found the detectors missed.

Every literal of ``deid/site_lexicon.py``'s file (``[deid] site_lexicon``) is flagged wherever it
occurs, in any case, as whole words; every steward's pattern wherever it matches. The steward
has already decided these are PHI, so no deny list, context rule or threshold second-guesses
them: they score above every rule. Without a lexicon file this recognizer finds nothing.

The file is re-read when it changes, so one detector process serves consecutive runs; the
batch plan puts the lexicon's keyed fingerprint into the batch id (deid/batch_plan.py).
"""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import EntityRecognizer, RecognizerResult

from chartforge.contracts.spans import LABELS
from deid.recognizers.base import DEFAULT_PROFILE
from deid.site_lexicon import compiled_lexicon

# Above every rule's score (they stop at 0.95-0.99): in a merge cluster the steward's label wins.
SCORE = 1.0


class SiteLexiconRecognizer(EntityRecognizer):
    def __init__(self, profile: str = DEFAULT_PROFILE, path: str | Path | None = None):
        self.profile = profile  # the lexicon is the site's own list: the same under every profile
        # None: no lexicon (a detector built from a plain [deid] dict that names none); the
        # entry point resolves the configured file and hands it down (deid.settings.recognizer_options)
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            compiled_lexicon(self.path)  # a malformed or exposed lexicon fails here, before any note
        super().__init__(supported_entities=list(LABELS), name=type(self).__name__, supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        compiled = compiled_lexicon(self.path) if self.path is not None else None
        if compiled is None:
            return []
        return [RecognizerResult(entity_type=label, start=start, end=end, score=SCORE,
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{kind}",
                                                       "deny": False})
                for start, end, label, kind in compiled.finditer(text) if not entities or label in entities]
