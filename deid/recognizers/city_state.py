"""Cities, counties and states: "City, ST 12345", "Columbus, Ohio", state names, towns after a
residence cue ("lives in ..."), "X County", the town of an address line. Lists in
city_state.yaml; spaCy's GPE entities (ner.py) cover cities without a cue."""

from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.base import DataRecognizer
from deid.recognizers.wordlists import is_common_word


class CityStateRecognizer(DataRecognizer):
    DATA_FILE = "city_state.yaml"
    MODULE_FILE = __file__

    def refine_place(self, text: str, start: int, end: int):
        """Words up to the first stop word; nothing if they are all everyday words
        ("visited THIS MORNING AND" is no town)."""
        words, position = [], start
        for word in text[start:end].split():
            index = text.index(word, position)
            position = index + len(word)
            if word.lower() in STOP_WORDS:
                break
            words.append((index, position, word))
        if not words or all(is_common_word(w.strip(".,")) for _, _, w in words):
            return None
        return words[0][0], words[-1][1]
