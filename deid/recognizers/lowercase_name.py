"""Names in lower-case text (lowercase_name.yaml), the counterpart of the dictionary evidence
ALL-CAPS notes rely on: when a text has (almost) no capitals, a word is a name if it is

* a given name of the name dictionaries that is no English word ("bertram", "olga",
  "frederikke"; not "will", "mark", "nina"), of 4+ letters;
* such a given name, any length, with a surname after it, an initial between allowed
  ("eva kleist", "codey m ross");
* a surname by its ending with no English reading ("samoylova", "bergsveinsson");
* a dialogue speaker: a given name that is no everyday word opening a line before a colon
  and a quote ('tracy:"i\'m ..."').

Abbreviations, eponyms and anatomy stay out through the deny list and the eponym heads.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from deid.names import extended_last_names, first_names
from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer, alternation
from deid.recognizers.full_name import ends_like_surname
from deid.recognizers.wordlists import in_wordnet, is_common_word
from deid.resources import data_file, load_data

WORD = regex.compile(r"(?<![\p{L}'’\-])\p{L}[\p{L}'’\-]*")
SPEAKER = regex.compile(r"(?m:^)[ \t>]*(\p{Ll}[\p{Ll}'’\-]+)[ \t]*:[ \t]*[\"“]")
POSSESSIVE = regex.compile(r"['’]s$")


class LowercaseNameRecognizer(DataRecognizer):
    DATA_FILE = "lowercase_name.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        self.given = frozenset(n.lower() for n in first_names())
        self.surnames = frozenset(n.lower() for n in extended_last_names())
        full_name = load_data(data_file(__file__, "full_name.yaml"))
        self.surname_endings = tuple(full_name["surname_suffixes"])
        self.ending_exceptions = frozenset(full_name["surname_suffix_exceptions"])
        heads = load_data(data_file(__file__, self.spec["eponym_heads_file"]))["vocab"]["eponym_heads"]
        self.determiners = frozenset(self.spec["determiners"])
        self.not_names = frozenset(self.spec["not_names"])
        self.eponym_after = regex.compile(rf"(?:['’]s)?[ \t]+(?:{alternation(heads)})(?![\p{{L}}])")

    def candidates(self, text: str):
        if not self.is_lower_case(text):
            return
        words = [(m.start(), m.start() + len(POSSESSIVE.sub("", m.group())), POSSESSIVE.sub("", m.group()))
                 for m in WORD.finditer(text)]
        for index, (start, end, word) in enumerate(words):
            if self.eponym_after.match(text, end) or self._after_determiner(words, index):
                continue
            surname = self._surname_after(text, words, index) if self._given(word) else None
            if surname is not None:
                yield self._name(start, surname, "given_surname")
            elif self._given(word) and len(word) >= self.spec["min_given_length"] or self._surname_by_ending(word):
                yield self._name(start, end, "dictionary_word")
        for match in SPEAKER.finditer(text):
            word = match.group(1)
            if word in self.given and not is_common_word(word) and not self._deny_list().vetoes(word):
                yield self._name(match.start(1), match.end(1), "speaker")

    def _after_determiner(self, words, index: int) -> bool:
        """"the louie arm", "a curved glover" (one everyday word between) are things; "the
        codey m ross version" keeps its name: an initial after the word makes it a person's."""
        if index + 2 < len(words) and len(words[index + 1][2]) == 1:
            return False
        before = [w for _, _, w in words[max(0, index - 2):index]]
        return bool(before) and (before[-1] in self.determiners
                                 or len(before) == 2 and before[0] in self.determiners and is_common_word(before[1]))

    def is_lower_case(self, text: str) -> bool:
        words = [w for w in WORD.findall(text) if len(w) > 1]
        if len(words) < self.spec["min_words"]:
            return False
        capitals = sum(1 for w in words if w[0].isupper())
        return capitals <= self.spec["max_capital_share"] * len(words)

    def _given(self, word: str) -> bool:
        return word.islower() and word in self.given and word not in self.not_names and not in_wordnet(word) and not self._deny_list().vetoes(word)

    def _surname_by_ending(self, word: str) -> bool:
        return (word.islower() and ends_like_surname(word, self.surname_endings, self.ending_exceptions, self.spec["min_surname_length"])
                and not self._deny_list().vetoes(word))

    def _surname_after(self, text: str, words, index: int) -> int | None:
        """End of a surname right after the given name (an initial may sit between)."""
        following = words[index + 1:index + 3]
        if following and len(following[0][2]) == 1 and len(following) > 1:
            following = following[1:]  # "codey m ross"
        if not following or not regex.fullmatch(r"[ \t]+(?:\p{L}\.?[ \t]+)?", text[words[index][1]:following[0][0]]):
            return None
        start, end, word = following[0]
        # an everyday word after a given name is no surname ("lacey rash", "louie arm")
        surname = (word in self.surnames or self._surname_by_ending(word)) and not in_wordnet(word) and "-" not in word
        if word in STOP_WORDS or not surname or self._deny_list().vetoes(word):
            return None
        return end

    def _name(self, start: int, end: int, rule: str):
        return RecognizerResult(entity_type="NAME", start=start, end=end, score=0.75,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{rule}",
                                                      "deny": True})
