"""Lists of people named by surname alone, told apart from lists of drugs or eponyms by a
plural noun for people beside them (name_list.yaml): "our founders: Monjeau, Graves and
Reed", "Park and Mann were precision engineers".

Every member must be capitalised and either no everyday English word or a dictionary name
("Reed", "White", "Park" are both); the noun vouches for eponyms ("Graves") as a relative
cue does, while abbreviations, months and place words still veto the member. Each member is
its own span.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from deid.names import first_names, last_names
from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer, alternation
from deid.recognizers.wordlists import is_common_word
from deid.resources import data_file, load_data

WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")


class NameListRecognizer(DataRecognizer):
    DATA_FILE = "name_list.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        vocab, member = self.spec["vocab"], self.spec["member"]
        joiners = alternation(self.spec["joiners"])
        # bounded and possessive: a long run of "Word, Word, ..." must not cost quadratic time
        items = rf"{member}(?:[ \t]*,[ \t]*{member}){{0,{self.spec['max_members'] - 2}}}+[ \t]*,?[ \t]+(?:{joiners})[ \t]+{member}"
        people = rf"(?i:{alternation(vocab['people_plurals'])})"
        self.before = regex.compile(
            rf"(?<![\p{{L}}]){people}[ \t]*(?i:{alternation(vocab['list_openers'])})[ \t]*(?P<list>{items})(?![\p{{L}}'’\-])")
        self.after = regex.compile(
            rf"(?<![\p{{L}}'’\-])(?P<list>{items})[ \t]+(?i:{alternation(vocab['list_predicates'])})"
            rf"(?:[ \t]+\p{{Ll}}+){{0,2}}[ \t]+{people}(?![\p{{L}}])")
        self.member = regex.compile(member)
        self.score = self.spec["score"]
        self.min_members = self.spec["min_members"]
        self.dictionary = {n.lower() for n in first_names() | last_names()}
        person_vocab = load_data(data_file(__file__, "person_name.yaml"))["vocab"]
        self.not_names = {str(w).lower().rstrip(".") for key in ("titles", "relatives", "person_nouns")
                          for w in person_vocab[key]}

    def candidates(self, text: str):
        seen = set()
        for pattern in (self.before, self.after):
            for match in pattern.finditer(text):
                members = [m for m in self.member.finditer(text, match.start("list"), match.end("list"))
                           if m.group().lower() not in ("and",)]
                if len(members) < self.min_members or not all(self._person_word(w) for m in members
                                                              for w in WORD.findall(m.group())):
                    continue
                for m in members:
                    if (m.start(), m.end()) not in seen:
                        seen.add((m.start(), m.end()))
                        yield RecognizerResult(
                            entity_type="NAME", start=m.start(), end=m.end(), score=self.score,
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.people_list",
                                                  "deny": "cued"})

    def _person_word(self, word: str) -> bool:
        lower = word.lower()
        if word.isupper() or lower in STOP_WORDS or lower in self.not_names:
            return False
        if self._deny_list().vetoes(word, cued=True):
            return False
        return not is_common_word(word) or lower in self.dictionary
