"""The ways notes write a hospital's name, derived from the CMS list (hospitals_cms.csv) and
the curated health systems (hospital.yaml), written to hospital_forms.csv, which the
hospital recognizer reads (``python -m deid.recognizers.hospital_forms`` rebuilds it; a test
checks the file is what the rules below give).

Every form is a run of normalised words (lower case, apostrophes dropped, "saint" and "st."
read as "st", "&" as "and", abbreviations such as "ctr" expanded). Per hospital:

* ``full``: the whole name ("massachusetts general hospital", "st lukes medical center");
* ``head``: the words before its first facility word ("massachusetts general", "st lukes",
  "johns hopkins", "norwood"), and each part after a dash ("... - st lukes campus");
* ``initials``: the first letters of its words, facility words included ("mgh", "nebh"),
  three letters or more;
* ``system``: the curated health systems of hospital.yaml ("mass general", "kaiser permanente");
* ``brand``: the first one or two words that two or more hospitals in different towns share
  ("kaiser foundation", "upmc", "sutter", "mercy", "baptist health"): a health system.

Each form is then (``classify``):

* ``anywhere``: a note naming it needs no cue: a full name, a head or brand of two or more words
  with a name, a place or a distinctive word in it that is not just a town or a region
  ("massachusetts general", "st lukes", "johns hopkins"), one word that is no everyday word,
  name, place, clinical or facility word ("upmc");
* ``cued``: one word that is a name and no everyday word, a town, or two everyday words
  ("lahey", "norwood", "providence", "good samaritan"): it needs a
  place cue ("to", "from", "at", "transferred to" ...) before it or a facility word after it
  ("norwood ew", "SPAULDING REHAB"); written in capitals, a form of two or more words is cued by
  its case ("Good Samaritan");
* ``strongly_cued``: one everyday word ("baptist", "mercy", "red"): a transfer cue or a facility
  word after it;
* dropped: forms made only of generic, facility, clinical or stop words ("community hospital",
  "heart", "general"): they name no one place; and states or regions ("north carolina").

Initials are written ``anywhere``; the recognizer takes them in capitals anywhere and in lower
case after a cue ("transferred to mgh").
"""

from __future__ import annotations

import collections
import csv
import functools
import sys

import regex

from deid.resources import data_file, load_data

CMS_FILE = "hospitals_cms.csv"
FORMS_FILE = "hospital_forms.csv"
SPEC_FILE = "hospital.yaml"
TOKEN = regex.compile(r"[\p{L}\d]+")
KINDS = ("system", "full", "head", "brand", "initials")


@functools.lru_cache(maxsize=1)
def spec() -> dict:
    return load_data(data_file(__file__, SPEC_FILE))


def normalise(text: str) -> list[str]:
    """Lower-case words with apostrophes dropped ("St. Luke's" -> ["st", "lukes"]), "saint" ->
    "st", "&" -> "and", CMS abbreviations expanded (hospital.yaml: abbreviations)."""
    text = regex.sub(r"['’`]", "", text.lower()).replace("&", " and ")
    expand = spec()["abbreviations"]
    return [word for token in TOKEN.findall(text) for word in str(expand.get(token, token)).split()]


def _facility_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in spec()["facility_words"])


def _name_parts(name: str) -> list[str]:
    """CMS writes campuses after a dash and moves a leading "The" to the end ("JOHNS HOPKINS
    HOSPITAL, THE"): the parts a note may name on their own."""
    name = regex.sub(r",\s*(?:the|inc|llc)\.?\s*$", "", name, flags=regex.IGNORECASE)
    return [p for p in regex.split(r"\s+-\s+|,\s*", name) if p.strip()]


def _head(words: list[str]) -> list[str]:
    facility = _facility_words()
    stop = set(spec()["leading_words"])
    while words and words[0] in stop:
        words = words[1:]
    for index, word in enumerate(words):
        if word in facility:
            words = words[:index]
            break
    return _trim(words)


def _trim(words) -> list[str]:
    """No dangling glue or initial at the end: "brigham and" -> "brigham", "john c" -> "john"."""
    words = list(words)
    while words and (words[-1] in spec()["initials_skip"] or len(words[-1]) == 1):
        words.pop()
    return words


def _initials(words: list[str]) -> str:
    glue = set(spec()["initials_skip"])
    return "".join(w[0] for w in words if w not in glue and w.isalpha())


def derive_forms(rows: list[dict]) -> dict[tuple[str, ...], str]:
    """form -> kind for every CMS row (``name``, ``city``) and curated system; a form that
    several rules give keeps the kind earliest in KINDS."""
    forms: dict[tuple[str, ...], str] = {}

    def add(words, kind):
        key = tuple(words)
        if key and (key not in forms or KINDS.index(kind) < KINDS.index(forms[key])):
            forms[key] = kind

    brand_towns: dict[tuple[str, ...], set[str]] = collections.defaultdict(set)
    for row in rows:
        words = normalise(row["name"])
        add(words, "full")
        initials = _initials(words)
        if len(initials) >= spec()["min_initials"]:
            add((initials,), "initials")
        for part in _name_parts(row["name"]):
            part_words = normalise(part)
            add(_head(part_words), "head")
        head = _head(words)
        for size in (1, 2):
            if len(head) >= size:
                brand_towns[tuple(_trim(head[:size]))].add(row["city"].lower())
    for words, towns in brand_towns.items():
        if len(towns) >= spec()["min_brand_towns"]:
            add(words, "brand")
    for system in spec()["health_systems"]:
        add(normalise(system), "system")
    return forms


