"""Cities, counties and states: "City, ST 12345", "Columbus, Ohio", state names, towns after a
residence cue ("lives in ..."), "X County", the town of an address line. Lists in
city_state.yaml; spaCy's GPE entities (ner.py) cover cities without a cue."""

import functools

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from deid.recognizers.base import DEFAULT_PROFILE, DataRecognizer
from deid.resources import load_data
from deid.recognizers.gazetteer import is_known_place, is_major_town_noun
from deid.recognizers.wordlists import is_common_word


class CityStateRecognizer(DataRecognizer):
    DATA_FILE = "city_state.yaml"
    MODULE_FILE = __file__

    def __init__(self, spec=None, profile=DEFAULT_PROFILE):
        import copy

        from deid.recognizers.countries import country_names

        spec = copy.deepcopy(spec if spec is not None else load_data(self.data_path()))
        titles = sorted(country_names())
        spec.setdefault("vocab", {})["countries_title"] = titles
        spec["vocab"]["countries"] = titles + [name.upper() for name in titles]
        super().__init__(spec, profile)

    def candidates(self, text: str):
        for result in super().candidates(text):
            if self.profile != "strict" and is_state_name(text[result.start:result.end]):
                continue  # "born and raised in North Carolina": a state is no PHI under Safe Harbor
            yield result

    def refine_town_of_country(self, text: str, start: int, end: int):
        """The town before ", <country>": its words from the first one that is no everyday
        word ("Visiting Ohlenhof, Germany" -> "Ohlenhof"), or all of them when every word is
        one (the comma and the country vouch: "Marshland, Austria")."""
        words = list(regex.finditer(r"\S+", text, pos=start, endpos=end))
        for word in words:
            if not is_common_word(word.group().strip(".,")) and word.group().lower() not in STOP_WORDS:
                return word.start(), end
        return (start, end) if all(w.group().lower() not in STOP_WORDS for w in words) else None

    def refine_geographic(self, text: str, start: int, end: int):
        """ "Port" names a town only before a word that is no everyday word ("Port Louis"; a
        "Port Placement" heading is none)."""
        words = text[start:end].split()
        if words[0] == "Port" and is_common_word(words[1]):
            return None
        return start, end

    def refine_place(self, text: str, start: int, end: int):
        return place_extent(text, start, end)

    def refine_town_postcode(self, text: str, start: int, end: int):
        """The whole span when the words before the postcode read as a place on their own
        ("in Room 4021" has none)."""
        words = [(m.start(), m.end(), m.group()) for m in regex.finditer(r"\S+", text[:end], pos=start)]
        while words and (any(c.isdigit() for c in words[-1][2]) or words[-1][2].isupper() and len(words) > 1
                         and any(c.isdigit() for c in words[-2][2])):
            words.pop()
        if not words:
            return None
        town_end = words[-1][1]
        town = place_extent(text, start, town_end)
        return (town[0], end) if town is not None and town[1] >= town_end - 1 else None

    def refine_town_above_country(self, text: str, start: int, end: int):
        """The town line of an address block when the next line is a country's name."""
        from deid.recognizers.countries import names_country

        next_start = text.find("\n", end) + 1
        next_end = text.find("\n", next_start)
        next_line = text[next_start:next_end if next_end >= 0 else len(text)].strip(" \t>*?")
        if not names_country(next_line, whole=True):
            return None
        return place_extent(text, start, end)

    def refine_cued_place(self, text: str, start: int, end: int):
        """After a strong residence cue: place_extent, and also a country ("moved here from
        Cyprus") or words in capitals in a mixed-case line ("grew up in SUND", "arrived at HART
        this morning": everyday words only because of their case). After "the", a lower-case
        word is a thing, not a town ("transferred from the gurney"), unless the gazetteer knows it."""
        from deid.recognizers.countries import names_country

        if text[start].islower() and regex.search(r"(?i:\bthe)[ \t]+$", text[max(0, start - 10):start]):
            return self.refine_known_town(text, start, end)
        place = place_extent(text, start, end)
        if place is not None:
            return None if self._country_under_safe_harbor(text[place[0]:place[1]]) else place
        words = [m for m in regex.finditer(r"[\p{L}'\-]+", text, pos=start, endpos=end)]
        for count in range(len(words), 0, -1):  # "Cyprus", "United Kingdom"
            if names_country(text[start:words[count - 1].end()], whole=True):
                # a country is no PHI under Safe Harbor (only what is smaller than a state)
                return None if self.profile != "strict" else (start, words[count - 1].end())
        return _marked_capitals(text, start, end, title_case=True)

    def _country_under_safe_harbor(self, value: str) -> bool:
        from deid.recognizers.countries import names_country

        return self.profile != "strict" and names_country(value, whole=True)

    def refine_marked_place(self, text: str, start: int, end: int):
        """place_extent, or words in capitals after a lower-case word ("at Healthpocket Inc in
        SCHLAGLES"): a weaker cue than residence, so no Title-case everyday word."""
        place = place_extent(text, start, end)
        return place if place is not None else _marked_capitals(text, start, end, title_case=False)

    def refine_weak_place(self, text: str, start: int, end: int):
        """A cue that also precedes things ("returned to the floor", "went to bed"): a
        capitalised place (place_extent), or a lower-case town the gazetteer knows that is no
        everyday word ("we returned to kiel by helicopter")."""
        if regex.match(r"(?i:mr|mrs|ms|miss|dr|prof)\b", text[start:end]):
            return None  # "a visit to Mr. T's family physician", "go to Dr. XYZ": a person
        if text[start].isupper():
            return place_extent(text, start, end)
        return self.refine_known_town(text, start, end)

    def refine_known_town(self, text: str, start: int, end: int):
        """The longest leading run of words the gazetteer knows as a place that is no
        everyday word ("in ESPOO", "from Mobile" is not enough: 'mobile' is a word) - or
        that is one, when a capitalised word that is none follows it: a town and its district
        ("in Bremen Ohlenhof")."""
        words = text[start:end].split()
        for count in range(len(words), 0, -1):
            phrase = " ".join(w.strip(".,;") for w in words[:count])
            if len(phrase) < 3 or not is_known_place(phrase):
                continue
            if count == 1 and (is_common_word(phrase) or phrase.lower() in STOP_WORDS):
                district = words[1].rstrip(".,;") if len(words) > 1 and words[0] == phrase else ""
                if (district[:1].isupper() and district.isalpha() and not is_common_word(district)
                        and not self._deny_list().vetoes(district)):
                    return start, text.index(district, start + len(phrase)) + len(district)
                if is_major_town_noun(phrase) and _marked_by_case(text, start, phrase):
                    return start, start + len(phrase)  # "in Omsk": WordNet's noun, the case's name
                return None
            if all(is_common_word(w) for w in phrase.split()):
                return None
            phrase_end = text.index(words[count - 1], start) + len(words[count - 1].rstrip(".,;"))
            return start, phrase_end
        return None



