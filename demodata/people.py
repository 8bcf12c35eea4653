"""People of the demo export (patients, relatives, clinicians, staff) and how notes name them.

A rendering is a list of pieces ``(text, label)``: ``label`` is ``"NAME"`` for the part that
is PHI and ``None`` for titles and credentials, so "Dr. Smith" plants a span on "Smith"
only and "Mary Jones, RN" on "Mary Jones".
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from faker import Faker

from demodata.resources import load, pick, weighted

Piece = tuple[str, "str | None"]
_TOKENS = re.compile(r"FIRST|LAST|First|Last|MI|FL|F|L")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_ROMANIZED = {"zh_CN", "ja_JP"}  # name in Latin script, as a US chart would carry it


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    middle: str  # middle initial or ""
    sex: str  # "female" | "male"


class NameFactory:
    """Faker instances per locale, created once; reseeded from the caller's rng per person."""

    def __init__(self):
        self.formats = load("phi_formats.yaml")
        self._fakers: dict[str, Faker] = {}

    def faker(self, locale: str, rng: random.Random) -> Faker:
        if locale not in self._fakers:
            self._fakers[locale] = Faker(locale)
        fake = self._fakers[locale]
        fake.seed_instance(rng.getrandbits(48))
        return fake

    def locale(self, rng: random.Random) -> str:
        return weighted(rng, self.formats["name_locales"])

    def first_name(self, rng: random.Random, locale: str, sex: str) -> str:
        fake = self.faker(locale, rng)
        if locale in _ROMANIZED:
            method = getattr(fake, f"first_romanized_name_{sex}", fake.first_romanized_name)
            return method()
        return fake.first_name_female() if sex == "female" else fake.first_name_male()

    def last_name(self, rng: random.Random, locale: str) -> str:
        fake = self.faker(locale, rng)
        last = fake.last_romanized_name() if locale in _ROMANIZED else fake.last_name()
        if rng.random() < self.formats["hyphenated_surname_rate"]:
            other = self.faker(self.locale(rng), rng)
            second = other.last_name() if other.locales[0] not in _ROMANIZED else other.last_romanized_name()
            if " " not in last and " " not in second and second != last:
                last = f"{last}-{second}"
        return last

    def person(self, rng: random.Random, sex: str | None = None, last: str | None = None,
               locale: str | None = None) -> Person:
        sex = sex or rng.choice(("female", "male"))
        locale = locale or self.locale(rng)
        first = self.first_name(rng, locale, sex)
        middle = pick(rng, "ABCDEFGHJKLMNPRSTW") if rng.random() < self.formats["middle_initial_rate"] else ""
        return Person(first=first, last=last or self.last_name(rng, locale), middle=middle, sex=sex)


def _initial(word: str) -> str:
    return word[:1].upper()


def render_form(person: Person, form: str, rng: random.Random) -> list[Piece]:
    """Render one name form of phi_formats.yaml: bracketed parts are not PHI."""
    titles = load("phi_formats.yaml")["titles"][person.sex]
    if not person.middle:
        form = form.replace(" MI.", "")
    pieces: list[Piece] = []
    position = 0
    for match in _BRACKETS.finditer(form):
        _append_name(pieces, form[position:match.start()], person)
        literal = match.group(1).replace("Title", pick(rng, titles))
        pieces.append((literal, None))
        position = match.end()
    _append_name(pieces, form[position:], person)
    return [piece for piece in pieces if piece[0]]


def _append_name(pieces: list[Piece], template: str, person: Person) -> None:
    if not template:
        return
    middle = person.middle

    def token(match: re.Match) -> str:
        return {
            "FIRST": person.first.upper(), "LAST": person.last.upper(), "First": person.first,
            "Last": person.last, "MI": middle, "FL": _initial(person.first) + _initial(person.last),
            "F": _initial(person.first), "L": _initial(person.last),
        }[match.group(0)]

    text = _TOKENS.sub(token, template)
    stripped = text.strip(" ")
    lead = len(text) - len(text.lstrip(" "))
    if lead:
        pieces.append((text[:lead], None))
    pieces.append((stripped, "NAME"))
    trail = len(text) - len(text.rstrip(" "))
    if trail:
        pieces.append((text[len(text) - trail:], None))


def render(person: Person, forms_key: str, rng: random.Random, form: str | None = None) -> list[Piece]:
    forms = load("phi_formats.yaml")[forms_key]
    chosen = form or weighted(rng, forms)["form"]
    return render_form(person, chosen, rng)
