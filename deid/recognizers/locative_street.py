"""Streets with no street word, named by a locative cue: "The bus station is on Pod Floriánem
1677", "The restaurant is at 9816 214 Pavlou Drandaki", "drops you off at 74678 midtvollen
130 st.", "at Locavore, 641 Dašická 688, Turkovice u Prelouce" (cues, shapes and the words
that veto a run in locative_street.yaml), then the rest of the address (address_block.py).

The cue alone is weak in clinical text ("located at 3 o'clock", "is on Lasix 40"), so the
words must also name something: one of them is no everyday English word and no deny word,
and none is a measure, a dose or a clinical position.
"""

from __future__ import annotations

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.address_block import address_tail_end, rest_of_address
from deid.recognizers.base import DEFAULT_PROFILE, CompiledPattern, DataRecognizer
from deid.recognizers.street_address import StreetAddressRecognizer
from deid.recognizers.wordlists import is_common_word
from deid.resources import load_data

TOKEN = regex.compile(r"[^\s]+")


class LocativeStreetRecognizer(DataRecognizer):
    DATA_FILE = "locative_street.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        self._never = frozenset(str(w).lower() for w in self.spec["vocab"]["never_words"])
        street_vocab = load_data(StreetAddressRecognizer.data_path())["vocab"]
        self._particles = frozenset(str(w).lower() for w in street_vocab["street_particles"])
        self._street_types = frozenset(str(w).lower() for w in self.spec["vocab"]["trailing_street_types"])
        # deny-able: a town line that is all clinical words is no address
        self._tail = CompiledPattern(name="address_tail", label="LOCATION", pattern=None, score=0.7, deny=True)

    def analyze(self, text, entities, nlp_artifacts=None):
        """Each cued street, then the rest of its address: units, town, region, postcode."""
        results = []
        for result in self.candidates(text):
            results.append(result)
            rest = rest_of_address(text, result.end, address_tail_end(text, result.end))
            results.extend(self._result(self._tail, start, end) for start, end in rest)
        return results

    def refine_street_words(self, text: str, start: int, end: int):
        """The run up to its street number or, with the number first, up to the first stop
        word ("is at 12 Pavlou Drandaki for lunch"); None unless a word names something and
        none is a measure or a clinical position."""
        tokens = list(TOKEN.finditer(text, pos=start, endpos=end))
        bare = [t.group().lower().rstrip(".,") for t in tokens]
        numbers = [bool(regex.fullmatch(r"\d+[a-z]?", b)) for b in bare]
        number_last = numbers[-1] or (len(bare) > 1 and bare[-1] in self._street_types and numbers[-2])
        kept_end, names_something = end, False
        for i, (token, word) in enumerate(zip(tokens, bare)):
            if numbers[i] or (word in self._street_types and i > 0 and numbers[i - 1]):
                continue
            if word in self._never:
                return None
            if word in STOP_WORDS and word not in self._particles:
                if number_last or i == 0:
                    return None  # "is at home for 2": a stop word inside a street ending in its number
                kept_end = tokens[i - 1].end()
                break
            if (len(word) >= 3 and regex.fullmatch(r"[\p{L}'’\-]+", word) and not is_common_word(word)
                    and not self._deny_list().vetoes(word)):
                names_something = True
        if not names_something:
            return None
        return start, kept_end
