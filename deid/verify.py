"""The verification detector: a second, *different* method for de-identified text.

The first pass (deid/detect.py) relies on spaCy's statistical NER plus cue patterns. This
one uses no spaCy model and shares none of its recognizers:

* name dictionaries (deid/names.py: Faker's first- and last-name lists in every Latin-script
  locale, gender-guesser's given names, Census surnames) over a plain regex tokenisation;
* capitalisation: a capitalised first name followed by a capitalised word is a full name;
  a capitalised dictionary name that is not an everyday English word is a name even alone;
  sentence-initial capitals and everyday words ("Will", "Hope") need more evidence;
* context: titles and relatives before a token (any case for dictionary names);
* digit and '@' shapes (phones, dates, long IDs, e-mail) written independently.

With ``[deid] learned_verify`` the learned model (deid/learned/, a tagger trained on our own
gold, not spaCy's NER) gives a second opinion: it vetoes hits it is sure are no PHI and adds
spans it is sure are (deid/learned/second_opinion.py).

Its hits on de-identified text that are not our surrogates go to review (contracts §3).
Thresholds and word lists: data/verify.yaml.
"""

from __future__ import annotations

import regex

from deid.deny import DenyList
from deid.merge import merge_spans
from deid.names import extended_first_names, extended_last_names, first_names, last_names
from deid.recognizers.wordlists import in_wordnet, is_common_word
from deid.resources import data_file, load_data
from deid.settings import deid_settings
from deid.spans import Span

TOKEN = regex.compile(r"[\p{L}][\p{L}'’\-]*|\d+|\n|[^\s\p{L}\d]")
SOURCE = "verify"


class VerificationDetector:
    def __init__(self, config=None):
        self.settings = deid_settings(config)
        spec = load_data(data_file(__file__, "data/verify.yaml"))
        self.scores = spec["scores"]
        self.titles = frozenset(spec["titles"])
        self.relatives = frozenset(spec["relatives"])
        self.breaks = frozenset(spec["sentence_breaks"])
        self.shapes = [(s["label"], self.scores[s["score_key"]], regex.compile(s["regex"])) for s in spec["shapes"]]
        self.first = frozenset(n.lower() for n in first_names())
        self.last = frozenset(n.lower() for n in last_names())
        # gender-guesser's and the Census's names: evidence only for words that are no
        # everyday English word (they list "Royal" and "Wisdom" too)
        self.any_name = frozenset(n.lower() for n in extended_first_names() | extended_last_names())
        self.threshold = self.settings["verify_score_threshold"]
        self.deny = DenyList()  # data, not a recognizer: "LAD" or "Foley" alone is not a name
        # the learned model (deid/learned/) as a second opinion: vetoes hits it is sure are no
        # PHI, adds spans it is sure are (deid/learned/second_opinion.py)
        self.learned = None
        if self.settings["learned_verify"]:
            from deid.learned.model import LearnedModel
            from deid.learned.second_opinion import thresholds

            from deid.engine import numpy_blas

            self.learned = LearnedModel.load(self.settings["learned_model"] or None)
            numpy_blas(self.learned.nlp)  # the same scores' argmax, less CPU (deid/engine.py)
            self.opinion = thresholds()

    def detect(self, text: str) -> list[Span]:
        return self.detect_batch([text])[0]

    def detect_batch(self, texts: list[str], batch_size: int | None = None) -> list[list[Span]]:
        hits = [self._detect_one(text) if text else [] for text in texts]
        if self.learned is None:
            return hits
        from deid.learned.second_opinion import review_hits

        scores = self.learned.token_scores(texts)
        return [merge_spans(review_hits(note_hits, note_scores, self.learned.decode(text, note_scores), self.opinion,
                                        text, self.deny))
                for text, note_hits, note_scores in zip(texts, hits, scores)]

    # -- names -------------------------------------------------------------------------
    def _is_name(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.first or lower in self.last or lower in self.any_name and not is_common_word(word)

    def _names(self, text: str) -> list[Span]:
        tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
        spans = []
        for i, (word, start, end) in enumerate(tokens):
            if not word[0].isalpha() or word.lower() in self.titles or word.lower() in self.relatives:
                continue
            previous = tokens[i - 1][0].lower() if i else "\n"
            before_previous = tokens[i - 2][0].lower() if i > 1 else "\n"
            capitalised = word[0].isupper()
            dictionary = self._is_name(word)
            common = is_common_word(word)
            after_title = previous in self.titles or previous == "." and before_previous in self.titles
            after_relative = previous in self.relatives or previous in (",", ":") and before_previous in self.relatives
            score = 0.0
            if capitalised and after_title:
                score = self.scores["title"]
            elif after_relative and (not in_wordnet(word) and (capitalised or dictionary)
                                     or capitalised and word.lower() in self.first):
                score = self.scores["relative"]
            elif capitalised and dictionary and word.lower() in self.first and self._next_capitalised(tokens, i):
                score = self.scores["first_and_last"]
            elif capitalised and dictionary and not common:
                sentence_start = previous in self.breaks
                all_caps = word.isupper()
                if all_caps:
                    score = self.scores["dictionary_caps"] if len(word) > 2 else 0.0
                elif not sentence_start or self._next_capitalised(tokens, i):
                    score = self.scores["dictionary_rare"]
            elif word.islower() and dictionary and len(word) >= 4 and not in_wordnet(word):
                score = self.scores["dictionary_lower"]  # "janssen": lower-case notes
            if score >= self.threshold and not (after_title or after_relative) and self.deny.vetoes(word):
                score = 0.0
            if score >= self.threshold:
                end_index = i
                while self._next_capitalised(tokens, end_index) and end_index - i < 2:
                    end_index += 1
                spans.append(Span(start, tokens[end_index][2], "NAME", score, f"{SOURCE}.name"))
        return spans

    @staticmethod
    def _next_capitalised(tokens, i) -> bool:
        if i + 1 >= len(tokens):
            return False
        word = tokens[i + 1][0]
        return word[0].isalpha() and word[0].isupper() and len(word) > 1 and not is_common_word(word)

    # -- everything together -------------------------------------------------------------
    def _detect_one(self, text: str) -> list[Span]:
        spans = self._names(text)
        from deid.learned.shape_gate import date_shaped

        for label, score, pattern in self.shapes:
            if score >= self.threshold:
                # a date shape must be a month and day in some order with no score, range or unit
                # beside it ("10-12 days", "90-92%", "MIC < 1/19" are readings the first pass let be)
                spans.extend(Span(m.start(), m.end(), label, score, f"{SOURCE}.{label.lower()}")
                             for m in pattern.finditer(text)
                             if label != "DATE" or date_shaped(text, m.start(), m.end()))
        return merge_spans(spans)
