"""spaCy NER entities as PHI spans: PERSON -> NAME, GPE/LOC/FAC -> LOCATION, DATE -> DATE
(mapping in deid/data/nlp_engine.yaml). Boundaries are trimmed of punctuation and a
possessive "'s"; every NAME/LOCATION is subject to the deny list (deid/deny.py)."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from deid.recognizers.wordlists import is_common_word
from deid.resources import data_file, load_data

TRIM_LEFT = regex.compile(r"^[\W_]+")
TRIM_RIGHT = regex.compile(r"(?:['’]s|[\W_])+$")
WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")


class NerRecognizer(EntityRecognizer):
    def __init__(self, spec: dict | None = None):
        self.spec = spec if spec is not None else load_data(data_file(__file__, "ner.yaml"))
        self.scores = self.spec["scores"]
        self.date_shape = regex.compile(self.spec["date_must_match"])
        self.name_shape = regex.compile(self.spec["name_must_match"])
        self.proper_shape = regex.compile(self.spec["proper_must_match"])
        self.need_uncommon = frozenset(self.spec["require_uncommon_word"])
        super().__init__(supported_entities=sorted(self.scores), name="NerRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        if nlp_artifacts is None:
            return []
        results = []
        for entity in nlp_artifacts.entities:
            label = entity.label_
            if label not in self.scores:
                continue
            start, end = self._trim(text, entity.start_char, entity.end_char)
            value = text[start:end]
            if start >= end:
                continue
            if label == "DATE" and not self.date_shape.search(value):
                continue
            if label == "NAME" and not self.name_shape.search(value):
                continue
            if label in self.need_uncommon and not self._proper(value):
                continue
            results.append(RecognizerResult(
                entity_type=label, start=start, end=end, score=self.scores[label],
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{label}",
                                      "deny": label in ("NAME", "LOCATION")}))
        return results

    def _proper(self, value: str) -> bool:
        """Capitalised, digit-free, and not made only of everyday English words."""
        if not self.proper_shape.search(value):
            return False
        return any(not is_common_word(word) for word in WORD.findall(value))

    @staticmethod
    def _trim(text: str, start: int, end: int) -> tuple[int, int]:
        value = text[start:end]
        left = TRIM_LEFT.match(value)
        if left:
            start += left.end()
        right = TRIM_RIGHT.search(text[start:end])
        if right:
            end = start + right.start()
        return start, end
