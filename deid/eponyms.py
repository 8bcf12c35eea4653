"""Eponyms: the person names that ICD-10-CM writes as the name of a disease, sign, syndrome or
structure ("Parkinson's disease", "Hodgkin lymphoma", "Abderhalden-Kaufmann-Lignac syndrome",
"Bartholin's gland"), as data for the spaCy NER recognizer (deid/recognizers/ner.py).

spaCy's small model tags these names as PERSON in case reports and transcriptions. A surname
is also a patient's name, so the list never vetoes a name by itself: the NER recognizer drops
a span made only of eponyms when the text around it reads as the eponym (a possessive, a
clinical head word after it, a hyphenated chain of names) and no title or relative cue stands
before it; "Mr. Parkinson" is found by the title rule, which no list vetoes.

The list (``data/eponyms.txt``) is built once, from two public-domain sources, and shipped:

* the ICD-10-CM tabular list that ``simple-icd-10-cm`` ships (descriptions, inclusion terms);
* the ICD-10-CM Alphabetic Index (CDC/NCHS FY2025, the dev split in
  ``../shared/data/icd10cm_index``: dev data, so the product never reads it at run time).

A word is an eponym when one of them writes it possessive ("Paget's") or capitalised right
before a clinical head ("Hodgkin lymphoma", "Ebstein anomaly", "Abderhalden-Kaufmann-Lignac
syndrome"), and never in lower case (so "Athlete's foot" and "Chronic disease" give none).
``python -m deid.eponyms ../shared/data/icd10cm_index/index_dev.jsonl`` rebuilds the file.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import regex

from deid.resources import data_file

EPONYMS_FILE = "data/eponyms.txt"
NAME = r"\p{Lu}\p{Ll}+"
CHAIN = rf"{NAME}(?:-{NAME})*"
POSSESSIVE = regex.compile(rf"(?<![\p{{L}}\-])({CHAIN})['’]s(?![\p{{L}}])")
# the words ICD-10-CM writes after an eponym most often (the index's own heads, counted)
HEADS = ("disease", "syndrome", "sign", "palsy", "paralysis", "anomaly", "lymphoma", "sarcoma", "tumor",
         "ulcer", "cyst", "phenomenon", "test", "reflex", "fracture", "deformity", "contracture", "disorder",
         "anemia", "fever", "cell", "cells", "duct", "gland", "body", "bodies", "abnormality", "malformation",
         "dystrophy", "ataxia", "neuralgia", "neuropathy", "atrophy", "angina", "chorea", "granuloma", "node",
         "nodes", "nodule", "nodules", "aneurysm", "hernia", "cataract", "keratitis", "encephalopathy",
         "myopathy", "degeneration", "ligament", "membrane", "canal", "space", "triangle", "stage", "stages",
         "classification", "criteria", "scale", "score", "maneuver", "procedure", "operation", "diverticulum")
HEADED = regex.compile(rf"(?<![\p{{L}}\-])((?:{CHAIN}(?:['’]s)?[ \t]+)*{CHAIN})(?:['’]s)?[ \t]+(?:{'|'.join(HEADS)})(?![\p{{L}}])")
WORD = regex.compile(NAME)
MIN_LENGTH = 3
ADJECTIVE_ENDINGS = ("ic", "al", "ous", "oid", "ar", "ary", "ive", "tic", "ed", "ing")


def _tabular_phrases() -> list[str]:
    import simple_icd_10_cm as icd

    phrases = []
    for code in icd.get_all_codes(False):
        phrases.append(icd.get_description(code))
        try:
            phrases.extend(icd.get_inclusion_term(code))
        except ValueError:
            pass  # codes without inclusion terms
    return phrases


def _index_phrases(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["query"] for line in handle if line.strip()]


def eponyms_from_sources(phrases: list[str]) -> list[str]:
    """The eponyms the phrases hold (module docstring), lower case, sorted."""
    found = set()
    for phrase in phrases:
        for match in POSSESSIVE.finditer(phrase):
            found.update(WORD.findall(match.group(1)))
        for match in HEADED.finditer(phrase):
            chain = match.group(1)
            words = WORD.findall(chain)
            hyphenated = "-" in chain
            found.update(words)
    from spacy.lang.en.stop_words import STOP_WORDS

    from deid.names import common_names_lower, extended_names_lower
    from deid.recognizers.wordlists import is_common_word

    common_names, any_names = common_names_lower(), extended_names_lower()
    lower_case = {w for phrase in phrases for w in regex.findall(r"(?<![\p{L}\-])\p{Ll}+(?![\p{L}])", phrase)}
    # "Athlete's foot", "Patient's", "Bullous pemphigoid": a word ICD-10-CM also writes in
    # lower case is an everyday or clinical word, unless a common name list holds it; a word
    # with an adjective ending is one too
    return sorted(w.lower() for w in found if len(w) >= MIN_LENGTH and (
        w.lower() in common_names
        or w.lower() not in lower_case and not w.lower().endswith(ADJECTIVE_ENDINGS) and w.lower() not in STOP
        and w.lower() not in STOP_WORDS and (w.lower() in any_names or not is_common_word(w))))


# everyday words the index writes only capitalised, as a possessive or a main term ("Athlete's
# foot", "Toddler's fracture", "Masters' disease"): no person
STOP = frozenset({"the", "and", "for", "with", "from", "other", "type", "class", "stage", "athlete", "toddler",
                  "palisade", "masters", "smoker", "swimmer", "farmer", "gardener", "grinder", "caregiver",
                  "patient", "child", "children", "mother", "sailor", "miner", "cook", "housemaid", "nurse",
                  "stone", "house", "corn", "christmas", "tree", "devil", "cat", "cow"})


@functools.lru_cache(maxsize=1)
def eponyms() -> frozenset[str]:
    words = set()
    for line in data_file(__file__, EPONYMS_FILE).read_text(encoding="utf-8").splitlines():
        words.update(w.lower() for w in line.split("#", 1)[0].split())
    return frozenset(words)


def is_eponym(word: str) -> bool:
    """``word`` (any case, a possessive "'s" allowed) is a name ICD-10-CM uses as an eponym."""
    word = word.lower()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word in eponyms()


def main(argv: list[str] | None = None) -> int:
    """Rebuild data/eponyms.txt from simple-icd-10-cm and the ICD-10-CM index (dev split)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m deid.eponyms ../shared/data/icd10cm_index/<the index JSONL>", file=sys.stderr)
        return 2
    index = Path(argv[0])
    if not index.is_file():
        print(f"the ICD-10-CM index is missing: {index} (see ../shared/data/icd10cm_index/README.md)", file=sys.stderr)
        return 2
    words = eponyms_from_sources(_tabular_phrases() + _index_phrases(index))
    from importlib import metadata

    header = ("# Eponyms of ICD-10-CM (possessive, or a capitalised name before a clinical head) from the\n"
              f"# tabular list of simple-icd-10-cm {metadata.version('simple-icd-10-cm')} and the CDC/NCHS FY2025\n"
              "# Alphabetic Index (public domain); built by `python -m deid.eponyms` (deid/eponyms.py).\n")
    path = data_file(__file__, EPONYMS_FILE)
    path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} eponyms -> {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
