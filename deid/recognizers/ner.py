"""spaCy NER entities as PHI spans: PERSON -> NAME, GPE/LOC/FAC -> LOCATION, DATE -> DATE
(mapping in deid/data/nlp_engine.yaml). Boundaries are trimmed of punctuation and a
possessive "'s"; every NAME/LOCATION is subject to the deny list (deid/deny.py)."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from deid.recognizers.base import DEFAULT_PROFILE
from deid.recognizers.ner_clinical import (WORD, clinical_list_neighbour, clinical_word_shape, eponym_reading,
                                           in_manufacturer_tuple, inner_capitals, lab_value_after, lower_case_inside,
                                           near_clinical_word, person_cue_before, everyday_word_no_name)
from deid.recognizers.wordlists import is_common_word
from deid.resources import data_file, load_data

TRIM_LEFT = regex.compile(r"^[\W_]+")
TRIM_RIGHT = regex.compile(r"(?:['’]s|[\W_])+$")
# compiled once (as ner_clinical's WORD): regex.match(<pattern string>, ...) looks the string up
# in the regex module's cache on every call (~30 µs, tens of calls a note)
ET_AL_END = regex.compile(r"(?i)\bet\.?[ \t]+al\.?$")
HYPHEN_LOWER = regex.compile(r"-\p{Ll}")
PLACE_PREPOSITION_END = regex.compile(r"(?i:\b(?:at|to|from|in|into|of)[ \t]+)$")
CAPITALISED_LEAD = regex.compile(r"(\p{Lu}\p{Ll}+)[ \t]+(?=\p{L})")
SPACE_LOWER = regex.compile(r"[ \t]+\p{Ll}")
LETTERS_DIGITS = regex.compile(r"\p{L}[\p{L}\d]*")


def _eponym_heads(spec: dict) -> list[str]:
    """full_name.py's eponym heads (its patterns veto the same context) plus ner.yaml's extra ones."""
    return list(load_data(data_file(__file__, spec["eponym_heads_file"]))["vocab"]["eponym_heads"]) + list(
        spec.get("extra_eponym_heads", []))


def _eponym_context(spec: dict):
    """After a name word: 0-2 modifiers, then an instrument/procedure head."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from deid.recognizers.base import alternation

    endings = "|".join(spec.get("eponym_modifier_endings", [])) or "(?!)"
    stops = alternation(sorted(STOP_WORDS))
    modifier = (r"(?-i:\p{Lu}[\p{Lu}\d\-]*|[#\d][\w\-]*|left|right|\p{Ll}+(?:omy|scopy|plasty)"
                rf"|(?!(?:{stops})(?![\p{{L}}]))\p{{Ll}}{{2,}}(?:{endings}))")
    return regex.compile(rf"(?:['’]s)?(?:[ \t]+{modifier}){{0,2}}[ \t]+(?:{alternation(_eponym_heads(spec))})(?![\p{{L}}])",
                         regex.IGNORECASE)


