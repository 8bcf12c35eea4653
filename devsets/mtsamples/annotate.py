"""Find the PHI an MTSamples note holds, placeholders and real values alike, from evidence that
is independent of the detector (rules.yaml): the placeholder grammar and its context, titles
and credentials, date shapes with guards, facility words, and towns of the CMS hospital list
after place cues. What it finds becomes gold after the surrogates replace it (build.py).

A ``Found`` carries a ``kind`` (what surrogate it needs) and a gold ``label``; the labels
``YEAR``, ``AGE`` and ``STATE`` are not Safe Harbor PHI and only the strict profile counts them;
``ORG`` (a company) and ``UNRESOLVED`` (a placeholder no rule could classify) are don't-care.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
PLACEHOLDER, PRESENT = "placeholder", "present"

# kind -> gold label
LABEL_OF = {
    "clinician": "NAME", "person": "NAME", "facility": "LOCATION", "town": "LOCATION", "street": "LOCATION",
    "county": "LOCATION", "zip": "LOCATION", "date": "DATE", "month_year": "DATE", "year": "YEAR", "age": "AGE",
    "age_over_89": "AGE_OVER_89", "state": "STATE", "device": "DEVICE", "phone": "PHONE", "mrn": "MRN",
    "org": "ORG", "unresolved": "UNRESOLVED", "other_id": "OTHER_ID",
}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str
    origin: str
    role: str = ""  # names: "surname" | "given" | "full"

    @property
    def label(self) -> str:
        return LABEL_OF[self.kind]


@functools.cache
def rules() -> dict:
    with open(HERE / "rules.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _bare(word: str) -> str:
    """A word without apostrophes and dots, so "CHILDREN'S" = "CHILDRENS", "St." = "ST" and a
    name ending a sentence ("Hospital.") is still its name."""
    return word.replace("'", "").replace("’", "").replace(".", "")


def _word_end(match: re.Match) -> int:
    """Where a word ends without the full stop of its sentence."""
    return match.end() - (len(match.group()) - len(match.group().rstrip(".")))


def _ends_with(before: str, phrases) -> bool:
    """``before`` (lower case, whitespace collapsed) ends with one of ``phrases`` as whole words
    (a phrase of punctuation, such as a list's "1)", needs no space before it)."""
    return any(before == p or before.endswith(" " + p) or before.endswith("," + p)
               or not p[:1].isalnum() and before.endswith(p) for p in phrases)


class Annotator:
    def __init__(self, towns: frozenset[str] = frozenset(), hospitals: tuple[str, ...] = (),
                 lowercase_words: frozenset[str] = frozenset(), given_names: frozenset[str] = frozenset()):
        """``lowercase_words``: every word the corpus writes in lower case somewhere (a word never
        written so is a proper noun); ``given_names``: first names for the cue-less full-name rule."""
        r = rules()
        self.r = r
        self.lowercase = lowercase_words
        self.given = given_names
        self.eponyms = set(r["eponyms"])
        self.town_followers = re.compile(r["town_followers"])
        self.full_name = re.compile(r"(?<![\w.])(?P<first>[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?(?P<last>(?:Mc|Mac|O')?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)(?![\w])")
        self.placeholder = re.compile(rf"(?<![\w'])(?:{r['placeholder']})(?![\w])")
        self.placeholder_id = re.compile(r"(?<![\w])(?:ABCD|ABC|XYZ)\d+(?![\w])")
        self.date_placeholder = re.compile(rf"(?<![\w/]){r['date_placeholder']}(?![\w/])")
        relations = _alternation(r["relation_words"])
        self.relative_initial = re.compile(
            rf"(?i:\b(?:{relations}))\s*(?:,|:,?)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[A-Z]|{r['placeholder']})(?=[,.;\s])")
        self.name_cued = re.compile(rf"(?i:\b(?:{_alternation(r['name_cues'])}))\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?![\w])")
        self.given_cued = re.compile(rf"\b(?:{_alternation(r['given_name_leaders'])})\s+(?P<name>[A-Z][a-z]+)(?=\s*(?:[.,;]|and\b))")
        self.given_age = re.compile(r"(?:^|[.,:]\s+)(?P<name>[A-Z][a-z]+) is an? [\w ,-]{0,30}?\d+-year-old")
        self.short_phone = re.compile(r"(?i:\b(?:fax|phone|telephone|pager|call)\b[\w ]{0,15}?)(?P<n>(?<!\d)\d{3}-\d{4})(?![\d-])")
        codes = _alternation(r["us_state_codes"])
        self.town_state_zip = re.compile(rf"(?P<town>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?),\s+(?P<state>{codes})\s+(?P<zip>\d{{5}}(?:-\d{{4}})?)(?![\w])")
        self.town_resident = re.compile(r"(?P<place>[A-Z][a-z]{3,}) resident\b")
        self.letter_credential = re.compile(rf"(?<![\w.])(?P<name>[A-Z]),\s*{r['credentials']}(?![A-Za-z])")
        # a month alone; a full month name may end its sentence ("in December."), an abbreviation not
        self.month_alone = re.compile(rf"(?<![\w])(?:{r['months']})(?![\w.])|(?<![\w])(?:{r['month_names']})(?=\.(?!\w))")
        self.title_letter = re.compile(rf"(?<![\w])(?:{_alternation(r['titles'])})\s+([A-Z])(?![\w]|\.\w)")
        self.titles_lower = {t.lower().rstrip(".") for t in r["titles"]}
        self.clinician_titles = {t.lower().rstrip(".") for t in r["clinician_titles"]}
        self.credentials = re.compile(rf"^,?\s*{r['credentials']}(?![A-Za-z])")
        self.facility_after = re.compile(rf"^(\s+{r['facility_words']})(?![A-Za-z])")
        self.org_after = re.compile(rf"^\s+{r['organisation_words']}(?![A-Za-z])")
        self.not_phi_after = re.compile(r["not_phi_followers"], re.I)
        self.title_name = re.compile(
            rf"(?<![\w])(?P<title>{_alternation(r['titles'])})\s+(?P<name>(?:Mc|Mac|O')?[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*"
            rf"(?:\s+(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)?)")
        self.credential_name = re.compile(
            rf"(?<![\w.])(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?){{0,2}}),\s*"
            rf"{r['credentials']}(?![A-Za-z])")
        self.title_stop = set(r["title_stopwords"])
        self.generic = set(r["facility_generic"])
        self.facility_named = re.compile(rf"(?P<words>(?:(?:[A-Z][\w'.-]*|of|the)\s+){{1,5}}){r['facility_tail']}(?![A-Za-z])")
        # the same in an ALL-CAPS header ("BANGOR GENERAL HOSPITAL:")
        self.facility_named_caps = re.compile(rf"(?P<words>(?:(?:[A-Z][A-Z'.-]*|OF|THE)[ \t]+){{1,5}}){r['facility_tail_caps']}(?![A-Za-z])")
        months = r["months"]
        self.date_patterns = [
            (re.compile(rf"(?<![\w])(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*(?:19|20)\d\d)?(?![\w])"), "date"),
            (re.compile(rf"(?<![\w])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\.?(?:,?\s*(?:19|20)\d\d)?(?![\w])"), "date"),
            (re.compile(rf"(?<![\w])(?:{months})\.?,?\s+(?:of\s+)?(?:19|20)\d\d(?![\w])"), "month_year"),
            (re.compile(r"(?<![\w/.\-])(?P<m>\d{1,2})(?P<s>[/\-])\s?(?P<d>\d{1,2})(?P=s)(?:\d{4}|\d{2})(?![\w/])"), "numeric"),
            (re.compile(r"(?<![\w/.\-])(?:19|20)\d\d-\d\d-\d\d(?![\w])"), "date"),
            (re.compile(r"(?<![\w/.\-])(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d|\d\d)(?![\w/])"), "numeric_month_year"),
            (re.compile(r"(?<![\w/.\-+=:])(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/])"), "numeric_month_day"),
        ]
        self.date_not_after = re.compile(r["date_not_followed_by"], re.I)
        self.date_leaders = r["date_leaders_for_bare_numeric"]
        self.month_day_leaders = r["date_leaders_for_month_day"]
        self.date_not_before = re.compile(r["date_not_preceded_by"])
        self.unambiguous_not_before = re.compile(r["date_not_preceded_by_unambiguous"])
        self.facility_head = re.compile(r["facility_head"])
        self.year = re.compile(r"(?<![\w/.\-$#:])(?<!:\s)(?<!:,\s)(?:19[3-9]\d|20[0-2]\d)(?![\w/%]|\.\d|\s*(?:mg|mcg|units?|cc|mL|ml|g|kg|lbs?|calories|kcal|times|of)\b)")
        self.short_year = re.compile(r"(?<![\w'])'\d\d(?![\w'])")
        self.age = re.compile(r"(?<![\w/.])(?P<n>\d{1,3})(?:-|\s)(?:year|yr)s?(?:-|\s)old(?![\w])|"
                              r"(?<![\w/.])(?P<n2>\d{1,3})\s?(?:yo|y/o|y\.o\.)(?![\w])|"
                              r"(?<![\w])(?:[Aa]ge|[Aa]ged)\s+(?:of\s+)?(?P<n3>\d{1,3})(?![\w./])", re.I)
        self.phone = re.compile(r"(?<![\w])\(?\d{3}\)?[-.\s]\d{3}[-.]\d{4}(?![\w])")
        self.address_template = re.compile(r["address_template"])
        self.serial = re.compile(r["serial_number"])
        self.mrn = re.compile(r"(?:MR#|MRN|Medical Record (?:Number|#)|Record #)[:\s]*(?P<id>\d{5,})")
        self.towns = {t for t in towns if t not in set(r["town_stopwords"])}
        self.states = set(r["us_states"])
        self.town_leaders = r["town_leaders"]
        self.residence_leaders = r["residence_leaders"]
        from faker.providers.address.en_US import Provider as _Address

        self.countries = {c for c in _Address.countries} | {"United States", "America", "Mexico", "Canada"}
        self.town_or_state = re.compile(r"(?<![\w])(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?:,\s+(?P<state>"
                                        + _alternation(self.states) + r"))?(?![\w])")
        # CMS names by their first two words (apostrophes dropped: "CHILDRENS" = "Children's");
        # a name of generic words only ("METHODIST HOSPITAL") needs a place cue and capitals, its
        # distinctive opening words alone ("Johns Hopkins") a place cue (``_listed_hospitals``)
        generic_upper = {_bare(w.upper()) for w in self.generic}
        not_heads = {w.upper() for w in set(r["us_states"]) | set(r["town_stopwords"])} | {c.upper() for c in self.countries}
        weak_upper = {w.upper() for w in r["facility_weak"]}
        self.hospitals: dict[tuple[str, str], list[tuple[tuple[str, ...], bool]]] = {}
        self.hospital_stems: set[tuple[str, ...]] = set()
        self.hospital_heads: set[str] = set()  # "KINDRED" of "KINDRED HOSPITAL ...": one word
        for name in hospitals:
            words = tuple(_bare(w) for w in name.upper().split())
            generic_only = all(w.strip(",.&-") in generic_upper for w in words)
            if generic_only and all(w.strip(",.&-") in weak_upper for w in words):
                continue  # "COMMUNITY HOSPITAL", "UNIVERSITY MEDICAL CENTER": a kind, not a place
            self.hospitals.setdefault(words[:2], []).append((words, generic_only))
            stem = []
            for w in words:
                if w in generic_upper or w.lower() in lowercase_words or not w.isalpha():
                    break
                stem.append(w)
            if len(stem) >= 2 and len(stem) < len(words) and " ".join(stem).title() not in towns:
                self.hospital_stems.add(tuple(stem))
            head = words[0]
            if len(words) >= 2 and len(head) >= 4 and head.isalpha() and head not in generic_upper \
                    and head not in not_heads and head.title() not in towns and head.lower() not in lowercase_words:
                self.hospital_heads.add(head)

    # -- placeholders ---------------------------------------------------------------------
    def _classify(self, text: str, start: int, end: int) -> tuple[str | None, int, str]:
        """(kind or None for a non-PHI placeholder, end of the span, name role)."""
        r = self.r
        before = re.sub(r"\s+", " ", text[max(0, start - 40):start]).lower().rstrip()
        previous = re.split(r"[\s,;:(]", before)[-1].rstrip(".") if before else ""
        after = text[end:end + 60]
        if previous in self.titles_lower:
            return ("clinician" if previous in self.clinician_titles else "person"), end, "surname"
        if self.credentials.match(after):
            return "clinician", end, "full"
        facility = self.facility_after.match(after)
        if facility:
            words = facility.group(1)
            kind = "county" if words.strip().startswith("County") and "Jail" not in words else "facility"
            return kind, end + len(words), ""
        if self.org_after.match(after):
            return "org", end, ""
        if _ends_with(before, r["device_leaders"]):
            return "device", end, ""
        if self.not_phi_after.match(after):
            return None, end, ""
        if after.startswith("'s") or after.startswith("' ") or re.match(r"^\s+(?:" + _alternation(r["person_followers"]) + r")\b", after):
            return "person", end, "given"
        if _ends_with(before, r["person_leaders"]):
            return "person", end, "given"
        if _ends_with(before, r["place_leaders"]):
            town = _ends_with(before, ("moved to", "born in", "living in", "lives in", "leaves for", "in"))
            return ("town" if town else "facility"), end, ""
        if _ends_with(before, r["not_phi_leaders"]):
            return None, end, ""
        return "unresolved", end, ""

    def placeholders(self, text: str) -> tuple[list[Found], Counter]:
        found, stats = [], Counter()
        spots = [(m.start(), m.end()) for m in self.placeholder.finditer(text)]
        spots += [(m.start(1), m.end(1)) for m in self.title_letter.finditer(text)]
        for start, end in sorted(set(spots)):
            kind, stop, role = self._classify(text, start, end)
            stats[kind or "not_phi"] += 1
            if kind:
                found.append(Found(start, stop, kind, PLACEHOLDER, role))
        for m in self.date_placeholder.finditer(text):
            found.append(Found(m.start(), m.end(), "date", PLACEHOLDER))
            stats["date"] += 1
        taken = {f.start for f in found}
        for m in self.relative_initial.finditer(text):
            words = m.group("name").split()
            if len(words) > 1 and not self._proper_name(words[1]):
                m_end = m.start("name") + len(words[0])
            else:
                m_end = m.end("name")
            word = words[0]
            if len(word) > 1 and not self.placeholder.fullmatch(word) and not self._proper_name(word):
                continue  # "his mother, Mary," is a name; "her husband, Dad" or "son, Type" is not
            if m.start("name") in taken:
                found = [f if f.start != m.start("name") else Found(f.start, f.end, "person", f.origin, "given")
                         for f in found]
            else:
                origin = PLACEHOLDER if len(word) == 1 or self.placeholder.fullmatch(word) else PRESENT
                found.append(Found(m.start("name"), m_end, "person", origin, "given" if m_end - m.start("name") == len(word) else "full"))
                stats["person"] += 1
        for m in self.letter_credential.finditer(text):  # "reviewed by X, RN, BSN"
            if m.start("name") not in taken:
                found.append(Found(m.start("name"), m.end("name"), "clinician", PLACEHOLDER, "full"))
                stats["clinician"] += 1
        for m in self.placeholder_id.finditer(text):
            before = text[max(0, m.start() - 20):m.start()].lower()
            found.append(Found(m.start(), m.end(), "device" if "serial" in before else "other_id", PLACEHOLDER))
            stats["id"] += 1
        return self._settle(text, found), stats

    def _settle(self, text: str, found: list[Found]) -> list[Found]:
        """An unresolved placeholder takes the kind its string has elsewhere in the note ("ABCD"
        is the patient in every other sentence); "RE: XXXX, XXXX" is surname, given name."""
        kinds: dict[str, Counter] = {}
        for f in found:
            if f.kind != "unresolved":
                kinds.setdefault(text[f.start:f.end].split()[0], Counter())[f.kind] += 1
        settled = []
        for i, f in enumerate(found):
            if f.kind == "unresolved":
                word = text[f.start:f.end]
                previous = settled[-1] if settled else None
                if previous and previous.label == "NAME" and re.fullmatch(r",\s*", text[previous.end:f.start]):
                    settled[-1] = Found(previous.start, previous.end, previous.kind, previous.origin, "surname")
                    f = Found(f.start, f.end, "person", f.origin, "given")
                elif word in kinds:
                    kind = kinds[word].most_common(1)[0][0]
                    f = Found(f.start, f.end, kind, f.origin, "given" if LABEL_OF[kind] == "NAME" else "")
            settled.append(f)
        return settled

    # -- PHI already in the text ------------------------------------------------------------
    def names(self, text: str) -> list[Found]:
        found = []
        for m in self.title_name.finditer(text):
            words = m.group("name").split()
            if words[0] in self.title_stop or self.placeholder.fullmatch(words[0]):
                continue
            if len(words) > 1 and (words[1] in self.title_stop or words[1] in self.generic):
                words = words[:1]
            start = m.start("name")
            end = start + len(" ".join(words)) if len(words) == 1 else m.end("name")
            kind = "clinician" if m.group("title").lower().rstrip(".") in self.clinician_titles else "person"
            found.append(Found(start, end, kind, PRESENT, "surname" if len(words) == 1 else "full"))
        for m in self.credential_name.finditer(text):
            words = m.group("name").split()
            if any(w in self.title_stop or w in self.generic for w in words) or self.placeholder.fullmatch(words[0]):
                continue
            found.append(Found(m.start("name"), m.end("name"), "clinician", PRESENT, "full" if len(words) > 1 else "surname"))
        for m in self.full_name.finditer(text):
            first, last = m.group("first"), m.group("last")
            if first in self.given and last.lower() not in self.lowercase and last not in self.title_stop \
                    and last not in self.generic and last not in self.eponyms and first.lower() not in self.lowercase:
                found.append(Found(m.start(), m.end(), "person", PRESENT, "full"))
        for m in self.name_cued.finditer(text):  # "whose name is Carmen", "a girl named Kim"
            words = m.group("name").split()
            if not self._proper_name(words[0]):
                continue
            end = m.end("name") if len(words) > 1 and self._proper_name(words[1]) else m.start("name") + len(words[0])
            found.append(Found(m.start("name"), end, "person", PRESENT, "given" if end - m.start("name") == len(words[0]) else "full"))
        for pattern in (self.given_cued, self.given_age):  # "She saw Chris.", "Chris is a 38-year-old"
            for m in pattern.finditer(text):
                name = m.group("name")
                if name in self.given and name.lower() not in self.lowercase and name not in self.title_stop:
                    found.append(Found(m.start("name"), m.end("name"), "person", PRESENT, "given"))
        return self._propagate(text, found)

    def _proper_name(self, word: str) -> bool:
        """A given name the corpus never writes in lower case, or any word it never does (when
        the corpus vocabulary is known): "Mary", "Vilheim"; not "Dad", "Negative", "Type"."""
        if word.lower() in self.lowercase or word in self.title_stop or word.lower() in self.titles_lower:
            return False
        return word in self.given or bool(self.lowercase)

    def _propagate(self, text: str, found: list[Found]) -> list[Found]:
        """A name vouched for by a title or credential is a name wherever else the note writes it."""
        tokens = {w for f in found for w in re.findall(r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?", text[f.start:f.end])}
        tokens -= self.title_stop | self.generic
        extra = []
        for token in tokens:
            for m in re.finditer(rf"(?<![\w]){re.escape(token)}(?![\w])", text):
                extra.append(Found(m.start(), m.end(), "person", PRESENT, "surname"))
        return found + extra

    def dates(self, text: str) -> list[Found]:
        found = []
        for pattern, shape in self.date_patterns:
            for m in pattern.finditer(text):
                kind = "month_year" if shape in ("month_year", "numeric_month_year") else "date"
                if shape.startswith("numeric"):
                    month = int(m.group("m"))
                    day = int(m.groupdict().get("d") or 1)
                    if not (1 <= month <= 12 and 1 <= day <= 31):
                        continue
                    if shape in ("numeric_month_year", "numeric_month_day"):
                        before = re.sub(r"\s+", " ", text[max(0, m.start() - 20):m.start()]).lower().rstrip()
                        after = text[m.end():m.end() + 20]
                        four_digit = shape == "numeric_month_year" and len(m.group("y")) == 4
                        leaders = self.date_leaders if shape == "numeric_month_year" else self.month_day_leaders
                        # "3/92": a two-digit year no day can be needs no cue, only its own guards
                        unambiguous = (shape == "numeric_month_year" and len(m.group("y")) == 2
                                       and int(m.group("y")) >= 32 and not self.unambiguous_not_before.search(before))
                        if not (four_digit or unambiguous or _ends_with(before, leaders)) \
                                or self.date_not_after.match(after) or self.date_not_before.search(before):
                            continue
                found.append(Found(m.start(), m.end(), kind, PRESENT))
        for m in self.month_alone.finditer(text):
            before = re.sub(r"\s+", " ", text[max(0, m.start() - 12):m.start()]).lower().rstrip()
            if _ends_with(before, self.r["month_alone_leaders"]) and m.group() != "May" \
                    or before.endswith((" in", " of", "mid-", "pre-", "post-")):
                found.append(Found(m.start(), m.end(), "date", PRESENT))
        for m in self.year.finditer(text):
            found.append(Found(m.start(), m.end(), "year", PRESENT))
        for m in self.short_year.finditer(text):
            found.append(Found(m.start(), m.end(), "year", PRESENT))
        return found

    def ages(self, text: str) -> list[Found]:
        found = []
        for m in self.age.finditer(text):
            group = next(g for g in ("n", "n2", "n3") if m.group(g))
            if text[max(0, m.start(group) - 2):m.start(group)].endswith(("/", "-")):
                continue  # "3-1/2-year-old", "1-1/2"
            age = int(m.group(group))
            found.append(Found(m.start(group), m.end(group), "age_over_89" if age > 89 else "age", PRESENT))
        return found

    def places(self, text: str) -> list[Found]:
        found = []
        named = [(m, m.group("words").split()) for m in self.facility_named.finditer(text)]
        for m in self.facility_named_caps.finditer(text):  # an ALL-CAPS line: its everyday words lead in
            words = [w.title() if w not in ("OF", "THE") else w.lower() for w in m.group("words").split()]
            while words and words[0] not in self.generic and self._everyday(words[0]):
                words = words[1:]
            named.append((m, words))
        for m, words in named:
            while words and (words[0] in ("The", "the", "of") or words[0] in self.generic and words[0] not in ("St.", "Saint")):
                words = words[1:]
            specific = [w for w in words if w not in self.generic and w not in ("of", "the") and not self._everyday(w)]
            if not specific or any(self.placeholder.fullmatch(w.rstrip(",.")) for w in words) \
                    or text[max(0, m.start() - 1):m.start()] in ("&", "/", "-"):
                continue
            start = m.start() + m.group(0).upper().index(words[0].upper()) if words else m.start()
            found.append(Found(start, m.end(), "facility", PRESENT))
        found += self._listed_hospitals(text)
        found += [Found(m.start(), m.end(), "facility", PRESENT) for m in self.facility_head.finditer(text)]
        for m in self.town_resident.finditer(text):  # "a 69-year-old Roseburg resident"
            if not self._everyday(m.group("place")) and m.group("place") not in self.title_stop \
                    and m.group("place") not in self.states and m.group("place") not in self.countries and self.lowercase:
                found.append(Found(m.start("place"), m.end("place"), "town", PRESENT))
        for m in self.town_or_state.finditer(text):
            before = re.sub(r"\s+", " ", text[max(0, m.start() - 20):m.start()]).lower().rstrip()
            place, state = m.group("place"), m.group("state")
            if place in self.states and _ends_with(before, self.town_leaders):
                found.append(Found(m.start("place"), m.end("place"), "state", PRESENT))
            elif (place in self.towns and place not in self.eponyms and place.lower() not in self.lowercase
                  and (state or _ends_with(before, self.town_leaders) and self.town_followers.match(text[m.end():m.end() + 12]))):
                found.append(Found(m.start("place"), m.end("place"), "town", PRESENT))
                if state:
                    found.append(Found(m.start("state"), m.end("state"), "state", PRESENT))
            elif (_ends_with(before, self.residence_leaders) and place not in self.countries
                  and place.split()[0] not in self.title_stop and place.lower() not in self.lowercase):
                found.append(Found(m.start("place"), m.end("place"), "town", PRESENT))  # "lives in San Salvador"
                if state:
                    found.append(Found(m.start("state"), m.end("state"), "state", PRESENT))
            elif state and place.split()[-1] not in self.generic and place not in self.title_stop:
                found.append(Found(m.start("place"), m.end("place"), "town", PRESENT))  # "Dwyne, Missouri"
                found.append(Found(m.start("state"), m.end("state"), "state", PRESENT))
        return found

    def _everyday(self, word: str) -> bool:
        """The corpus writes the word (less a possessive 's) in lower case somewhere."""
        return re.sub(r"['’]s$", "", word.lower()) in self.lowercase

    def _listed_hospitals(self, text: str) -> list[Found]:
        """Whole names of the CMS list, any case ("Mayo Clinic" = "MAYO CLINIC"; "Johns Hopkins
        Hospital" = "JOHNS HOPKINS HOSPITAL, THE"). A name of generic words only counts written
        as a name (capitals) after "The" or a place cue ("comes to The Methodist Hospital"); the
        distinctive opening words of a name count alone after a place cue ("testing at Johns
        Hopkins a couple of years ago")."""
        matches = list(re.finditer(r"[\w'’&.-]+", text))
        upper = [_bare(m.group().upper()) for m in matches]
        found = []
        for i in range(len(upper) - 1):
            cued = self._place_cued(text, matches, i)
            for name, generic_only in self.hospitals.get((upper[i], upper[i + 1]), ()):
                if tuple(upper[i:i + len(name)]) != name:
                    continue
                written = [m.group() for m in matches[i:i + len(name)]]
                if generic_only and not (cued and all(w[:1].isupper() for w in written)):
                    continue
                found.append(Found(matches[i].start(), _word_end(matches[i + len(name) - 1]), "facility", PRESENT))
            stem = tuple(upper[i:i + 2])
            if cued and stem in self.hospital_stems and all(m.group()[:1].isupper() for m in matches[i:i + 2]):
                found.append(Found(matches[i].start(), _word_end(matches[i + 1]), "facility", PRESENT))
            word = matches[i].group()
            if upper[i] in self.hospital_heads and word[:1].isupper() and word[1:2].islower() \
                    and word not in self.given and word not in self.eponyms \
                    and _ends_with(re.sub(r"\s+", " ", text[max(0, matches[i].start() - 12):matches[i].start()]).rstrip(),
                                   ("at", "to", "from", "here at")) \
                    and self.town_followers.match(text[_word_end(matches[i]):_word_end(matches[i]) + 12]):
                # one opening word of a CMS name after a lower-case place cue, ending the phrase:
                # "transfer to Kindred.", "his stay here at Promise", "checked at Munson that"
                found.append(Found(matches[i].start(), _word_end(matches[i]), "facility", PRESENT))
        return found

    def _place_cued(self, text: str, matches, i: int) -> bool:
        before = re.sub(r"\s+", " ", text[max(0, matches[i].start() - 30):matches[i].start()]).rstrip()
        if before.endswith(" The") or before == "The":
            return True
        lowered = before.lower()
        if lowered.endswith(" the"):
            lowered = lowered[:-4].rstrip()
        return _ends_with(lowered, self.town_leaders) or _ends_with(lowered, self.r["place_leaders"])

    def contacts(self, text: str) -> list[Found]:
        found = [Found(m.start(), m.end(), "phone", PRESENT) for m in self.phone.finditer(text)]
        for m in self.address_template.finditer(text):
            found += [Found(m.start("street"), m.end("street"), "street", PLACEHOLDER),
                      Found(m.start("town"), m.end("town"), "town", PLACEHOLDER),
                      Found(m.start("state"), m.end("state"), "state", PLACEHOLDER),
                      Found(m.start("zip"), m.end("zip"), "zip", PLACEHOLDER)]
        found += [Found(m.start("n"), m.end("n"), "phone", PRESENT) for m in self.short_phone.finditer(text)]
        for m in self.town_state_zip.finditer(text):  # a letter head: "East Orange, NJ  07018"
            found += [Found(m.start("town"), m.end("town"), "town", PRESENT),
                      Found(m.start("state"), m.end("state"), "state", PRESENT),
                      Found(m.start("zip"), m.end("zip"), "zip", PRESENT)]
        found += [Found(m.start("id"), m.end("id"), "device", PRESENT) for m in self.serial.finditer(text)]
        found += [Found(m.start("id"), m.end("id"), "mrn", PRESENT) for m in self.mrn.finditer(text)]
        return found

    # -- all together ----------------------------------------------------------------------
    def annotate(self, text: str) -> tuple[list[Found], Counter]:
        placeholders, stats = self.placeholders(text)
        present = self.contacts(text) + self.names(text) + self.places(text) + self.dates(text) + self.ages(text)
        return resolve_overlaps(placeholders, present), stats


# Which of two overlapping finds wins: placeholders first, then the longer, then this order.
_PRIORITY = ["phone", "mrn", "facility", "clinician", "person", "date", "month_year", "town", "county", "state",
             "age_over_89", "age", "year"]


def resolve_overlaps(placeholders: list[Found], present: list[Found]) -> list[Found]:
    def rank(f: Found):
        return (0 if f.origin == PLACEHOLDER else 1, -(f.end - f.start),
                _PRIORITY.index(f.kind) if f.kind in _PRIORITY else len(_PRIORITY))

    kept: list[Found] = []
    for f in sorted(placeholders + present, key=rank):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def load_hospital_gazetteer(path: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """Towns and hospital names of the CMS list (../shared/data/us_hospitals/hospitals.csv),
    title-cased towns; names of two words or more, a trailing ", THE" moved to the front and
    also dropped ("JOHNS HOPKINS HOSPITAL, THE"). Names of generic words only are kept: the
    annotator matches them with a place cue (``Annotator._listed_hospitals``)."""
    towns, names = set(), set()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            towns.add(row["city"].title())
            name = re.sub(r",?\s+THE$", "", row["name"].strip())
            if len(name.split()) >= 2:
                names.add(name)
    return frozenset(towns), tuple(sorted(names))
