"""Clinical readings of a spaCy PERSON/GPE entity that the NER recognizer (ner.py) drops.

spaCy's small English model tags capitalised clinical words of published case reports as
people and places: eponyms ("Fuhrman", "Retzius", "Lowenstein negative", "Harris-Benedict
formula"), foreign or misspelled drug and lab names ("Sulfadiacin", "Cromogranin", "Hto"),
manufacturers in a product's tuple ("(Azopt®, Alcon Cusi, Barcelona, Spain)") and
abbreviations written in mixed case ("PegINF", "antiHBs"). Each reading here is a KIND, with
its own evidence in the text; none of them applies when a person cue stands right before
the entity ("Mr.", "daughter", "Dr."), and the rule recognizers find real names and places
on their own (a title, a relative, an address), so a span dropped here is only spaCy's guess.
Data: ner.yaml (``clinical_readings``), data/eponyms.txt (deid/eponyms.py), the clinical
lexicon (deid/clinical_lexicon.py).
"""

from __future__ import annotations

import functools

import regex

from deid.names import common_names_lower, extended_names_lower, first_names_lower
from deid.resources import data_file, load_data

WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
# compiled once: regex.match(<pattern string>, ...) looks the string up in the regex module's
# cache on every call (~30 µs, tens of calls a note)
HYPHENATED_NAMES = regex.compile(r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)+")
LOWER_WORD_AFTER = regex.compile(r"[ \t]+(\p{Ll}+)")
GAUZE_COUNT = regex.compile(r"\d+[ \t]*x[ \t]*\d+s?")
ABBREVIATION = regex.compile(r"[\p{Lu}\d\-]{2,6}s?")
LOWER_THEN_UPPER = regex.compile(r"\p{Ll}\p{Lu}")
TRADEMARK = regex.compile(r"[®™]|\(r\)")
_LIST_MEMBER = r"(\d+[ \t]*x[ \t]*\d+s?|[\p{L}][\p{L}\d\-]*)"
LIST_MEMBER_BEFORE = regex.compile(rf"{_LIST_MEMBER}[®™]?[ \t]*(?:,|\band\b|\bor\b|/)[ \t]*(?:and[ \t]+)?$")
LIST_MEMBER_AFTER = regex.compile(rf"[ \t]*(?:,|\band\b|\bor\b|/)[ \t]*{_LIST_MEMBER}")


@functools.lru_cache(maxsize=1)
def _spec() -> dict:
    return load_data(data_file(__file__, "ner.yaml"))["clinical_readings"]


@functools.lru_cache(maxsize=1)
def _patterns() -> dict:
    spec = _spec()
    return {key: regex.compile(spec[key]) for key in
            ("person_cue_before", "eponym_context_after", "eponym_context_before", "lab_value_after",
             "company_word", "inner_capitals_allowed")}


def person_cue_before(text: str, start: int) -> bool:
    """A title, a relative or a role right before the entity: a person, whatever the word."""
    return bool(_patterns()["person_cue_before"].search(text[max(0, start - 40):start]))


# ---- eponyms --------------------------------------------------------------------------

def eponym_reading(value: str, text: str, start: int, end: int) -> bool:
    """The text reads the entity as an eponym, named after a person but no person here:

    * a hyphenated chain of capitalised names ("Harris-Benedict", "Ziehl-Neelsen");
    * a test result, stain, medium, scale or clinical head after it, up to two lower-case
      modifiers between ("Lowenstein negative", "Fuhrman nuclear grade", "Farnsworth color
      test"), or a source before it ("according to Schaffer", "the space of Retzius",
      "described by Tsur"), when no word of it is a common given name;
    * every word an ICD-10-CM eponym (data/eponyms.txt) with a possessive or a clinical word
      no everyday English uses after it ("Wharton's", "Waldenström macroglobulinemia")."""
    from deid.eponyms import is_eponym

    words = WORD.findall(value)
    if not words or len(words) > 3:
        return False
    if HYPHENATED_NAMES.fullmatch(value):
        return True
    patterns = _patterns()
    if not any(w.lower() in first_names_lower() for w in words) and (
            _context_after(text, end) or patterns["eponym_context_before"].search(text[max(0, start - 30):start])):
        return True
    if not all(is_eponym(part) for w in words for part in w.split("-") if part):
        return False
    if text[end:end + 2] in ("'s", "’s"):
        return True
    following = LOWER_WORD_AFTER.match(text[end:end + 40])
    return following is not None and _clinical_not_everyday(following.group(1))


def _context_after(text: str, end: int) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    match = _patterns()["eponym_context_after"].match(text, end)
    return match is not None and not any(w in STOP_WORDS for w in match.group("modifiers").split())


def _clinical_not_everyday(word: str) -> bool:
    from deid.clinical_lexicon import is_clinical_word
    from deid.recognizers.wordlists import is_common_word

    return is_clinical_word(word) and not is_common_word(word)


def lower_case_inside(value: str) -> bool:
    """Capitalised words with a lower-case word that is no name particle and no everyday
    word: a genus and its species ("Candida krusei", "Leuconostoc spp")."""
    words = WORD.findall(value)
    if len(words) < 2 or not any(w[0].isupper() for w in words):
        return False
    from deid.recognizers.wordlists import is_common_word

    particles = frozenset(_spec()["name_particles"])
    # an everyday word inside ("Ardmore Tower under Cardiology Service") is spaCy's long span
    # over a place, not a species
    return any(w.islower() and w not in particles and not is_common_word(w) for w in words)


