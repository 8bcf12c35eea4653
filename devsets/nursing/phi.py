"""PHI of the nursing-note generator, rendered in the forms nursing notes write it.

A renderer returns pieces ``(text, label)``: ``label`` is the gold label of that piece, ``None``
for words around the value (role words, relation words, times beside dates, an "ew" after a
hospital). Span rules (docs/contracts.md section 1): a name without role or title; a date
without its time; a facility name as one span ("st lukes", "mgh"); a unit named after a
building, the building's name only ("ELLISON" of "ELLISON 8"); an age over 89 the number only.
Two-digit and four-digit years alone ("mi '89", "cabg 94") are ``YEAR`` (strict profile only),
a month with a year ("fx 4/97") is a DATE; ages under 90 are ``AGE`` (strict only).

One ``Cast`` per note: the same relatives, clinicians and facilities come back when a note
names them twice, as in a real note.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from dataclasses import dataclass, field

from demodata.resources import load, pick
from devsets import values

Piece = tuple[str, "str | None"]

_RELATIONS = {
    "female": ["wife", "pt's wife", "dtr", "daughter", "pt's daughter", "sister", "mother", "niece", "granddaughter",
               "dil", "girlfriend", "hcp", "friend", "neighbor"],
    "male": ["husband", "pt's husband", "son", "pt's son", "brother", "father", "nephew", "grandson", "sil",
             "boyfriend", "hcp", "friend", "neighbor"],
}
_ROLES_SURNAME = ["dr", "dr.", "ho dr", "attending dr", "fellow dr", "renal dr", "cards dr", "dr"]
_ROLES_ANY = ["house officer", "ho", "resident", "np", "pa", "intern", "fellow", "attending", "covering ho",
              "night float", "on-call resident", "surgical resident"]
_ED_WORDS = ["ew", "ed", "er", "eu", "emergency dept", "ew", "ed"]
_FACILITY_TYPES = ["rehab", "house", "manor", "nursing home", "snf", "rehab hospital", "vna", "center", "ltc", "hospice"]
_STAFF_FORMS = [("{first}", ""), ("{first} {last}", ""), ("{first}", " from case mgmt"), ("{first} {last}", " (sw)")]


@dataclass
class Cast:
    rng: random.Random
    people: dict = field(default_factory=dict)

    def member(self, role: str, make, reuse: float = 0.5):
        """A person or place of this role; an earlier one comes back with probability ``reuse``."""
        known = self.people.setdefault(role, [])
        if known and self.rng.random() < reuse:
            return pick(self.rng, known)
        made = make()
        known.append(made)
        return made


def _abbreviation(name: str, rng: random.Random, clinical: set[str]) -> str | None:
    """"Norwood General Hospital" -> "ngh"; None when it collides with a clinical abbreviation."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in ("of", "the")]
    letters = "".join(w[0] for w in words).lower()
    if rng.random() < 0.3 and len(words) > 1:
        letters = words[0][:2].lower() + "".join(w[0] for w in words[1:]).lower()
    return letters if 2 <= len(letters) <= 5 and letters not in clinical else None


def _ordinal(number: int) -> str:
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10 if number % 100 not in (11, 12, 13) else 0, 'th')}"