def _town(words: tuple[str, ...]) -> bool:
    from deid.recognizers.gazetteer import is_known_place

    return is_known_place(" ".join(words))


def _distinctive(word: str) -> bool:
    """A word that can only be part of a name here: no everyday word, dictionary name, place,
    clinical word or facility word."""
    from deid.clinical_lexicon import clinical_words
    from deid.names import extended_first_names, extended_last_names
    from deid.recognizers.gazetteer import is_known_place
    from deid.recognizers.wordlists import is_common_word

    names = _lower_names(extended_first_names, extended_last_names)
    return (len(word) >= 3 and not word.isdigit() and not is_common_word(word) and word not in names
            and not is_known_place(word) and word not in clinical_words() and word not in _facility_words()
            and word not in spec()["generic_words"] and word not in spec()["geographic_words"])


@functools.lru_cache(maxsize=1)
def _lower_names(first, last) -> frozenset[str]:
    return frozenset(n.lower() for n in first() | last())


def _filler(word: str) -> bool:
    """A word that names nothing alone: generic, facility, clinical or stop word, or a number."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from deid.clinical_lexicon import clinical_words

    return (word in spec()["generic_words"] or word in spec()["geographic_words"] or word in _facility_words()
            or word in clinical_words() or word in STOP_WORDS or word.isdigit() or len(word) < 2)


def _proper_name(word: str, alone: bool = False) -> bool:
    """A dictionary name that is no everyday word, also as a possessive ("lukes", "marys").
    ``alone``: the name stands for the whole form, so it must have no WordNet reading at all
    ("red", "mercy" and "grace" are words first)."""
    from deid.names import extended_first_names, extended_last_names
    from deid.recognizers.wordlists import in_wordnet, is_common_word

    names = _lower_names(extended_first_names, extended_last_names)
    stem = word[:-1] if word.endswith("s") and word[:-1] in names else word
    return stem in names and not is_common_word(stem) and not (alone and in_wordnet(stem))


def _place(word: str) -> bool:
    from deid.recognizers.gazetteer import is_known_place

    return is_known_place(word) or word in spec()["state_names"]


def _name_or_place(word: str) -> bool:
    """A dictionary name (also as a possessive: "lukes"), a known place or a state."""
    from deid.names import extended_first_names, extended_last_names
    from deid.recognizers.gazetteer import is_known_place

    names = _lower_names(extended_first_names, extended_last_names)
    return (word in names or word.endswith("s") and word[:-1] in names or is_known_place(word)
            or word in spec()["state_names"])


def classify(words: tuple[str, ...], kind: str) -> str | None:
    from deid.recognizers.wordlists import is_common_word

    """'anywhere', 'cued' (any place cue, a bare "to"/"at" included), 'strongly_cued' (a
    transfer cue or a facility word after it: an everyday word such as "baptist") or None."""
    if kind == "initials":
        from deid.clinical_lexicon import clinical_words
        from deid.recognizers.wordlists import in_wordnet

        token = words[0]
        if token in clinical_words() or in_wordnet(token) or token in spec()["not_initials"]:
            return None
        return "anywhere"
    if kind == "system" and len(words) >= 2:
        return "anywhere"  # curated by hand: "mass general", "penn medicine"
    if all(_filler(w) for w in words):
        return None
    if kind == "full" and len(words) >= 2:
        return "anywhere"  # the whole name, hospital word and all
    if all(w in spec()["geographic_words"] or w in spec()["state_names"] for w in words):
        return None  # a state or a region ("north carolina", "central iowa"): no PHI under Safe Harbor
    if _town(words) or all(w in spec()["geographic_words"] or _place(w) for w in words):
        return "cued"  # a town: "norwood", "lake charles", "south miami"
    if len(words) >= 2:
        if any(_distinctive(w) or _place(w) or _proper_name(w) for w in words):
            return "anywhere"  # "massachusetts general", "st lukes", "johns hopkins", "abilene regional"
        return "cued"  # everyday words: "good samaritan", "sacred heart" (capitals are a cue too)
    word = words[0]
    if len(word) < spec()["min_single_word"] or word in spec()["titles"]:
        return None  # "dr", "st": a title or a fragment, not a hospital's name
    if _distinctive(word):
        return "anywhere"  # "upmc", "ochsner"
    if _proper_name(word, alone=True):
        return "cued"  # "lahey", "sutter"
    return "strongly_cued"  # "baptist", "mercy", "red": everyday words


def read_forms_file() -> list[tuple[str, str, str]]:
    """The rows of hospital_forms.csv (form, kind, where), header and comment skipped."""
    with open(data_file(__file__, FORMS_FILE), encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [tuple(row) for row in csv.reader(lines[1:])]


def build_rows() -> list[tuple[str, str, str]]:
    with open(data_file(__file__, CMS_FILE), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for words, kind in derive_forms(rows).items():
        where = classify(words, kind)
        if where is not None:
            out.append((" ".join(words), kind, where))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    rows = build_rows()
    path = data_file(__file__, FORMS_FILE)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("# Built by `python -m deid.recognizers.hospital_forms` from hospitals_cms.csv and "
                     "hospital.yaml (health_systems); do not edit by hand.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["form", "kind", "where"])
        writer.writerows(rows)
    print(f"{len(rows)} forms -> {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