def clinical_list_neighbour(text: str, start: int, end: int) -> bool:
    """A member of a list whose neighbour is a drug, a lab or an abbreviation ("Ciprofloxacin,
    Paracetamol, Enantyum and Allopurinol", "Serology CMV, EBV, Ritsias, Toxoplasma")."""
    before = LIST_MEMBER_BEFORE.search(text[max(0, start - 40):start])
    after = LIST_MEMBER_AFTER.match(text[end:end + 40])
    return any(m is not None and _clinical_member(m.group(1)) for m in (before, after))


def _clinical_member(word: str) -> bool:
    from deid.clinical_lexicon import is_clinical_word

    if GAUZE_COUNT.fullmatch(word):
        return True  # "4x4", "4 x 4s": gauze pads
    if ABBREVIATION.fullmatch(word) and any(c.isalpha() for c in word):
        return True  # "CMV", "EBV", "S-100", "ABDs": an abbreviation
    return len(word) >= 5 and _clinical_not_everyday(word) and word.lower() not in extended_names_lower()


# ---- near-miss clinical words ("Sulfadiacin", "Cromogranin", "Diazapam") --------------

@functools.lru_cache(maxsize=1)
def _near_index() -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """The clinical words long enough to compare, their one-deletion variants, and their
    prefixes (a foreign spelling keeps the stem: "sulfadiacin" / "sulfadiazine")."""
    from deid.clinical_lexicon import clinical_words

    spec = _spec()
    words = frozenset(w for w in clinical_words() if len(w) >= spec["near_min_length"] and w.isalpha())
    deletions: dict[str, str] = {}
    for word in words:
        for i in range(len(word)):
            deletions.setdefault(word[:i] + word[i + 1:], word)
    prefix = spec["near_prefix"]
    prefixes = frozenset(w[:prefix] for w in words if len(w) > prefix)
    return words, deletions, prefixes


def near_clinical_word(word: str) -> bool:
    """One edit (a letter added, dropped, changed or two swapped) from a clinical word of the
    lexicon, or its first ``near_prefix`` letters are a clinical word's; never a word a name
    dictionary lists."""
    spec = _spec()
    word = word.lower()
    if len(word) < spec["near_min_length"] or not word.isalpha() or word in extended_names_lower():
        return False
    words, deletions, prefixes = _near_index()
    if len(word) > spec["near_prefix"] and word[:spec["near_prefix"]] in prefixes:
        return True
    variants = {word[:i] + word[i + 1:] for i in range(len(word))}
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)}
    return bool(word in deletions or swaps & words or any(v in words or v in deletions for v in variants))


def everyday_word_no_name(word: str) -> bool:
    """One word WordNet knows that no common name list holds and no gazetteer lists as a place ("Infant was delivered", "Friend
    died", "the Operating Suite", "Proton density"): spaCy's capitalised guess. "Gross", "Cook", "Penny" are
    names too and stay."""
    from deid.recognizers.gazetteer import is_known_place
    from deid.recognizers.wordlists import common_words

    lower = word.lower()
    if lower not in common_words() or is_known_place(word):
        return False  # WordNet knows towns too: "Kalamazoo", "Newport"
    return lower not in common_names_lower()


def clinical_word_shape(word: str) -> bool:
    """A word that ends like a clinical term of the kinds the case reports write ("Spermogram",
    "Omphalorrhexis", "Ortopnea", "Equinococcus") and no name dictionary lists."""
    lower = word.lower()
    return lower.endswith(tuple(_spec()["clinical_endings"])) and lower not in extended_names_lower()


# ---- lab names before their value ("Hto 29.6%", "Leuc 13.800/μL") ---------------------

def lab_value_after(text: str, end: int) -> bool:
    return bool(_patterns()["lab_value_after"].match(text, end))


# ---- mixed-case abbreviations ("PegINF", "antiHBs", "kPabin") -----------------------

def inner_capitals(word: str) -> bool:
    """A capital after a lower-case letter inside one word that is no name shape ("McKay",
    "DeShawn", "LaToya", "MacDonald" keep theirs)."""
    if not LOWER_THEN_UPPER.search(word):
        return False
    return not _patterns()["inner_capitals_allowed"].fullmatch(word)


# ---- manufacturers in a product tuple ("(Tobrex, Alcon Cusi, Barcelona)") ------------

def in_manufacturer_tuple(text: str, start: int, end: int) -> bool:
    """The entity sits in a parenthesis (or after a registered mark on the same line) that
    names a product's maker: parts between commas, with a ® or ™, a company word ("SA",
    "Ltd", "Laboratorios", "Scientific"), a country last, or a drug or clinical word first and
    two more parts ("Tobrex, Alcon Cusi, Barcelona")."""
    spec = _spec()
    open_at = text.rfind("(", max(0, start - spec["tuple_max_chars"]), start)
    if open_at < 0 or ")" in text[open_at:start] or "\n" in text[open_at:start]:
        return False
    close_at = text.find(")", end, end + spec["tuple_max_chars"])
    if close_at < 0 or "\n" in text[end:close_at]:
        return False
    group = text[open_at + 1:close_at]
    if "," not in group:
        return False
    parts = [p.strip() for p in group.split(",") if p.strip()]
    from deid.clinical_lexicon import is_clinical_word
    from deid.recognizers.countries import names_country

    first_word = WORD.match(parts[0]) if parts else None
    return bool(TRADEMARK.search(group) or _patterns()["company_word"].search(group)
                or names_country(parts[-1], whole=True)
                or first_word is not None and is_clinical_word(first_word.group()) and len(parts) >= 3)
