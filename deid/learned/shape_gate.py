"""Each learned span must have the shape of its kind (rules in shape_gate.yaml).

The learned tagger reads context, not shape: on real case reports it tags "OCT" and "9/10"
(an Apgar score) as dates, "(400 mg/" as a phone, "180 g" as an age over 89, "AE1-AE3" as an
identifier and sentence-initial clinical words ("Likewise", "Kidney") as names. The rules
already know what each kind looks like, so a learned span joins the first pass (and the
verification pass) only when its text could be that kind:

* DATE: a month name (a three-letter one only beside a number: "OCT" is a scan), or numbers
  that are a month and a day in some order, and no score, titre or unit around them;
* PHONE: at least seven digits; AGE_OVER_89: a number 90-125 with an age word beside it
  ("92 yo", "aged 94", "91-year-old", "92 F"); an identifier: at least five digits, or letters
  and digits together as plates and tags are ("JMN 258"), and no unit after it; a URL: a dot, slash, colon or "@";
* NAME / LOCATION: some letters, and not a word the deny list or the clinical lexicon vetoes
  (deid/deny.py), and not only everyday English words that no name or place list knows
  ("Likewise", "another hospital"); a LOCATION of digits only is kept as a ZIP code shape.

Recall first: the gate removes only what cannot be PHI of that kind; what it keeps is still
merged with the rules' spans.
"""

from __future__ import annotations

import functools

import regex

from deid.resources import data_file, load_data
from deid.spans import Span

WORD = regex.compile(r"\p{L}[\p{L}'’\-]*")
NUMBER_PARTS = regex.compile(r"(?<![\d.,])(\d{1,4})[/\-.](\d{1,4})(?:[/\-.](\d{2,4}))?(?![\d.,]*\d)")
DIGITS = regex.compile(r"\d")
LETTERS = regex.compile(r"\p{L}")


@functools.lru_cache(maxsize=1)
def _spec() -> dict:
    spec = load_data(data_file(__file__, "shape_gate.yaml"))
    months = "|".join(sorted(spec["months"], key=len, reverse=True))
    compiled = {
        "month": regex.compile(rf"(?i)(?<!\p{{L}})({months})\.?(?!\p{{L}})"),
        "number_after": regex.compile(r"^\.?[ \t\-/,]*\d"),
        "number_before": regex.compile(r"\d(?:st|nd|rd|th)?[ \t\-/]*(?:of[ \t]+)?$"),
        # or, for a whole word, its plural and a copula between it and the number ("Apgars 9/9",
        # "scores: 6/14", "pain level is 7/10"; not "Dr. Srinivas at 05/25")
        "not_date_before": regex.compile(
            rf"(?i)(?:(?:{'|'.join(map(regex.escape, spec['not_date_before']))})[ \t:(\[=]*$"
            rf"|(?<!\p{{L}})(?:{'|'.join(regex.escape(w.strip()) for w in spec['not_date_before'] if w.strip()[:1].isalpha())})"
            r"s?(?:[ \t]+(?:is|was|of|at))?[ \t:(\[=]*$)"),
        "not_date_after": regex.compile(rf"(?i)^[ \t)]*(?:{'|'.join(map(regex.escape, spec['not_date_after']))})(?!\p{{L}})"),
        "age_after": regex.compile(rf"(?i)^[ \t\-]*(?:{spec['age_after']})(?!\p{{L}})"),
        "age_before": regex.compile(rf"(?i)(?:{spec['age_before']})[ \t:]*$"),
        "role_after": regex.compile(rf"[ \t,]+(?:{'|'.join(map(regex.escape, spec['role_after']))})(?!\p{{L}})"),
        "unit_after": regex.compile(rf"(?i)^[ \t]*(?:(?:{'|'.join(map(regex.escape, spec['units']))})(?!\p{{L}})|/)"),
    }
    return {**spec, **compiled}


@functools.lru_cache(maxsize=1)
def _deny():
    from deid.deny import DenyList

    return DenyList()


@functools.lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    from deid.names import extended_first_names, extended_last_names

    return frozenset(n.lower() for n in extended_first_names() | extended_last_names())