def _marked_capitals(text: str, start: int, end: int, title_case: bool):
    """The leading words of [start, end) whose capitals mark a name: ALL-CAPS (or, with
    ``title_case``, Capitalised) words after a lower-case word other than "the" ("grew up in
    SUND", "we visited Aarhus"; "PERSONS LIVING IN HOUSEHOLD:" is a header, "from the
    Preoperative Care Unit" a department)."""
    cue = regex.search(r"(\p{L}+)[ \t]+$", text[max(0, start - 20):start])
    if cue is None or not cue.group(1).islower() or cue.group(1) == "the":
        return None
    capitals = []
    for word in regex.finditer(r"[\p{L}'\-]+", text, pos=start, endpos=end):
        value = word.group()
        if capitals and text[capitals[-1].end():word.start()].strip():
            break  # one name: words apart only by spaces ("born in Hospital.  Birth weight")
        if len(value) < 3 or value.lower() in STOP_WORDS or not (
                value.isupper() or title_case and value[0].isupper() and value[1:].islower()):
            break
        capitals.append(word)
    return (start, capitals[-1].end()) if capitals else None


def _marked_by_case(text: str, start: int, word: str) -> bool:
    """``word`` at ``start`` is capitalised (or in capitals) after a lower-case word: its case
    marks a name ("in Omsk"; "PAIN IN TEMPLE" and "In Paradise" at a sentence start mark nothing)."""
    before = regex.search(r"(\p{L}+)[ \t]+$", text[max(0, start - 20):start])
    if before is None or not before.group(1).islower() or not text[start:start + 1].isupper():
        return False
    return word.isupper() or word[1:].islower()


# cities that share their state's name: the text cannot tell which is meant, so they stay places
CITIES_NAMED_AS_STATES = frozenset({"new york", "washington"})


def is_state_name(value: str) -> bool:
    """``value`` is a US state's full name and nothing else ("Texas", "NORTH CAROLINA")."""
    name = " ".join(value.strip(" \t.,;:").split()).lower()
    return name in _states() and name not in CITIES_NAMED_AS_STATES


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
    # "moved to Houston approximately one year ago": a capitalised place ends before a
    # lower-case everyday word (lower-case notes keep theirs: "lives in sioux falls")
    while len(words) > 1 and words[0][2][:1].isupper() and words[-1][2].islower() and is_common_word(words[-1][2].strip(".,;")):
        words.pop()
    if not words:
        return None
    stripped = [w.strip(".,;") for _, _, w in words]
    town = stripped[:-1] if len(stripped) > 1 and regex.fullmatch(r"[A-Z]{2}", stripped[-1]) else stripped
    if all(is_common_word(w) for w in stripped) and not is_known_place(" ".join(town)):  # "Tacoma WA"
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