class PhiRenderer:
    def __init__(self, rng: random.Random, clinical_abbreviations: set[str]):
        self.rng = rng
        self.cast = Cast(rng)
        self.clinical = clinical_abbreviations

    # -- people -------------------------------------------------------------------------
    def relative(self) -> list[Piece]:
        rng = self.rng
        sex, relation, person = self.cast.member("relative", lambda: self._new_relative(), reuse=0.4)
        name = person.first if rng.random() < 0.7 else f"{person.first} {person.last}"
        if rng.random() < 0.15:
            return [(relation + " (", None), (name, "NAME"), (")", None)]
        return [(relation + " ", None), (name, "NAME")]

    def _new_relative(self):
        sex = self.rng.choice(("female", "male"))
        return sex, pick(self.rng, _RELATIONS[sex]), values.person(self.rng, sex)

    def clinician_role(self) -> list[Piece]:
        rng = self.rng
        person = self.cast.member("clinician", lambda: values.person(rng), reuse=0.4)
        if rng.random() < 0.55:
            return [(pick(rng, _ROLES_SURNAME) + " ", None), (person.last, "NAME")]
        name = pick(rng, (f"{person.first} {person.last}", person.first, f"{person.first[0]}. {person.last}"))
        return [(pick(rng, _ROLES_ANY) + " ", None), (name, "NAME")]

    def patient(self) -> list[Piece]:
        """The patient's first name opening a sentence ("Gaba is a 85-year-old woman")."""
        person = self.cast.member("patient", lambda: values.person(self.rng), reuse=1.0)
        return [(person.first, "NAME")]

    def clinician_surname(self) -> list[Piece]:
        """A clinician's surname alone after "per" ("heparin held per Ho, recheck ptt")."""
        person = self.cast.member("clinician", lambda: values.person(self.rng), reuse=0.4)
        return [(person.last, "NAME")]

    def staff(self) -> list[Piece]:
        rng = self.rng
        person = self.cast.member("staff", lambda: values.person(rng), reuse=0.5)
        form, suffix = pick(rng, _STAFF_FORMS)
        return [(form.format(first=person.first, last=person.last), "NAME"), (suffix, None)]

    def nurse(self) -> list[Piece]:
        rng = self.rng
        person = values.person(rng)
        return [(pick(rng, (f"{person.first[0]}. {person.last}", f"{person.first} {person.last[0]}",
                            f"{person.first} {person.last}", f"{person.first[0]}{person.last[0]}",
                            person.first)), "NAME")]

    # -- places -------------------------------------------------------------------------
    def _hospital_surface(self) -> str:
        rng = self.rng
        full = values.facility(rng, "hospital")
        roll = rng.random()
        if roll < 0.3:
            short = _abbreviation(full, rng, self.clinical)
            if short:
                return short
        if roll < 0.5:
            return f"{values.city(rng)} {pick(rng, ('hospital', 'general', 'medical center', 'health', 'regional', 'hosp'))}"
        if roll < 0.65:
            saint = pick(rng, load("phi_formats.yaml")["saints"]).lower()
            return pick(rng, (f"st {saint}s", f"st. {saint}'s", f"st {saint}'s", f"saint {saint}s"))
        if roll < 0.75:
            return values.city(rng)  # "transferred to norwood"
        return full

    def facility(self) -> list[Piece]:
        return [(self.cast.member("facility", self._hospital_surface, reuse=0.45), "LOCATION")]

    def facility_ed(self) -> list[Piece]:
        name = self.cast.member("facility", self._hospital_surface, reuse=0.45)
        return [(name, "LOCATION"), (" " + pick(self.rng, _ED_WORDS), None)]

    def rehab(self) -> list[Piece]:
        rng = self.rng

        def make() -> str:
            stem = values.surname(rng) if rng.random() < 0.6 else values.city(rng)
            return f"{stem} {pick(rng, _FACILITY_TYPES)}"

        return [(self.cast.member("rehab", make, reuse=0.5), "LOCATION")]

    def unit(self) -> list[Piece]:
        rng = self.rng
        building = self.cast.member("building", lambda: values.surname(rng), reuse=0.6)
        floor = pick(rng, (str(rng.randint(2, 14)), f"{rng.randint(2, 12)}{pick(rng, 'abcdnsew')}",
                           f"{rng.randint(2, 9)}th floor"))
        return [(building, "LOCATION"), (" " + floor, None)]

    def town(self) -> list[Piece]:
        return [(self.cast.member("town", lambda: values.city(self.rng), reuse=0.4), "LOCATION")]

    # -- shapes of the third round (issue 15's kinds the rules still missed) ----------------
    def ward_everyday(self) -> list[Piece]:
        """A ward named after a donor whose surname is an everyday word, with its floor ("awaiting
        bed on white 9a", "to LONG 12"): the building's name only is PHI, as in ``unit``."""
        rng = self.rng
        building = self.cast.member("ward_everyday", lambda: pick(rng, values.everyday_surnames()).lower(), reuse=0.6)
        floor = pick(rng, (f"{rng.randint(2, 12)}{pick(rng, 'abcdnsew')}", f"{rng.randint(2, 12)}{pick(rng, 'abcdnsew')}",
                           f"{_ordinal(rng.randint(2, 9))} floor", str(rng.randint(2, 14))))
        return [(building, "LOCATION"), (" " + floor, None)]

    def hospital_initials(self) -> list[Piece]:
        """A hospital's initials that no list holds, in capitals or lower case ("to NEWCH for cath")."""
        rng = self.rng

        def make() -> str:
            for _ in range(50):
                short = _abbreviation(values.facility(rng, "hospital"), rng, self.clinical)
                if short and len(short) >= 3:
                    return short.upper() if rng.random() < 0.7 else short
            raise ValueError("no hospital initials outside the clinical abbreviations in 50 draws")

        return [(self.cast.member("hospital_initials", make, reuse=0.5), "LOCATION")]

    def month_relative(self) -> list[Piece]:
        """A relative whose given name is a month ("hcp april", "son august"): a name, no date."""
        rng = self.rng
        name = pick(rng, values.month_given_names())
        relation = pick(rng, _RELATIONS["male" if name == "August" else "female"])
        return [(relation + " ", None), (name.lower() if rng.random() < 0.6 else name, "NAME")]

    def month_alone(self) -> list[Piece]:
        """A month named alone after a date cue ("since april", "in June"): an element of a date."""
        name = calendar.month_name[self.rng.randint(1, 12)]
        return [(name.lower() if self.rng.random() < 0.6 else name, "DATE")]

    # -- dates, ages, numbers -------------------------------------------------------------
    def _day(self) -> dt.date:
        return values.random_date(self.rng, dt.date(2001, 1, 1), dt.date(2023, 12, 31))

    def date(self) -> list[Piece]:
        rng, day = self.rng, self._day()
        month_abbr = calendar.month_abbr[day.month].lower() if rng.random() < 0.6 else calendar.month_abbr[day.month]
        ordinal = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day.day, "th")
        forms = [f"{day.month}/{day.day}", f"{day.month}/{day.day}", f"{day.month:02d}-{day.day:02d}-{day.year % 100:02d}",
                 f"{day.month}/{day.day}/{day.year % 100:02d}", f"{month_abbr} {day.day}{ordinal}", f"{month_abbr} {day.day}",
                 f"{day.month:02d}/{day.day:02d}/{day.year}", f"{day.month}-{day.day}", f"{day.day}{ordinal} of {month_abbr}"]
        return [(pick(rng, forms), "DATE")]

    def date_with_time(self) -> list[Piece]:
        rng = self.rng
        hour, minute = rng.randint(0, 23), pick(rng, (0, 0, 15, 30, 45, rng.randint(0, 59)))
        time = pick(rng, (f"{hour:02d}{minute:02d}", f"{hour:02d}:{minute:02d}", f"{hour % 12 or 12}{'am' if hour < 12 else 'pm'}"))
        return self.date() + [(pick(rng, (" ", " @ ", " at ", " @")) + time, None)]

    def history_date(self) -> list[Piece]:
        rng = self.rng
        year = rng.randint(1968, 2021)
        roll = rng.random()
        if roll < 0.25:
            return [(f"'{year % 100:02d}", "YEAR")]
        if roll < 0.5:
            return [(f"{year % 100:02d}", "YEAR")]
        if roll < 0.7:
            return [(str(year), "YEAR")]
        if roll < 0.9:
            return [(f"{rng.randint(1, 12)}/{year % 100:02d}", "DATE")]
        return [(f"{calendar.month_abbr[rng.randint(1, 12)].lower()} {year % 100:02d}", "DATE")]

    def age(self) -> list[Piece]:
        rng = self.rng
        age = rng.randint(90, 103) if rng.random() < 0.1 else rng.randint(19, 89)
        return [(str(age), "AGE_OVER_89" if age > 89 else "AGE")]

    def phone(self) -> list[Piece]:
        rng = self.rng
        area, exchange, line = rng.randint(201, 989), rng.randint(200, 999), rng.randint(0, 9999)
        if rng.random() < 0.2:
            exchange = 555
        body = pick(rng, (f"{area}/{exchange}/{line:04d}", f"{area}-{exchange}-{line:04d}", f"({area}) {exchange}-{line:04d}",
                          f"{exchange}-{line:04d}", f"{area} {exchange} {line:04d}", f"{area}.{exchange}.{line:04d}",
                          f"{area}{exchange}{line:04d}", f"({area}){exchange}-{line:04d}"))
        if rng.random() < 0.25:
            body += pick(rng, (f" x{rng.randint(10, 9999)}", f" ext {rng.randint(10, 999)}", f"x{rng.randint(100, 999)}"))
        return [(body, "PHONE")]

    def mrn(self) -> list[Piece]:
        return [(values.pattern_id(self.rng, "MRN").lower(), "MRN")]

    def render(self, kind: str) -> list[Piece]:
        return getattr(self, kind)()
