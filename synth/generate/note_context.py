"""What one note's sections share while ``NoteWriter.write`` renders them: the plan drawn out
(seed, other codes, past condition, traps, medication list, slots), the lines written so far,
and the helpers every section uses (a checked sentence frame, a trap's name, a header).

Built once per note by ``NoteWriter.write``; each section renderer (section_renderers.py)
reads and appends to it. The helpers draw from the note's ``rng`` in the order the sections
call them, so a note is the same for the same seed whichever renderer module holds the code.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from synth import icd, note_styles, realism
from synth.generate import details as detailing, grammar, mentions
from synth.generate.measurements import clinical, matching
from synth.label import context

_CURRENT = re.compile(r"\b(current|currently|active)\b", re.IGNORECASE)
_NOT_A_TREATMENT = re.compile(r"\b(vitamin|multivitamin|supplement|PRN|as needed)\b", re.IGNORECASE)


def join_words(items: list[str], rng: random.Random) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = rng.choice([" and ", ", and ", " and "])
    return ", ".join(items[:-1]) + last + items[-1]


def lower_first(text: str) -> str:
    first = text.split()[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


@dataclass
class WriteContext:
    """One note being written (see the module docstring)."""

    writer: object  # the NoteWriter: mention(), guard, details, index
    plan: dict
    rng: random.Random
    templates: dict
    codes: list[str]
    seed: str
    others: list[str]
    past: dict | None
    forms: dict[str, list[str]]
    slots: dict
    vitals: dict
    stay_days: int
    med_list: list[str]
    listed: list[str]
    traps: dict[str, list[str]]
    taken: set[str]
    other_setting: str
    upper: bool
    background: list[str] = field(default_factory=list)
    style: str = note_styles.TEMPLATE
    scale: float = 1.0
    has_past_section: bool = False
    styled: object = None  # StyledSections of this note
    lines: list[str] = field(default_factory=list)
    result_lines: dict[str, tuple[int, int]] = field(default_factory=dict)  # "labs"/"studies" -> [start, end)
    allergy: dict = field(default_factory=lambda: {"text": ""})  # once written: no plan starts a drug of its class
    used_sections: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    written_traps: list[str] = field(default_factory=list)

    # -- wording helpers -------------------------------------------------------------------
    def mention(self, code: str) -> str:
        return self.writer.mention(code, self.forms, self.rng)

    def written(self, *items: str) -> set[str]:
        return {self.forms.get(c, [c])[0] for c in items}

    def in_setting(self, text: str) -> bool:  # no "is admitted" in a clinic visit, no "post-discharge visit" on the ward
        return self.other_setting not in realism.setting_of(text)

    def framed(self, key: str, extra: dict, codes_in: set[str], options: list[str] | None = None) -> str:
        """A sentence frame around mentions (one of ``options``, default all of ``key``),
        redrawn if a frame word changes what they say or places the note in the other setting."""
        phrases, rng, guard = self.templates["phrases"], self.rng, self.writer.guard
        options = options or phrases[key]
        fallback = detailing.say(phrases[key][0], rng, {**self.slots, **extra})
        return self.writer.details.draw(lambda: detailing.say(rng.choice(options), rng, {**self.slots, **extra}),
                                        lambda text: self.in_setting(text) and guard.affirmed_as(text, codes_in), fallback)

    def trap_name(self, code: str) -> str:
        self.written_traps.append(code)
        return lower_first(mentions.trap_form(code, self.writer.index, self.rng))

    def plain_name(self, code: str) -> str:  # the fallback when no frame reads as meant
        return lower_first(mentions.shortest(code, self.writer.index))

    def header(self, section: dict, inline: str | None = None) -> None:
        rng = self.rng
        name = rng.choice(section["headers"])
        self.used_sections.append(section["kind"])
        self.choices.append(f"{section['kind']}:{section['headers'].index(name)}")
        name = name.upper() if self.upper else name
        if section.get("headerless") and rng.random() < section["headerless"]:
            if inline is not None:  # a letter's paragraph: the body without a header
                self.lines.append(inline)
            return
        if inline is not None and rng.random() < 0.5:
            self.lines.append(f"{name}: {inline}")
        else:
            self.lines.append(f"{name}:")
            if inline is not None:
                self.lines.append(inline)

    # -- pieces several sections write ----------------------------------------------------
    def comorbid_text(self, limit: int = 3) -> str:
        return join_words([self.mention(c) for c in self.background[:limit]], self.rng)

    def dx_list(self, items: list[str], numbered: bool) -> list[str]:
        out = []
        for i, code in enumerate(items, 1):
            text = grammar.capitalize(self.mention(code))
            out.append(f"{i}. {text}" if numbered else text)
        return out

    def assessment(self) -> list[str]:
        out = []
        for n, code in enumerate([self.seed] + self.others, 1):
            extra = {"n": str(n), "form": self.mention(code),
                     "plan": self.writer.details.plan(code, self.rng, self.slots, self.listed,
                                                      allergies=self.allergy["text"])}
            out.append(grammar.capitalize(self.framed("assessment_item", extra, self.written(code))))
        return out + self.ruled_out()

    def ruled_out(self) -> list[str]:
        """The assessment's lines on the conditions ruled out (a negated trap) or left open."""
        phrases, rng, guard, traps = self.templates["phrases"], self.rng, self.writer.guard, self.traps
        out = []
        for trap in traps["negated"][:1] + traps["uncertain"]:
            kind = context.NEGATED if trap in traps["negated"] else context.UNCERTAIN
            key = "assessment_negated" if kind == context.NEGATED else "assessment_uncertain"
            if kind == context.NEGATED and trap.startswith("R"):
                key = "assessment_negated_symptom"  # a symptom is denied, not ruled out by imaging
            name = self.trap_name(trap)
            out.append(grammar.capitalize(guard.draw(
                lambda: detailing.say(rng.choice(phrases[key]), rng, {**self.slots, "trap": name}),
                lambda text: self.in_setting(text) and guard.reads_as(text, kind),
                detailing.say(phrases[key][0], rng, {"trap": self.plain_name(trap)}))))
        return out

    def negations(self, every: bool = False) -> list[str]:
        phrases, rng, guard, negated = self.templates["phrases"], self.rng, self.writer.guard, self.traps["negated"]
        negated = negated[1:] if len(negated) > 1 and not every else negated
        if not negated:
            return []
        names = join_words([self.trap_name(c) for c in negated], rng).replace(" and ", " or ")
        return [grammar.capitalize(guard.draw(
            lambda: detailing.say(rng.choice(phrases["negated"]), rng, {**self.slots, "traps": names}),
            lambda text: guard.reads_as(text, context.NEGATED),
            detailing.say(phrases["negated"][0], rng,
                          {"traps": join_words([self.plain_name(c) for c in negated], rng).replace(" and ", " or ")})))]

    def past_lines(self) -> list[str]:
        past, rng, index = self.past, self.rng, self.writer.index
        if not past:
            return []
        phrases = self.templates["phrases"]
        template = rng.choice(phrases["past"] + (phrases["past_malignancy"] if past["condition"].startswith("C") else []))
        if template == "{Personal history code}":
            return [grammar.capitalize(mentions.render(past["code"], index, rng))]
        # not "current smoker, resolved": a wording that says the condition is current is redrawn
        condition = self.writer.guard.draw(lambda: mentions.render(past["condition"], index, rng, vary=0.2),
                                           lambda text: not _CURRENT.search(text),
                                           mentions.render(past["condition"], index, rng, vary=0.2))
        return [grammar.capitalize(grammar.expand(template, rng, {"condition": condition}))]

    def seed_treatment(self) -> str:
        """The treatment of the admitting problem, not a supplement or an as-needed dose
        ("Started on prenatal vitamin with improvement")."""
        rng = self.rng
        orders = [m for group in matching(clinical()["meds_by_code"], [self.seed]) for m in group
                  if not _NOT_A_TREATMENT.search(m)]
        return detailing.sig(grammar.expand(rng.choice(orders), rng), rng, suffix=False) if orders \
            else rng.choice(["supportive care", "symptomatic treatment", "IV fluids and monitoring"])


def background_of(others: list[str]) -> list[str]:
    """What a history calls the patient's background: chronic conditions and status codes, not a
    symptom ("a background of fever") nor an acute problem of this stay ("known AKI"); those are
    written in the assessment and diagnosis lists, which carry every code; nor an organism code
    (B95-B97: "Staphylococcus as the cause of diseases classified elsewhere" is what a culture
    grew, not a problem with a home regimen)."""
    return [c for c in others if not (c.startswith(("R", "B95", "B96", "B97")) or realism.inpatient_only(c)
                                      or re.search(r"\bacute\b", icd.description(c), re.IGNORECASE))]
