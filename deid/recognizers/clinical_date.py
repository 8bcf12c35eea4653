"""Dates in the formats clinicians write: 3/4, 03-04-2021, 2021-03-04, Jan 3rd, 3rd of
January, Jan '21, times written beside a date, ranges ("3/4-3/6", "Jan 3-5"), weekdays next to
a date cue (strict profile), holidays. Patterns and the "not a date" word lists are in
clinical_date.yaml."""

import functools

import regex

from deid.recognizers.base import DataRecognizer, alternation

FRACTION = regex.compile(r"(?<![\w/.])(\d{1,2})/(\d{1,2})(?![\w/]|\.\d)")
# what may stand between two members of a list: "2/10, 3/10 and 1/10", "3/10; 4/10"
LIST_GAP = regex.compile(r"[ \t]*(?:[,;]|and|or|then|to|-|–)?[ \t]*(?:and[ \t]+)?", regex.IGNORECASE)
# a sentence ends at a line break or at . ; ! ? before a space, a comma (MTSamples writes its line
# breaks as ".,") or the end; not at a decimal point
SENTENCE_END = regex.compile(r"\n|[.;!?](?=[\s,]|$)")
SENTENCE_WINDOW = 120
# any fraction-like grade in the same sentence: "4+/4+", "2/2+", "5/5-", "1+/1+", "Trace/Trace"
MARKED_GRADE = regex.compile(r"(?<![\w/])(?:\d{1,2}[+\-]{1,2}/\d{1,2}[+\-]?|\d{1,2}/\d{1,2}[+\-]{1,2})(?![\d/])"
                             r"|(?i:\btrace/trace\b)")


class ClinicalDateRecognizer(DataRecognizer):
    DATA_FILE = "clinical_date.yaml"
    MODULE_FILE = __file__

    def refine_not_a_grade(self, text: str, start: int, end: int):
        """None when the short fraction is a score or an exam grade rather than a month/day.

        * a list of fractions over one denominator with another numerator ("VAS 2/10, 3/10,
          7/10"): scores share the denominator, while a run of dates shares the month ("3/10, 3/11");
        * an exam word in its sentence ("Patellar 3/3", "knee extensors 4/4", "1/1 at Achilles",
          "Pupils 2/3 decreasing to 1/1", "Strength is 5/5 for all groups tested");
        * a rating word a few words before ("pain at the incision site, 3/10");
        * beside grades no date can be: signed ("2+/2+ patellae, 1/1 Achilles"), a zero or
          two numbers above 12 ("13/16 for balance and 9/12 for gait"; "sbo 10/95" is a month
          with its year), or two
          fractions that both repeat their number ("3/3 proximal and 4/4 distal");
        unless a date cue stands right before it ("seen on 4/5", "since 3/3"). A date carrying a
        clock time is never a bare fraction and stays."""
        match = FRACTION.fullmatch(text, start, end)
        if match is None:
            return start, end
        if self._outside_score_list(text, start, end, match) is None:
            return None
        if self._date_cue_before.search(text, max(0, start - 40), start):
            return start, end
        sentence_start, sentence_end = self._sentence(text, start, end)
        sentence = text[sentence_start:sentence_end]
        if self._exam_words.search(sentence):
            return None
        if self._rating_before.search(text, max(sentence_start, start - 45), start):
            return None
        equal = match.group(1) == match.group(2)
        for other in FRACTION.finditer(text, sentence_start, sentence_end):
            if other.start() == start:
                continue
            a, b = int(other.group(1)), int(other.group(2))
            if a == 0 or b == 0 or (a > 12 and b > 12) or (equal and a == b):  # no month either way
                return None
        if MARKED_GRADE.search(sentence):
            return None
        return start, end

    def _outside_score_list(self, text: str, start: int, end: int, match):
        for neighbour in self._neighbours(text, start, end):
            if neighbour.group(2) == match.group(2) and neighbour.group(1) != match.group(1):
                return None
        return start, end

    @staticmethod
    def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
        window = max(0, start - SENTENCE_WINDOW)
        sentence_start = window
        for stop in SENTENCE_END.finditer(text, window, start):
            sentence_start = stop.end()
        stop = SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_WINDOW))
        return sentence_start, stop.start() if stop else min(len(text), end + SENTENCE_WINDOW)

    @functools.cached_property
    def _vocab(self) -> dict:
        return self.spec.get("vocab", {})

    @functools.cached_property
    def _exam_words(self):
        return regex.compile(r"(?<![\p{L}])(?i:" + alternation(self._vocab["exam_words"])
                             + r")(?![\p{L}])(?![ \t]+(?i:vehicle))")

    @functools.cached_property
    def _rating_before(self):
        return regex.compile(r"(?<![\p{L}])(?i:" + alternation(self._vocab["rating_words"])
                             + r")(?![\p{L}])[^\n\d.;]{0,35}$")

    @functools.cached_property
    def _date_cue_before(self):
        return regex.compile(r"(?<![\p{L}])(?i:" + alternation(self._vocab["date_cues"]) + r")[ \t:]+$")

    @staticmethod
    def _neighbours(text: str, start: int, end: int):
        after = FRACTION.match(text, LIST_GAP.match(text, end).end())
        if after is not None:
            yield after
        window = max(0, start - 16)
        for before in FRACTION.finditer(text, window, start):
            if LIST_GAP.fullmatch(text, before.end(), start):
                yield before