def _is_month_day(parts: tuple[str, ...]) -> bool:
    a, b, c = parts
    x, y = int(a), int(b)
    if c is not None:  # d/m/y or m/d/y with a two- or four-digit year
        return (1 <= x <= 12 and 1 <= y <= 31) or (1 <= y <= 12 and 1 <= x <= 31)
    if len(a) == 4:  # 2021-03 is a month of a year
        return 1 <= y <= 12
    if 1 <= x <= 12 and 1 <= y <= 31:
        return True
    if 1 <= y <= 12 and 1 <= x <= 31:
        return True
    return 1 <= x <= 12 and len(b) == 2  # "4/97": a month with its two-digit year


def _whole_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """The span grown to the whitespace-delimited tokens it touches, less outer brackets and
    commas: the tagger's tokenizer may cut "7-10" into "7-" + "10" and tag only the first."""
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([{,;":
        start -= 1
    while end < len(text) and not text[end].isspace() and text[end] not in ")]},;":
        end += 1
    return start, end


def date_shaped(text: str, start: int, end: int) -> bool:
    start, end = _whole_tokens(text, start, end)
    spec, value = _spec(), text[start:end]
    before, after = text[max(0, start - 24):start], text[end:end + 24]
    for match in spec["month"].finditer(value):
        word = match.group(1)
        if len(word) > 3 and word.lower() not in spec["ambiguous_months"]:
            return True  # "October", "mid-June", "late August"
        if (spec["number_after"].search(text[start + match.end():start + match.end() + 8])
                or spec["number_before"].search(text[max(0, start + match.start() - 10):start + match.start()])):
            return True  # "oct 3", "3 OCT 2021", "may 12"
    for match in NUMBER_PARTS.finditer(value):
        if _is_month_day(match.groups()):
            if spec["not_date_before"].search(before + value[:match.start()]):
                return False
            if spec["not_date_after"].search(value[match.end():] + after):
                return False
            return True
    return False


def age_shaped(text: str, start: int, end: int) -> bool:
    spec, value = _spec(), text[start:end].strip()
    number = regex.search(r"\d{2,3}", value)
    if number is None or not 90 <= int(number.group()) <= 125:
        return False
    after = value[number.end():] + text[end:end + 20]
    before = text[max(0, start - 20):start] + value[:number.start()]
    return bool(spec["age_after"].search(after) or spec["age_before"].search(before))


def name_or_place_shaped(text: str, span: Span) -> bool:
    """The model's context is the evidence here (a sign-off "-SS", "pt from Mobile", "to JOHNSON
    HOUSE"), so only what the text itself explains away is dropped: a clinical word of four
    letters or more that is never a surname (the deny list's strong tier: "Kidney", "Center"),
    a capitalised everyday word whose capital the sentence start explains ("Likewise, ...",
    "Microscopic hematuria"), a phrase led by a determiner ("another hospital")."""
    value = text[span.start:span.end]
    words = WORD.findall(value)
    if not words:
        return span.label == "LOCATION" and bool(regex.fullmatch(r"\d{5}(?:-\d{4})?", value.strip()))
    if DIGITS.search(value):  # "ELLISON 8", "12 Main St": a building or street with its number
        return True
    if span.label == "NAME" and _CITATION.match(text, span.end):
        return False  # "Kowalczyk et al.": a cited author, no person in the note
    # in ALL CAPS the case says nothing and "MESH ER" may be a facility: the model's context decides
    if not value.isupper() and all(len(w) >= 4 for w in words) and _deny().vetoes(value, cued=True):
        return False
    from deid.recognizers.wordlists import is_common_word

    if words[0].lower() in _spec()["determiners"]:
        return False
    if _PRODUCT_MARK.match(text, span.end):
        return False  # "Kabimix®": a registered product
    names = _name_words()
    if _is_country(value.rstrip("®™ ")) and (span.label == "LOCATION" or not any(w.lower() in names for w in words)):
        # "a visit to Morocco": larger than any place Safe Harbor removes, whichever label the
        # model gives it ("Bracco, Milano, Italy" tagged NAME); a country that is also a given
        # name ("Jordan", "Chad") may be the person it names
        return False
    everyday = all(is_common_word(w) and w.lower().rstrip("'’s") not in names for w in words)
    if everyday and value.islower() and not _mostly_lower(text) and not _spec()["role_after"].match(text, span.end):
        # "giving rise", "professor": lower-case everyday words in a note that capitalises names;
        # but initials before a staff credential are a person ("contact cc RN at ...")
        return False
    if everyday and len(words) == 1 and words[0][:1].isupper() and not words[0].isupper():
        return not _SENTENCE_START.search(text[max(0, span.start - 4):span.start])
    return True


def _is_country(value: str) -> bool:
    from deid.recognizers.address_block import names_country

    return names_country(value, whole=True)


def _mostly_lower(text: str) -> bool:
    """A note written in lower case (terse nursing style): there a lower-case word may be a name.

    Few capitals alone do not make one: case reports have as few ("...brownish pigmented macule.
    The lesion was..."), yet they start their sentences with a capital, and a writer who does that
    capitalises names too. A note is written in lower case when its capitals are few AND most of
    its sentences start in lower case (or it has too few sentences to tell)."""
    letters = sum(c.isalpha() for c in text)
    if not letters or sum(c.isupper() for c in text) / letters >= _spec()["lower_case_note_max_capitals"]:
        return not letters
    starts = _SENTENCE_FIRST_LETTER.findall(text)
    spec = _spec()
    return (len(starts) < spec["sentence_case_min_sentences"]
            or sum(c.isupper() for c in starts) / len(starts) < spec["sentence_case_min_share"])


_PRODUCT_MARK = regex.compile(r"[ \t]*[®™]")
_CITATION = regex.compile(r"[ \t]*(?i:et\.?[ \t]+al)(?!\p{L})")
_SENTENCE_FIRST_LETTER = regex.compile(r"(?:^|[.!?][ \t]+|\n[ \t]*)(\p{L})")
_SENTENCE_START = regex.compile(r"(?:^|[.:;!?/\n]\s*|\n[ \t]*[-*•\d.)]*[ \t]*)$")


def keeps(text: str, span: Span) -> bool:
    """Could ``span`` (a learned span) be PHI of its label, by its shape?"""
    start, end = _whole_tokens(text, span.start, span.end)
    value = text[start:end]
    if span.label == "DATE":
        return date_shaped(text, span.start, span.end)
    if span.label in ("PHONE", "FAX"):
        return len(DIGITS.findall(value)) >= 7
    if span.label == "AGE_OVER_89":
        return age_shaped(text, span.start, span.end)
    if span.label in ("EMAIL", "URL", "IP"):
        return bool(regex.search(r"[@./:]", value))
    if span.label in ("NAME", "LOCATION"):
        return name_or_place_shaped(text, span)
    # an identifier: enough digits to identify, and not a dose ("850 mg") or a code like "AE1-AE3"
    if unit_after(text, end):
        return False
    return len(DIGITS.findall(value)) >= _spec()["id_min_digits"] or mixed_identifier_shaped(value)


def mixed_identifier_shaped(value: str) -> bool:
    """Letters and digits together, as licence plates and device tags are ("JMN 258", "7ABC123").

    Fewer digits than a number-only identifier needs, because the letters identify too; a
    marker or level such as "AE1-AE3", "CK5-CK6" or "T12-L1" has too few digits or characters.
    """
    spec = _spec()
    digits = len(DIGITS.findall(value))
    letters = len(LETTERS.findall(value))
    return (digits >= spec["id_mixed_min_digits"] and letters >= spec["id_mixed_min_letters"]
            and digits + letters >= spec["id_mixed_min_characters"])


def unit_after(text: str, end: int) -> bool:
    """A unit right after a number ("850 mg", "250000 /mm3"): a measurement, not an identifier."""
    return bool(_spec()["unit_after"].search(text[end:end + 12]))


def gate(text: str, spans: list[Span]) -> list[Span]:
    return [s for s in spans if keeps(text, s)]
