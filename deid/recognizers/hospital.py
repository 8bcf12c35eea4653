"""US hospitals and health systems by name, in any case, with or without a hospital word:
"transferred to mgh", "back to st lukes today", "Is Johns Hopkins better", "pcp at Kaiser",
"screened by SPAULDING REHAB", "NEBH" (issue 15, item 4).

The forms come from hospital_forms.csv (derived by hospital_forms.py from the CMS list and the
curated health systems in hospital.yaml). A note's words are normalised the same way
(lower case, apostrophes dropped, "saint" -> "st") and looked up as runs of up to
``max_form_words`` words, longest first. Whether a found form is PHI depends on its class:

* ``anywhere``: always (a full name, "massachusetts general", "upmc"); initials only after a
  cue ("to mgh", "d/c'd to NEBH") or before a facility word ("MGH ED"): many are also clinical
  abbreviations ("SAH", "PNH", "PBMC");
* ``cued``: a place cue just before it ("to", "from", "at", "transferred to" ...), a facility
  word just after it ("norwood ew", "mercy er"), or, for two or more words, capitals
  ("Good Samaritan");
* ``strongly_cued``: a cue of two or more words before it ("transferred to baptist") or a
  facility word after it.

A form after a payer cue on its line ("Payer: Kaiser Permanente", "prior auth submitted to ...")
names the patient's insurer, which is no PHI, and is skipped.

A facility word after the form joins the span. The span is LOCATION; the deny list does not veto
it (the gazetteer and the cue are the evidence; "Kaiser" is also a payer on the deny list).
"""

from __future__ import annotations

import functools

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.base import DEFAULT_PROFILE, alternation
from deid.recognizers.hospital_forms import SPEC_FILE, normalise, read_forms_file
from deid.recognizers.person_name import _mixed_case
from deid.recognizers.wordlists import is_common_word
from deid.resources import data_file, load_data

WORD = regex.compile(r"[\p{L}\d]+(?:['’][\p{L}]+)?")
# compiled once: regex.match(<pattern string>, ...) looks the string up in the regex module's
# cache on every call (~30 µs, tens of calls a note)
NAME_GAP = regex.compile(r"[ \t.\-’'&/]*")
LABEL_GAP = regex.compile(r"[ \t]*:?[ \t]*")
SPACES = regex.compile(r"[ \t]+")
APOSTROPHES = str.maketrans("", "", "'’`")
SCORE = 0.85


@functools.lru_cache(maxsize=1)
def _forms() -> dict[tuple[str, ...], tuple[str, str]]:
    return {tuple(form.split()): (kind, where) for form, kind, where in read_forms_file()}


