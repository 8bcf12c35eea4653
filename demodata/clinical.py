"""Clinical content of the notes (never PHI): problems, plans, medication lists, lab tables,
vitals, exam findings and the non-PHI "traps" (eponyms, abbreviations, numbers shaped like
dates or ids). Text comes from clinical.yaml; this module only arranges it.

``resolve`` returns a *frame string*: it may hold further placeholders (a plan sentence
may name ``{clinician}``), which the composer expands."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from demodata.resources import load, pick

_PRONOUNS = {"female": {"he": "she", "his": "her", "him": "her", "man": "woman", "sex_letter": "F"},
             "male": {"he": "he", "his": "his", "him": "him", "man": "man", "sex_letter": "M"}}


@dataclass
class ClinicalContext:
    """What one encounter is about; drawn once per encounter by the generator."""
    kind: str  # inpatient | surgical | ed | outpatient
    acute: dict
    chronic: list[dict]
    procedure: dict | None
    study: dict | None
    icd: list[str] = field(default_factory=list)
    cpt: list[str] = field(default_factory=list)


def data() -> dict:
    return load("clinical.yaml")


def number(rng: random.Random, name: str) -> str:
    low, high, decimals = data()["numbers"][name]
    value = rng.uniform(low, high)
    return f"{value:.{decimals}f}" if decimals else str(round(value))


def _term(rng: random.Random, condition: dict, abbreviate: float = 0.4) -> str:
    if condition.get("abbrev") and rng.random() < abbreviate:
        return pick(rng, condition["abbrev"])
    return pick(rng, condition["terms"])


def _bp(rng: random.Random) -> str:
    return f"{rng.randint(92, 186)}/{rng.randint(52, 104)}"


def vitals(rng: random.Random) -> str:
    n = lambda key: number(rng, key)  # noqa: E731 - local shorthand
    style = rng.randrange(4)
    if style == 0:
        return f"T {n('temp_f')} F  HR {n('hr')}  BP {_bp(rng)}  RR {n('rr')}  SpO2 {n('spo2')}% RA  Wt {n('weight')} kg"
    if style == 1:
        return f"BP: {_bp(rng)} | HR: {n('hr')} | RR: {n('rr')} | Temp: {n('temp_f')} | O2 sat: {n('spo2')}% on 2 L NC"
    if style == 2:
        return f"Vitals: {n('temp_f')}, {n('hr')}, {n('rr')}, {_bp(rng)}, {n('spo2')}% on RA."
    return (f"Temp      {n('temp_f')} F\nPulse     {n('hr')}\nBP        {_bp(rng)}\n"
            f"Resp      {n('rr')}\nSpO2      {n('spo2')} %")


def lab_table(rng: random.Random) -> str:
    rows = rng.sample(data()["labs"], rng.randint(4, 9))
    style = rng.randrange(3)
    values = []
    for name, unit, low, high, decimals, ref in rows:
        value = rng.uniform(low, high)
        values.append((name, f"{value:.{decimals}f}" if decimals else str(round(value)), unit, ref))
    if style == 0:
        lines = ["Collected: {datetime:service}", f"{'Test':<16}{'Result':<10}{'Ref range':<14}Units"]
        lines += [f"{name:<16}{value:<10}{ref:<14}{unit}".rstrip() for name, value, unit, ref in values]
        return "\n".join(lines)
    if style == 1:
        return "; ".join(f"{name} {value}" for name, value, _, _ in values) + "."
    bmp = "/".join(str(rng.randint(a, b)) for a, b in ((128, 146), (3, 5), (95, 108), (19, 30), (8, 40)))
    return f"BMP ({'{dateshort:service}'}): {bmp}/{number(rng, 'cr')}/{rng.randint(80, 300)}\n" + \
        ", ".join(f"{name} {value} {unit}".rstrip() for name, value, unit, _ in values)


def med_block(rng: random.Random) -> str:
    meds = rng.sample(data()["medications"], rng.randint(3, 8))
    lines = [f"{name} {pick(rng, doses)} {route} {pick(rng, freqs)}" for name, doses, route, freqs in meds]
    style = rng.randrange(3)
    if style == 0:
        return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))
    if style == 1:
        return "\n".join(f"- {line}" for line in lines)
    return ", ".join(lines) + "."


class ClinicalResolver:
    """Resolves the clinical placeholder kinds for one note."""

    def __init__(self, context: ClinicalContext, sex: str, rng: random.Random):
        self.ctx, self.sex, self.rng = context, sex, rng
        self.handlers = self._handlers()  # built once per note, not per placeholder

    def _handlers(self) -> dict:
        rng, ctx, d = self.rng, self.ctx, data()
        return {
            "complaint": lambda: pick(rng, ctx.acute["complaint"]),
            "acute": lambda: _term(rng, ctx.acute, 0.2),
            "chronic": lambda: _term(rng, pick(rng, ctx.chronic)) if ctx.chronic else "no chronic illness",
            "chronic_list": self._chronic_list,
            "pmh_block": self._pmh_block,
            "plan": lambda: pick(rng, ctx.acute["plan"]),
            "plan_block": self._plan_block,
            "diagnosis_list": self._diagnosis_list,
            "med_block": lambda: med_block(rng),
            "allergies": lambda: pick(rng, d["allergies"]),
            "vitals": lambda: vitals(rng),
            "bp": lambda: _bp(rng),
            "lab_table": lambda: lab_table(rng),
            "trap_exam": lambda: pick(rng, d["traps"]["exam"]),
            "trap_history": lambda: pick(rng, d["traps"]["history"]),
            "trap_data": lambda: pick(rng, d["traps"]["data"]),
            "trap_education": lambda: pick(rng, d["traps"]["education"]),
            "proc_name": lambda: (ctx.procedure or {"name": "procedure"})["name"],
            "proc_findings": lambda: pick(rng, (ctx.procedure or {"findings": ["Uncomplicated."]})["findings"]),
            "anesthesia": lambda: (ctx.procedure or {}).get("anesthesia", "local"),
            "study_name": lambda: self._study()["name"],
            "study_findings": lambda: pick(rng, self._study()["findings"]),
            "study_impression": lambda: pick(rng, self._study()["impression"]),
            "icd_primary": lambda: ctx.acute["icd"][0],
            "cpt_primary": lambda: (ctx.procedure or {}).get("cpt", "99499"),
            "cpt_study": lambda: self._study()["cpt"],
            "occupation": lambda: pick(rng, d["misc"]["occupations"]),
            "pharmacy": lambda: pick(rng, d["misc"]["pharmacies"]),
            "payer": lambda: pick(rng, d["misc"]["payers"]),
            "unit": lambda: pick(rng, d["misc"]["units"]),
            "service": lambda: pick(rng, d["misc"]["services"]),
            "device_maker": lambda: pick(rng, d["misc"]["device_makers"]),
            "tobacco": lambda: pick(rng, d["misc"]["tobacco"]),
        }

    def resolve(self, kind: str) -> str | None:
        pronouns = _PRONOUNS[self.sex]
        if kind in pronouns:
            return pronouns[kind]
        if kind in data()["numbers"]:
            return number(self.rng, kind)
        handler = self.handlers.get(kind)
        return handler() if handler else None

    def _study(self) -> dict:
        return self.ctx.study or data()["studies"]["cxr"]

    def _chronic_list(self) -> str:
        if not self.ctx.chronic:
            return "no significant past medical history"
        terms = [_term(self.rng, c, 0.6) for c in self.ctx.chronic]
        return terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]

    def _pmh_block(self) -> str:
        rng = self.rng
        entries = [_term(rng, c, 0.5) + (f" ({c['icd'][0]})" if rng.random() < 0.2 else "") for c in self.ctx.chronic]
        entries = entries or ["None"]
        if rng.random() < 0.5:
            return "\n".join(f"{i}. {e}" for i, e in enumerate(entries, 1))
        return ", ".join(entries) + "."

    def _plan_block(self) -> str:
        rng = self.rng
        problems = [self.ctx.acute] + self.ctx.chronic[: rng.randint(1, 3)]
        lines = []
        for i, problem in enumerate(problems, 1):
            code = f" ({problem['icd'][0]})" if rng.random() < 0.25 else ""
            marker = pick(rng, (f"{i}. ", "# ", "- "))
            lines.append(f"{marker}{_term(rng, problem).capitalize() if problem is self.ctx.acute else _term(rng, problem)}"
                         f"{code}: {pick(rng, problem['plan'])}")
        return "\n".join(lines)

    def _diagnosis_list(self) -> str:
        rng = self.rng
        problems = [self.ctx.acute] + self.ctx.chronic
        with_codes = rng.random() < 0.5
        return "\n".join(
            f"{i}. {_term(rng, p, 0.1)}" + (f" - {', '.join(p['icd'])}" if with_codes else "")
            for i, p in enumerate(problems, 1))