class NerRecognizer(EntityRecognizer):
    def __init__(self, spec: dict | None = None, profile: str = DEFAULT_PROFILE):
        self.spec = spec if spec is not None else load_data(data_file(__file__, "ner.yaml"))
        self.profile = profile
        self.calendar_shape = regex.compile(self.spec["calendar_must_match"])
        self.scores = self.spec["scores"]
        self.date_shape = regex.compile(self.spec["date_must_match"])
        self.name_shape = regex.compile(self.spec["name_must_match"])
        self.proper_shape = regex.compile(self.spec["proper_must_match"])
        self.need_uncommon = frozenset(self.spec["require_uncommon_word"])
        from deid.names import first_names, last_names

        self.first_names = {n.lower() for n in first_names()}
        self.determiners = frozenset(self.spec["determiners"])
        self.drug_suffixes = tuple(self.spec["drug_suffixes"])
        self.clinical_suffixes = tuple(self.spec["clinical_suffixes"])
        self.eponym_after = _eponym_context(self.spec)
        self.eponym_heads = frozenset(h.lower() for h in _eponym_heads(self.spec))
        self.product_after = regex.compile(self.spec["product_after"])
        self.product_context_after = regex.compile(self.spec["product_context_after"])
        self.product_context_before = regex.compile(self.spec["product_context_before"])
        self.citation_after = regex.compile(self.spec["citation_after"])
        self.scale_grade_after = regex.compile(self.spec["scale_grade_after"])
        self.section_header_after = regex.compile(self.spec["section_header_after"])
        from deid.deny import DenyList

        self.deny = DenyList()
        self.last_names = {n.lower() for n in last_names()}
        self.place_abbreviations = frozenset(str(a).upper() for a in self.spec["place_abbreviations"])
        self.states = frozenset(str(s).lower() for s in load_data(data_file(__file__, "city_state.yaml"))["vocab"]["states"])
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
            if label in ("NAME", "LOCATION"):
                start = self._lead_word_trimmed(text, start, end)
            value = text[start:end]
            if start >= end:
                continue
            if label == "DATE" and not self.date_shape.search(value):
                continue
            if label == "DATE" and self.profile != "strict" and not self.calendar_shape.search(value):
                continue  # "on Tuesday": a weekday names no date (Safe Harbor); strict flags it
            if label == "NAME" and not self.name_shape.search(value):
                continue
            if label in self.need_uncommon and not self._proper(value, text, start):
                continue
            if label == "NAME" and value.isupper() and not any(
                    w.lower() in self.first_names or w.lower() in self.last_names for w in WORD.findall(value)):
                continue  # in ALL-CAPS notes the small model calls findings names: want dictionary evidence
            if label == "NAME" and self._section_header(value, text, start, end):
                continue  # "AORTIC ARCH ANGIOGRAM:", "CHIEF COMPLAINT - REASON FOR VISIT:": a heading
            if label == "NAME" and self._object_not_person(value, text, start):
                continue
            if label == "NAME" and not self._name_evidence(value):
                continue  # "Cautionary Tales", "Wisdom and Discipline": everyday words, no name
            if label == "NAME" and len(WORD.findall(value)) <= 2 and self.eponym_after.match(text, end):
                continue  # "Seldinger technique", "Ziehl Nielsen stain", "Fuhrman grade": an eponym
            if label in ("NAME", "LOCATION") and self._ends_with_eponym_head(value, text, start):
                continue  # "TED hose", "Seldinger Technique", "Angio Suite": the head is inside the span
            if label == "DATE" and self._modal_may(value, text, start, end):
                continue  # "May also need to consider": the verb, at a sentence start
            if label in ("NAME", "LOCATION") and self.product_after.match(text, end):
                continue  # "Supradyn®", "Rigiflex™": a registered product name
            if label in ("NAME", "LOCATION") and self._in_product_context(value, text, start, end):
                continue  # "with 0 Polysorb", "Lortab Elixir", "20 mg of Kenalog": a brand
            if label in ("NAME", "LOCATION") and len(WORD.findall(value)) <= 2 and self.eponym_after.match(text, end):
                continue  # "Philadelphia collar", "Denver splint": a place-named instrument
            if label == "NAME" and (self.citation_after.match(text, end) or ET_AL_END.search(value)):
                continue  # "Wei et al.": a cited author
            if label == "NAME" and len(WORD.findall(value)) == 1 and self.scale_grade_after.match(text, end):
                continue  # "Bosniak I", "Robson II", "Gleason X": a classification and its grade
            if label in ("NAME", "LOCATION") and self._clinical_edge(value):
                continue  # "Streptococcus milleri", "Neisseria Gonorrhoeae": a genus starts it
            if label in ("NAME", "LOCATION") and self._clinical_term(value):
                continue
            if label in ("NAME", "LOCATION") and self._clinical_reading(value, text, start, end):
                continue  # an eponym, a drug or lab spelled abroad, a maker in a product tuple
            if label == "LOCATION" and self.profile != "strict" and self._country_or_state(value):
                continue  # "returned to Morocco", "from Indiana": larger than what Safe Harbor removes
            if label == "LOCATION" and self._abbreviation(value):
                continue  # "in the LE", "adjuvant RT", "HBsAg": spaCy's place guesses on abbreviations
            if label == "LOCATION" and self._looks_like_person(value):
                label = "NAME"  # spaCy often calls an unfamiliar full name a GPE
            if label in ("NAME", "LOCATION") and self.deny.vetoes(value):
                continue  # here, not after analyze(): Presidio's de-duplication would let this
                # span hide a same-span cue match ("niece Kelly") that the deny list spares
            results.append(RecognizerResult(
                entity_type=label, start=start, end=end, score=self.scores[label],
                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: f"{self.name}.{label}",
                                      "deny": label in ("NAME", "LOCATION")}))
        return results

    def _clinical_reading(self, value: str, text: str, start: int, end: int) -> bool:
        """ner_clinical.py's kinds; never after a person cue ("Mr. Parkinson", "son Inhibo")."""
        if person_cue_before(text, start):
            return False
        if eponym_reading(value, text, start, end) or in_manufacturer_tuple(text, start, end):
            return True
        words = WORD.findall(value)
        if lower_case_inside(value) or clinical_list_neighbour(text, start, end):
            return True
        if HYPHEN_LOWER.match(text[end:end + 2]):
            return True  # "Alpha-fetoprotein", "Bricker-type": the first part of a compound word
        if any(inner_capitals(w) for w in words):
            return True  # "PegINF", "antiHBs": an abbreviation, not a name
        if len(words) != 1:
            return False
        word = words[0]
        if near_clinical_word(word) or clinical_word_shape(word) or (
                word.lower() not in self.first_names and word.lower() not in self.last_names
                and self._prefixed_clinical_word(word.lower())):
            return True
        if everyday_word_no_name(word) and not PLACE_PREPOSITION_END.search(text[max(0, start - 8):start]):
            return True  # "Proton density", "the Operating Suite"; "here at Promise" names a facility and stays
        return (len(word) <= self.spec["lab_name_max_letters"] and word.lower() not in self.first_names
                and lab_value_after(text, end))  # "Hto 29.6%", "Leuc 13.800/μL"

    @staticmethod
    def _sentence_start(text: str, start: int) -> bool:
        before = text[max(0, start - 3):start].rstrip(" \t")
        # "," too: flattened exports run headers into text ("DIAGNOSIS: , Appendicitis")
        return start == 0 or before == "" or before[-1] in ".:;!?,\n-*•"

    def _lead_word_trimmed(self, text: str, start: int, end: int) -> int:
        """Where the entity starts once an everyday word opening a sentence is cut off ("Add
        Florastor", "Utilizing Endoclips", "Standard Judkins", "Estimate EF"): spaCy ran the
        capitalised verb or adjective into the next word. A word a name list holds stays
        ("Will Smith", "Grace Hopper")."""
        match = CAPITALISED_LEAD.match(text[start:end])
        if match is None or not self._sentence_start(text, start):
            return start
        word = match.group(1).lower()
        if not is_common_word(word) or word in self.first_names or word in self.last_names:
            return start
        return start + match.end()

    def _ends_with_eponym_head(self, value: str, text: str, start: int) -> bool:
        """Two or three words whose last is an eponym head, with no person cue before: an
        instrument, technique or room, not a person. A capitalised head after a given name may
        be a surname ("Ted Hose"); a head in lower case never is ("TED hose")."""
        words = WORD.findall(value)
        return (2 <= len(words) <= 3 and words[-1].lower() in self.eponym_heads
                and (words[-1].islower() or words[0].lower() not in self.first_names)
                and not person_cue_before(text, start))

    def _section_header(self, value: str, text: str, start: int, end: int) -> bool:
        """An ALL-CAPS entity that only capitalised words and a colon follow on its line is
        (part of) a section heading, which names a finding, a procedure or a field, never a
        person ("AORTIC ARCH ANGIOGRAM:", "CHIEF COMPLAINT - REASON FOR VISIT:"). A person cue
        before it still makes it a person ("DR. ARCHER:"); a name after the colon is no heading
        ("PCP: JOHN ARCHER")."""
        return (value.isupper() and self.section_header_after.match(text, end) is not None
                and not person_cue_before(text, start))

    def _modal_may(self, value: str, text: str, start: int, end: int) -> bool:
        return (value == "May" and self._sentence_start(text, start)
                and SPACE_LOWER.match(text[end:end + 3]) is not None)

    def _name_evidence(self, value: str) -> bool:
        """A NAME needs one word that is no everyday English word or that the wide name
        dictionaries list; Title case alone makes no name of "Salesperson" or "Guilty Pleasures"."""
        if not self.spec.get("name_needs_evidence"):
            return True
        if not hasattr(self, "_any_names"):
            from deid.names import extended_first_names, extended_last_names

            self._any_names = frozenset(n.lower() for n in extended_first_names() | extended_last_names())
        # a clinical word is no evidence ("HO AWARE", "GU- foley patent", "CV- levo"): the
        # deny list vetoes a span only when EVERY word is listed, and "aware" is not
        return any((not is_common_word(w) or w.lower().rstrip("'’s") in self._any_names or w.lower() in self._any_names)
                   and not self.deny.vetoes(w) for w in WORD.findall(value))

    def _proper(self, value: str, text: str, start: int) -> bool:
        """Capitalised and digit-free; if made only of everyday words, Title case mid-sentence."""
        if not self.proper_shape.search(value):
            return False
        words = WORD.findall(value)
        if any(not is_common_word(word) for word in words):
            return True
        before = text[max(0, start - 3):start].rstrip(" \t")
        # "," too: flattened exports run headers into text ("DIAGNOSIS: , Appendicitis")
        sentence_start = start == 0 or before == "" or before[-1] in ".:;!?,\n-*•"
        return not sentence_start and not value.isupper() and all(w[0].isupper() for w in words)

    def _object_not_person(self, value: str, text: str, start: int) -> bool:
        """One word, no dictionary evidence, and a determiner before it ("the Tobrex",
        "a Dynesys") or a drug-name ending ("Enoxaparin"): a product, not a person."""
        words = WORD.findall(value)
        if len(words) != 1 or words[0].lower() in self.first_names or words[0].lower() in self.last_names:
            return False
        previous = text[max(0, start - 12):start].split()
        if previous and previous[-1].lower() in self.determiners:
            return True
        return words[0].lower().endswith(self.drug_suffixes)

    def _in_product_context(self, value: str, text: str, start: int, end: int) -> bool:
        """One or two words, no given name among them, where a drug or material brand stands."""
        words = WORD.findall(value)
        if not words or len(words) > 2 or any(w.lower() in self.first_names for w in words):
            return False
        return bool(self.product_context_after.match(text, end)
                    or self.product_context_before.search(text[max(0, start - 24):start]))

    def _clinical_term(self, value: str) -> bool:
        """One word with a clinical ending and no dictionary evidence: spaCy tags section
        words and findings ("Noncontributory", "Esophagogastroduodenoscopy", "Hypoxemia")."""
        words = WORD.findall(value)
        if len(words) != 1 or words[0].lower() in self.first_names or words[0].lower() in self.last_names:
            return False
        word = words[0].lower()
        return word.endswith(self.clinical_suffixes) or self._prefixed_clinical_word(word)

    def _prefixed_clinical_word(self, word: str) -> bool:
        """A clinical prefix before a word English or the clinical lexicon knows ("transesophageal")."""
        from deid.clinical_lexicon import is_clinical_word

        for prefix in self.spec["clinical_prefixes"]:
            stem = word[len(prefix):].lstrip("-")
            if word.startswith(prefix) and len(stem) >= self.spec["clinical_stem_min"] and (
                    is_common_word(stem) or is_clinical_word(stem) or stem.endswith(self.clinical_suffixes)
                    or near_clinical_word(stem)):
                return True
        return False

    def _country_or_state(self, value: str) -> bool:
        from deid.recognizers.address_block import names_country

        return names_country(value, whole=True) or " ".join(value.lower().split()) in self.states

    def _clinical_edge(self, value: str) -> bool:
        """The first or last word is a strong clinical word (deid/clinical_lexicon.py: no name,
        no place): "Streptococcus milleri", "Isoniazid + Rifampicin" are no person or place."""
        from deid.clinical_lexicon import clinical_tiers

        words = [w.lower() for w in WORD.findall(value)]
        strong = clinical_tiers()[0]
        return bool(words) and (words[0] in strong or words[-1] in strong)

    def _abbreviation(self, value: str) -> bool:
        """One short token in capitals, or capitals mixed with lower case ("HBsAg", "pANCA"),
        that is no known place and no city abbreviation (ner.yaml)."""
        from deid.recognizers.gazetteer import is_known_place

        if not LETTERS_DIGITS.fullmatch(value):
            return False
        capitals = sum(1 for c in value if c.isupper())
        if value.isupper():  # a town in an ALL-CAPS note is longer: "NORWOOD", "DEDHAM"
            shaped = len(value) <= self.spec["abbreviation_max_capitals"]
        else:
            shaped = capitals >= 2 and len(value) <= self.spec["abbreviation_max_mixed"]
        return shaped and value.upper() not in self.place_abbreviations and not is_known_place(value)

    def _looks_like_person(self, value: str) -> bool:
        words = WORD.findall(value)
        return (len(words) >= 2 and words[0].lower() in self.first_names
                and words[-1].lower() in self.last_names and not is_common_word(words[0]))

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
