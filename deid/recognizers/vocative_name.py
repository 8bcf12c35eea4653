"""Names of people spoken to (vocative_name.yaml): "Remember me, Kelly?", "Mark!" at the end
of an exclamation, "Warrane, can I ...?" and greetings ("Hi Sandra,").

Addressing someone is a person cue, so a dictionary given name that is also a word ("Mark")
counts; any other word must be no English word at all (not in WordNet, "Warrane"). A name
closing a question or exclamation also needs a second-person clause ("Remember me, Kelly?")
unless it is a given name: "Allergies: penicillin, Avelox?" is no address.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from deid.names import extended_first_names, first_names
from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer, alternation
from deid.recognizers.wordlists import in_wordnet, is_common_word
from deid.resources import data_file, load_data

WORD = regex.compile(r"\p{L}[\p{L}'’]*")


class VocativeNameRecognizer(DataRecognizer):
    DATA_FILE = "vocative_name.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        vocab = self.spec["vocab"]
        # titles and relatives address people without naming them too ("Dear Dr. Y", "Yes, Mom?")
        person_vocab = load_data(data_file(__file__, "person_name.yaml"))["vocab"]
        self.not_names = {str(w).lower().rstrip(".") for w in vocab["not_names"]} | {
            str(w).lower().rstrip(".") for key in ("titles", "relatives", "credentials") for w in person_vocab[key]}
        self.second_person = {str(w).lower() for w in vocab["second_person"]}
        self.given = {n.lower() for n in first_names()}
        self.any_given = frozenset(n.lower() for n in extended_first_names())
        self.second_person_re = regex.compile(rf"(?<![\p{{L}}])(?i:{alternation(sorted(self.second_person))})(?![\p{{L}}])")

    def candidates(self, text: str):
        for pattern in self.patterns:
            for match in pattern.pattern.finditer(text):
                start, end = match.start("phi"), match.end("phi")
                value = text[start:end]
                clause = self._clause_before(text, match.start()) if pattern.name == "closing_vocative" else None
                if not self._addressable(value, clause):
                    continue
                if self._deny_list().vetoes(value, cued=True):
                    continue
                yield self._result(pattern, start, end)

    @staticmethod
    def _clause_before(text: str, end: int) -> str:
        """The sentence before a closing vocative (in code: a regex group would rescan long lines)."""
        start = max(text.rfind(c, 0, end) for c in ".!?\n") + 1
        return text[start:end]

    def _addressable(self, value: str, clause: str | None) -> bool:
        words = WORD.findall(value)
        if not words or any(w.lower() in STOP_WORDS or w.lower() in self.not_names for w in words):
            return False
        first = words[0].lower()
        if first in self.given or first in self.any_given and not is_common_word(first):
            return True
        # no dictionary given name: no English word, and (at a clause end) said to "you"
        if any(in_wordnet(w) for w in words):
            return False
        return clause is None or bool(self.second_person_re.search(clause))
