"""Hospital and facility names ("Springfield General Hospital", "St. Mary's", "University of
X Medical Center"), and places named only by a placement cue ("discharge to Sunrise of
Springfield"); facility words and cues in facility.yaml."""

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer
from deid.recognizers.gazetteer import is_known_place

INNER_WORDS = {"of", "at", "and", "&", "the"}
KEEP_INSIDE = {"of", "and", "&"}  # "Hospital of Tyler", "Women and Children's"


class FacilityRecognizer(DataRecognizer):
    DATA_FILE = "facility.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        super().__init__(spec, profile)
        # facility.yaml unit_suffix: a hospital unit's letters ("nsicu", "ccu", "sdu"), never a
        # facility's own name
        self.unit_suffix = regex.compile(self.spec["unit_suffix"], regex.IGNORECASE)

    def refine_place(self, text: str, start: int, end: int):
        """Keep words up to the first stop word ("Ortiz Manor in 2-3 days" -> "Ortiz Manor");
        "of"/"and" stay only between two kept words."""
        words = []
        position = start
        split = text[start:end].split()
        for i, word in enumerate(split):
            index = text.index(word, position)
            position = index + len(word)
            lower = word.lower()
            if lower in STOP_WORDS and lower not in INNER_WORDS and not (i == 0 and self._opens_name(split, i)):
                break
            if lower.endswith(".") and len(lower) > 4:  # a sentence ends: "AT SUNRISE OF FLINT. DR. X"
                words.append((index, position - 1, lower[:-1]))
                break
            words.append((index, position, lower))
        while words and words[-1][2] in INNER_WORDS:
            words.pop()
        if words and words[-1][2].strip(".,") in self._hospital_units():
            return None
        return (words[0][0], words[-1][1]) if words else None

    def _hospital_units(self) -> frozenset[str]:
        if not hasattr(self, "_units"):
            self._units = frozenset(str(w).lower() for w in self.spec["vocab"].get("hospital_unit_words", []))
        return self._units

    def refine_town(self, text: str, start: int, end: int):
        from deid.recognizers.city_state import place_extent

        return place_extent(text, start, end)

    def refine_facility(self, text: str, start: int, end: int):
        """Capitalised-word runs over-reach in ALL-CAPS notes: start after the last stop word
        before the name ("RECORDS FROM GOOD SAMARITAN HOSPITAL" -> "GOOD SAMARITAN HOSPITAL")
        and drop trailing everyday words ("... OF TYLER REVIEWED" -> "... OF TYLER")."""
        from deid.recognizers.wordlists import is_common_word

        words = []
        position = start
        for word in text[start:end].split():
            index = text.index(word, position)
            position = index + len(word)
            words.append((index, position, word))
        cut = 0
        for i, (_, _, word) in enumerate(words[:-1]):
            if i > 1 and word.lower() == "the" and words[i - 1][2].lower() == "of" and (
                    self._opens_name([w for _, _, w in words], cut) or self._facility_word(words[i - 2][2])):
                continue  # "Our Lady of the Lake Hospital", "Hospital of the University of X"
            if word.lower() in STOP_WORDS and word.lower() not in KEEP_INSIDE:
                cut = i if self._opens_name([w for _, _, w in words], i) else i + 1
        words = words[cut:]
        facility_end = max((i for i, (_, _, w) in enumerate(words) if self._facility_word(w)), default=-1)
        while len(words) - 1 > facility_end and (is_common_word(words[-1][2]) or words[-1][2].lower() in INNER_WORDS):
            words.pop()
        if len(words) == 2 and words[1][2].lower().strip(",.") in self._vocab_set("weak_facility_words") and is_common_word(words[0][2]) \
                and not is_known_place(words[0][2]) and not regex.search(r"\p{Lu}\p{L}*[ \t]+$", text[max(0, words[0][0] - 30):words[0][0]]):
            # "Good health.", "Overall health is good": an everyday word before "health" ("FRESNO
            # HEALTH" is a town's, "Parker Falls health" a longer name's)
            return None
        return (words[0][0], words[-1][1]) if words else None

    def _opens_name(self, words: list[str], i: int) -> bool:
        """A stop word that starts a facility's name: "Our" of "Our Lady of Fatima Hospital"."""
        if not hasattr(self, "_openers"):
            self._openers = {str(p).lower() for p in self.spec["vocab"].get("name_openers", [])}
        return " ".join(w.lower() for w in words[i:i + 2]) in self._openers

    def _facility_word(self, word: str) -> bool:
        if not hasattr(self, "_facility_words"):
            self._facility_words = {w.lower() for phrase in self.spec["vocab"]["facility_words"]
                                    for w in str(phrase).split()}
        return word.lower().strip(",.") in self._facility_words

    def validate_building(self, value: str) -> bool:
        """The word before the floor number names a building: no everyday word, clinical word
        (deid/clinical_lexicon.py) or deny-listed word ("to room 12", "on levo 5")."""
        from deid.clinical_lexicon import is_clinical_word
        from deid.recognizers.wordlists import is_common_word

        word = value.split()[0].rstrip("'’")
        return not (is_common_word(word) or is_clinical_word(word) or self._deny_list().vetoes(word))

    def _vocab_set(self, name: str) -> frozenset[str]:
        cache = self.__dict__.setdefault("_vocab_sets", {})
        if name not in cache:
            cache[name] = frozenset(str(w).lower() for w in self.spec["vocab"].get(name, []))
        return cache[name]

    def _reserved_word(self, lower: str) -> bool:
        """A stop word, a calendar word, a hospital unit's letters or a listed non-building:
        never a building's or a facility's own name."""
        return (lower in STOP_WORDS or lower in self._vocab_set("calendar_words") or lower in self._vocab_set("unit_abbreviations")
                or bool(self.unit_suffix.fullmatch(lower)) or lower in self._vocab_set("not_buildings"))

    def _unknown_word(self, word: str) -> bool:
        """A word no everyday, clinical, unit or deny list knows: a facility's own short name."""
        from deid.clinical_lexicon import is_clinical_word
        from deid.recognizers.wordlists import is_common_word

        bare = word.strip(".,;:")
        bare = bare[:-2] if bare.lower().endswith(("'s", "’s")) else bare.rstrip("'’")
        lower = bare.lower()
        if len(bare) < 3 or not bare.replace("'", "").replace("’", "").replace("-", "").isalpha():
            return False
        parts = [p for p in lower.split("-") if p]
        if len(parts) > 1 and any(p in self._vocab_set("calendar_words") or p in STOP_WORDS or is_common_word(p) or is_clinical_word(p)
                                  for p in parts):
            return False  # "pre-July", "post-op", "x-ray"
        if self._reserved_word(lower):
            return False
        return not (is_common_word(bare) or is_clinical_word(lower) or self._deny_list().vetoes(bare))

    def refine_unknown_place(self, text: str, start: int, end: int):
        """The run of words after the cue that names a place no dictionary knows: openers
        ("north") only before an unknown word, facility words ("hosp", "ew") only after one; at
        least one unknown word ("mewh", "garcialand"); stop at the first other word."""
        from deid.recognizers.person_name import _mixed_case

        openers, closers = self._vocab_set("place_openers"), self._vocab_set("place_closers")
        if text[start:end][:1].islower() and _mixed_case(text):
            return None  # a writer who capitalises names a place with a capital ("sent to histopathological study")
        words, position = [], start
        for word in text[start:end].split():
            index = text.index(word, position)
            position = index + len(word)
            words.append((index, position, word))
        kept, unknown = [], 0
        for i, (s, e, word) in enumerate(words):
            lower = word.strip(".,;:").lower()
            without_punctuation = (s, e - (len(word) - len(word.rstrip(".,;:"))))
            if self._unknown_word(word):
                unknown += 1
            elif lower in closers and unknown:
                kept.append(without_punctuation)
                break
            elif lower in openers and not kept and i + 1 < len(words) and self._unknown_word(words[i + 1][2]):
                pass
            else:
                break
            kept.append(without_punctuation)
        if not unknown:
            return None
        return kept[0][0], kept[-1][1]

    def refine_unknown_place_whole(self, text: str, start: int, end: int):
        """refine_unknown_place, kept only when every word up to the end is the place's ("to
        NEWCH for cath"; not "to bring newch for ...", where the run stops before the end)."""
        found = self.refine_unknown_place(text, start, end)
        return found if found is not None and found[1] == end else None

    def validate_ward_word(self, value: str) -> bool:
        """A ward's name that may be an everyday word ("law", "white", "church") before a ward
        code or a floor: no stop, calendar, unit or not-a-building word, no word that stands
        before a number ("type", "low", "rate"), and no clinical word unless a name ("white",
        "glass" are surnames; "levo", "peep" are not)."""
        return self.validate_cued_ward_word(value) and value.strip().rstrip("'’").lower() not in self._vocab_set("not_ward_words")

    def validate_cued_ward_word(self, value: str) -> bool:
        """validate_ward_word after a transfer or bed cue, where a word that otherwise stands
        before a number names the ward ("bed assigned on page 11")."""
        from deid.clinical_lexicon import is_clinical_word
        from deid.names import common_names_lower

        lower = value.strip().rstrip("'’").lower()
        if len(lower) < 3 or not lower.replace("-", "").replace("'", "").replace("’", "").isalpha():
            return False
        if self._reserved_word(lower):
            return False
        return not (is_clinical_word(lower) and lower not in common_names_lower())

    def validate_building_ward(self, value: str) -> bool:
        """A building named before a ward code or a floor ("dean 11c", "CORTESE 4TH FLOOR",
        "ó riallaigh 9s"): each word no clinical, deny-listed or stop word, no room or bed, and
        either unknown to the everyday dictionary or a dictionary name ("Dean")."""
        from deid.clinical_lexicon import is_clinical_word
        from deid.names import common_names_lower
        from deid.recognizers.wordlists import is_common_word

        words = [w for w in value.split() if not w[0].isdigit() and w.lower() not in ("floor", "fl")]
        for position, word in enumerate(words):
            lower = word.lower().rstrip("'’")
            if len(lower) == 1 and position == 0 and len(words) == 2:
                continue  # "Ó Riallaigh 9s": a particle of a family name
            if self._reserved_word(lower) or is_clinical_word(lower) or self._deny_list().vetoes(word):
                return False
            if is_common_word(word) and lower not in common_names_lower():
                return False
        return bool(words)
