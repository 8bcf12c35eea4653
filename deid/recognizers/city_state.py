"""Cities, counties and states: "City, ST 12345", "Columbus, Ohio", state names, towns after a
residence cue ("lives in ..."), "X County", the town of an address line. Lists in
city_state.yaml; spaCy's GPE entities (ner.py) cover cities without a cue."""

import functools

from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.base import DataRecognizer
from deid.recognizers.gazetteer import is_known_place
from deid.recognizers.wordlists import is_common_word


class CityStateRecognizer(DataRecognizer):
    DATA_FILE = "city_state.yaml"
    MODULE_FILE = __file__

    def refine_place(self, text: str, start: int, end: int):
        return place_extent(text, start, end)



@functools.lru_cache(maxsize=1)
def _states() -> frozenset[str]:
    from faker.providers.address.en_US import Provider

    return frozenset(s.lower() for s in Provider.states)


def place_extent(text: str, start: int, end: int):
    """Words up to the first stop word; nothing if they are all everyday words
    ("visited THIS MORNING AND" is no town) unless the gazetteer knows them as a place
    ("moved from Wichita")."""
    words, position = [], start
    for word in text[start:end].split():
        index = text.index(word, position)
        position = index + len(word)
        if word.lower().strip(".,;") in STOP_WORDS:
            break
        words.append((index, position, word))
    while words and not words[-1][2].strip(".,;"):
        words.pop()
    if not words:
        return None
    stripped = [w.strip(".,;") for _, _, w in words]
    if all(is_common_word(w) for w in stripped) and not is_known_place(" ".join(stripped)):
        return None
    return words[0][0], words[-1][1] - (len(words[-1][2]) - len(words[-1][2].rstrip(".,;")))

def address_tail_extent(text: str, start: int, end: int):
    """The town (county, state code, ZIP) after a street line: refine_place on the part
    before the first comma, and the rest kept only when the town is."""
    head_end = text.find(",", start, end)
    head = place_extent(text, start, head_end if head_end >= 0 else end)
    if head is None:
        return None
    if head_end < 0 or head[1] < head_end - 1:
        return head
    return head[0], end