class HospitalRecognizer(EntityRecognizer):
    def __init__(self, spec: dict | None = None, profile: str = DEFAULT_PROFILE):
        self.spec = spec if spec is not None else load_data(data_file(__file__, SPEC_FILE))
        self.profile = profile
        self.forms = _forms()
        self.max_words = max(len(f) for f in self.forms)
        self.prefixes = {form[:size] for form in self.forms for size in range(1, len(form) + 1)}
        self.expand = {str(k): tuple(str(v).split()) for k, v in self.spec["abbreviations"].items()}
        self.cues = {tuple(normalise(str(c))) for c in self.spec["cues"]}
        self.strong_cues = {c for c in self.cues if len(c) >= 2}
        self.initials_cues = self.cues - {tuple(normalise(str(w))) for w in self.spec["not_initials_cues"]}
        self.payer_cue = regex.compile(rf"(?<![\p{{L}}])(?:{alternation(self.spec['payer_cues'])})(?![\p{{L}}])",
                                       regex.IGNORECASE)
        self.max_cue = max(len(c) for c in self.cues)
        self.after = {tuple(normalise(str(w))) for w in self.spec["after_words"]}
        self.max_after = max(len(a) for a in self.after)
        # after-words that also follow everyday words ("good health", "primary care"): no
        # evidence of a facility after a form made only of everyday words
        self.weak_after = frozenset(str(w) for w in self.spec.get("weak_after_words", ()))
        # a maker's or an eponym's product after the form ("St. Jude mechanical valve")
        self.product_words = frozenset(str(w) for w in self.spec.get("product_words", ()))
        super().__init__(supported_entities=["LOCATION"], name="HospitalRecognizer", supported_language="en")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        return list(self.candidates(text))

    def candidates(self, text: str):
        words = self._words(text)
        index = 0
        while index < len(words):
            found = self._match_at(text, words, index)
            if found is None:
                index += 1
                continue
            end_index, kind = found
            yield RecognizerResult(
                entity_type="LOCATION", start=words[index][0], end=words[end_index - 1][1], score=SCORE,
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{kind}", "deny": False})
            index = end_index

    def _words(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, normalised word, original word); one original word may give several
        normalised words ("rmc" -> regional medical center), all with its offsets. The same
        normalisation as hospital_forms.normalise, word by word (fast: no regex per word)."""
        out = []
        previous_end = 0
        for match in WORD.finditer(text):
            ampersand = text.find("&", previous_end, match.start())
            if ampersand >= 0:  # "Brigham & Women's" is "brigham and womens"
                out.append((ampersand, ampersand + 1, "and", "&"))
            previous_end = match.end()
            original = match.group()
            word = original.lower().translate(APOSTROPHES)
            for part in self.expand.get(word, (word,)):
                out.append((match.start(), match.end(), part, original))
        return out

    def _match_at(self, text: str, words, index: int) -> tuple[int, str] | None:
        """(index after the span, kind) for the longest accepted form starting at ``index``."""
        sizes = []  # the forms starting here, found by walking the prefix set word by word
        key: tuple[str, ...] = ()
        for end in range(index, min(index + self.max_words, len(words))):
            if end > index and not self._adjacent(text, words, end - 1, end + 1):
                break
            key += (words[end][2],)
            if key not in self.prefixes:
                break
            if key in self.forms:
                sizes.append(len(key))
        for size in reversed(sizes):
            kind, where = self.forms[tuple(w[2] for w in words[index:index + size])]
            if self._product_after(text, words, index + size):
                continue  # "St. Jude mechanical valve", "Boston Scientific", "Parkland technique"
            after_end = self._after_word(text, words, index + size)
            # where the writer uses capitals, everyday words in lower case are no name either
            lower_case = all(w[3].islower() for w in words[index:index + size]) and _mixed_case(text)
            if after_end is not None and (kind == "brand" or lower_case) and self._everyday(words, index, index + size) \
                    and all(w[2] in self.weak_after for w in words[index + size:after_end]):
                after_end = None  # "in good health", "major medical issues": an everyday phrase, no facility
            if self._accepted(text, words, index, index + size, kind, where, after_end is not None):
                return (after_end or index + size), kind
        return None

    def _product_after(self, text: str, words, end: int) -> bool:
        """A product word within two words after the form, spaces only between (hospital.yaml
        product_words; "St. Luke's. Lead placement" is another sentence)."""
        for position in range(end, min(end + 2, len(words))):
            gap = text[words[position - 1][1]:words[position][0]]
            if words[position - 1][1] != words[position][1] and not SPACES.fullmatch(gap):
                return False
            if words[position][2] in self.product_words:
                return True
            if words[position][2] in STOP_WORDS:
                return False  # "transferred from St. John's for icd": the product is another's
        return False

    @staticmethod
    def _everyday(words, start: int, end: int) -> bool:
        """Every word is an everyday word ("good", "bear"; WordNet alone would take towns and
        given names: "columbus", "george")."""
        return all(is_common_word(w[3]) for w in words[start:end])

    @staticmethod
    def _adjacent(text: str, words, start: int, end: int) -> bool:
        """The words are one name: only spaces, dots, dashes or apostrophes between them."""
        return all(NAME_GAP.fullmatch(text[words[i][1]:words[i + 1][0]])
                   for i in range(start, end - 1) if words[i][1] != words[i + 1][1])

    def _accepted(self, text, words, start, end, kind, where, facility_after) -> bool:
        originals = [w[3] for w in words[start:end]]
        line_start = text.rfind("\n", 0, words[start][0]) + 1
        if self.payer_cue.search(text, max(line_start, words[start][0] - 60), words[start][0]):
            return False
        if kind == "initials":  # "SAH", "PBMC", "PNH" are also clinical: a cue or a facility word
            return facility_after or self._cue_before(text, words, start, self.initials_cues)
        if where == "anywhere":
            return True
        if facility_after:
            return True
        if where == "strongly_cued" or (kind == "brand" or _mixed_case(text)) and all(o.islower() for o in originals) \
                and self._everyday(words, start, end):
            # "in spring", "in the van": a brand in everyday lower-case words needs a cue of two words;
            # so does any form in everyday lower-case words where the writer uses capitals ("able to
            # bend her thumb")
            # (a town's name is a head, not a brand: "pt from tucson" keeps its one-word cue)
            return self._cue_before(text, words, start, self.strong_cues)
        if len(originals) >= 2 and all(o[0].isupper() for o in originals if len(o) > 2):
            return True  # "Good Samaritan", "GOOD SAMARITAN": case makes a name of everyday words
        return self._cue_before(text, words, start, self.cues)

    def _cue_before(self, text: str, words, start: int, cues) -> bool:
        """A cue ends right before the form ("transferred to mgh", "arrived from the norwood")."""
        position = start
        if position > 0 and words[position - 1][2] == "the" and self._gap_ok(text, words, position - 1):
            position -= 1
        if position == 0 or not self._gap_ok(text, words, position):
            return False
        for size in range(1, self.max_cue + 1):
            if position - size < 0:
                break
            if tuple(w[2] for w in words[position - size:position]) in cues:
                return True
        return False

    @staticmethod
    def _gap_ok(text: str, words, position: int) -> bool:
        """Only spaces (or a colon) between word ``position - 1`` and word ``position``."""
        return position > 0 and LABEL_GAP.fullmatch(text[words[position - 1][1]:words[position][0]]) is not None

    def _after_word(self, text: str, words, end: int) -> int | None:
        """Index after a facility word that follows the form ("norwood ew", "SPAULDING REHAB")."""
        if end >= len(words) or not self._gap_ok(text, words, end):
            return None
        for size in range(self.max_after, 0, -1):
            if end + size <= len(words) and tuple(w[2] for w in words[end:end + size]) in self.after:
                return end + size
        return None
