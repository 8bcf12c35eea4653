"""The template engine: a plan (codes, traps, past condition, procedure) -> a sectioned note.

Deterministic for a given ``random.Random``. Each intended code is written affirmed at least
once; traps only under a negation, family or uncertainty cue; the past condition only with a
resolution cue. The rendering records which template and phrases it used.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from synth import guidelines, icd
from synth.generate import grammar, mentions
from synth.terms import TermIndex

CLINICAL = Path(__file__).with_name("clinical.yaml")


@lru_cache(maxsize=1)
def clinical() -> dict:
    return yaml.safe_load(CLINICAL.read_text())


@dataclass
class Rendered:
    text: str
    template_id: str
    sections: list[str] = field(default_factory=list)
    traps_written: list[str] = field(default_factory=list)


def _matching(table: dict, codes: list[str]) -> list:
    return [value for prefix, value in sorted(table.items()) if any(c == prefix or c.startswith(prefix) for c in codes)]


def vitals_line(codes: list[str], rng: random.Random) -> str:
    ranges = dict(clinical()["vitals_default"])
    for override in _matching(clinical()["vitals_by_code"], codes):
        ranges.update(override)
    v = {k: rng.uniform(*r) for k, r in ranges.items()}
    temp = f"{v['temp']:.1f} C" if rng.random() < 0.6 else f"{v['temp'] * 9 / 5 + 32:.1f} F"
    spo2 = f"{round(v['spo2'])}% on {rng.choice(['room air', '2 L nasal cannula', 'RA']) if v['spo2'] >= 92 else rng.choice(['3 L nasal cannula', '4 L nasal cannula', 'room air'])}"
    fmt = rng.randrange(3)
    if fmt == 0:
        return (f"BP {round(v['sbp'])}/{round(v['dbp'])}, HR {round(v['hr'])}, RR {round(v['rr'])}, "
                f"T {temp}, SpO2 {spo2}, weight {v['weight']:.1f} kg")
    if fmt == 1:
        return (f"Temp {temp} | Pulse {round(v['hr'])} | Resp {round(v['rr'])} | BP {round(v['sbp'])}/{round(v['dbp'])} "
                f"| O2 sat {spo2} | Wt {v['weight']:.0f} kg")
    return (f"Blood pressure {round(v['sbp'])}/{round(v['dbp'])} mmHg, heart rate {round(v['hr'])} bpm, "
            f"respiratory rate {round(v['rr'])}, temperature {temp}, saturation {spo2}.")


def lab_lines(codes: list[str], rng: random.Random) -> list[str]:
    labs = {k: dict(v) for k, v in clinical()["labs_default"].items()}
    for override in _matching(clinical()["labs_by_code"], codes):
        for name, spec in override.items():
            labs.setdefault(name, {}).update(spec)
    items = []
    for name in sorted(labs):
        spec = labs[name]
        value = rng.uniform(*spec["range"])
        shown = f"{round(value)}" if spec.get("int") else f"{value:.1f}" if value >= 1 else f"{value:.2f}"
        items.append(f"{rng.choice(spec['label'])} {shown} {spec['unit']}".strip())
    rng.shuffle(items)
    per_line = rng.choice([3, 4, len(items)])
    return [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]


def med_lines(codes: list[str], rng: random.Random) -> list[str]:
    meds = [m for group in _matching(clinical()["meds_by_code"], codes) for m in group]
    meds = sorted(set(meds)) or list(clinical()["meds_default"])
    rng.shuffle(meds)
    chosen = meds[: rng.randint(min(2, len(meds)), min(6, len(meds)))]
    if rng.random() < 0.4:
        chosen.append(rng.choice(clinical()["meds_default"]))
    bullet = rng.choice(["- ", "* ", "", "{n}. "])
    return [grammar.expand(bullet.replace("{n}", str(i + 1)) + m, rng) for i, m in enumerate(chosen)]


def _join(items: list[str], rng: random.Random) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = rng.choice([" and ", ", and ", " and "])
    return ", ".join(items[:-1]) + last + items[-1]


def _lower_first(text: str) -> str:
    first = text.split()[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


class NoteWriter:
    """Writes one note from a plan; ``index`` guarantees every mention is codable as meant."""

    def __init__(self, index: TermIndex, templates: dict | None = None):
        self.index = index
        self.templates = templates or grammar.load_templates()

    # -- how codes are written ----------------------------------------------------------
    def _written_forms(self, codes: list[str], rng: random.Random) -> dict[str, list[str]]:
        """code -> the code(s) whose surface forms will stand for it.

        A combination code whose other part is also drawn may be written through its first
        part (I11.0 as "hypertension" beside a heart-failure line): the coding guidelines,
        which the labeller applies, presume the link.
        """
        out = {c: [c] for c in codes}
        for rule in guidelines.combinations():
            if rule.result in codes and rng.random() < 0.5 and self.index.writable(rule.first):
                if any(guidelines.matches(c, rule.second) for c in codes if c != rule.result) and (
                        not rule.also or any(guidelines.matches(c, rule.also) for c in codes)):
                    out[rule.result] = [rule.first]
        return out

    def mention(self, code: str, forms: dict[str, list[str]], rng: random.Random) -> str:
        return mentions.render(forms.get(code, [code])[0], self.index, rng)

    # -- the note ------------------------------------------------------------------------
    def write(self, plan: dict, rng: random.Random) -> Rendered:
        t = self.templates
        codes: list[str] = list(plan["codes"])
        seed = plan["seed"] if plan["seed"] in codes else codes[0]
        others = [c for c in codes if c != seed]
        past = plan.get("past")
        if past:
            others = [c for c in others if c != past["code"]]
        forms = self._written_forms(codes, rng)
        sex = plan["sex"]
        slots = {"age": str(plan["age"]), "sex": rng.choice(t["phrases"]["sex"][sex]),
                 "He": "She" if sex == "female" else "He"}
        slots["seed"] = self.mention(seed, forms, rng)
        traps = {k: [tr["code"] for tr in plan["traps"] if tr["kind"] == k] for k in ("negated", "family", "uncertain")}
        written_traps: list[str] = []

        def trap_name(code: str) -> str:
            written_traps.append(code)
            return _lower_first(mentions.shortest(code, self.index))

        lines: list[str] = []
        used_sections: list[str] = []
        choices: list[str] = []
        upper = rng.random() < 0.2

        def header(section: dict, inline: str | None = None):
            name = rng.choice(section["headers"])
            used_sections.append(section["kind"])
            choices.append(f"{section['kind']}:{section['headers'].index(name)}")
            name = name.upper() if upper else name
            if inline is not None and rng.random() < 0.5:
                lines.append(f"{name}: {inline}")
            else:
                lines.append(f"{name}:")
                if inline is not None:
                    lines.append(inline)

        def comorbid_text(limit=3) -> str:
            picked = others[:limit]
            return _join([self.mention(c, forms, rng) for c in picked], rng)

        def dx_list(items: list[str], numbered: bool) -> list[str]:
            out = []
            for i, code in enumerate(items, 1):
                text = grammar.capitalize(self.mention(code, forms, rng))
                out.append(f"{i}. {text}" if numbered else text)
            return out

        def assessment() -> list[str]:
            out = []
            order = [seed] + others
            for n, code in enumerate(order, 1):
                out.append(grammar.capitalize(grammar.pick(rng, "assessment_item", {
                    "n": str(n), "form": self.mention(code, forms, rng), "plan": grammar.pick(rng, "plan")})))
            for trap in traps["negated"][:1] + traps["uncertain"]:
                key = "assessment_trap"
                options = t["phrases"][key]
                if trap in traps["negated"]:
                    options = [o for o in options if not o.startswith(("Rule out", "Possible"))]
                else:
                    options = [o for o in options if o.startswith(("Rule out", "Possible"))]
                out.append(grammar.capitalize(grammar.expand(rng.choice(options), rng,
                                                             {"trap": trap_name(trap)})))
            return out

        def negations(every: bool = False) -> list[str]:
            negated = traps["negated"][1:] if len(traps["negated"]) > 1 and not every else traps["negated"]
            if not negated:
                return []
            names = [trap_name(c) for c in negated]
            return [grammar.capitalize(grammar.pick(rng, "negated", {"traps": _join(names, rng).replace(" and ", " or "),
                                                                      "He": slots["He"]}))]

        def past_lines() -> list[str]:
            if not past:
                return []
            template = rng.choice(t["phrases"]["past"] + (t["phrases"]["past_malignancy"] if past["condition"].startswith("C") else []))
            if template == "{Personal history code}":
                return [grammar.capitalize(mentions.render(past["code"], self.index, rng))]
            return [grammar.capitalize(grammar.expand(template, rng, {
                "condition": mentions.render(past["condition"], self.index, rng, vary=0.2)}))]

        has_past_section = any(s["kind"] == "past" for s in t["note_types"][plan["note_type"]])
        for section in t["note_types"][plan["note_type"]]:
            kind = section["kind"]
            if section.get("optional") and kind == "past" and not past:
                continue
            if section.get("optional") and kind == "family" and not traps["family"]:
                continue
            if kind == "chief_complaint":
                header(section, grammar.capitalize(grammar.pick(rng, "chief_complaint", slots)))
            elif kind in ("hpi", "subjective"):
                body = []
                if kind == "hpi":
                    key = "hpi_open" if others else "hpi_open_alone"
                    body.append(grammar.capitalize(grammar.pick(rng, key, {**slots, "comorbid": comorbid_text()})))
                    body += [grammar.pick(rng, "hpi_detail", slots) for _ in range(rng.randint(1, 3))]
                else:
                    body += [grammar.pick(rng, "subjective", slots) for _ in range(rng.randint(1, 2))]
                    body.append(grammar.capitalize(f"{rng.choice(['Here for', 'Day', 'Continues management of'])} "
                                                   f"{slots['seed'] if rng.random() < 0.5 else self.mention(seed, forms, rng)}."))
                unspec = mentions.unspecified_sibling(seed, self.index) if plan.get("repeat_unspecified") else None
                if unspec:
                    body.append(grammar.pick(rng, "specific_repeat", {"unspec": mentions.render(unspec, self.index, rng)}))
                body += negations()
                paragraph = rng.random() < 0.6
                header(section, " ".join(body) if paragraph else None)
                if not paragraph:
                    lines.extend(body)
            elif kind == "pmh":
                items = [grammar.expand(rng.choice(t["phrases"]["pmh_item"]), rng, {"form": self.mention(c, forms, rng)})
                         for c in others] or ["No chronic conditions."]
                if rng.random() < 0.5:
                    header(section, grammar.capitalize("; ".join(items)) + ".")
                else:
                    header(section)
                    lines.extend(f"- {grammar.capitalize(i)}" for i in items)
            elif kind == "past":
                header(section)
                lines.extend(past_lines())
            elif kind == "meds":
                header(section)
                lines.extend(med_lines(codes, rng))
            elif kind == "allergies":
                header(section, grammar.pick(rng, "allergies"))
            elif kind == "social":
                header(section, grammar.pick(rng, "social"))
            elif kind == "family":
                if traps["family"]:
                    header(section)
                    lines.extend(grammar.capitalize(grammar.pick(rng, "family", {"trap": trap_name(c)}))
                                 for c in traps["family"])
                else:
                    header(section, grammar.pick(rng, "family_none"))
            elif kind == "ros":
                header(section, grammar.pick(rng, "ros_normal"))
            elif kind == "vitals":
                header(section, vitals_line(codes, rng))
            elif kind == "exam":
                header(section)
                exam = list(t["phrases"]["exam"])
                rng.shuffle(exam)
                lines.extend(grammar.expand(e, rng) for e in exam[: rng.randint(4, len(exam))])
            elif kind == "labs":
                header(section)
                lines.extend(lab_lines(codes, rng))
            elif kind == "assessment":
                header(section)
                lines.extend(assessment())
            elif kind == "admission_dx":
                header(section, grammar.capitalize(slots["seed"]))
            elif kind == "discharge_dx":
                header(section)
                lines.extend(dx_list([seed] + others, numbered=rng.random() < 0.7))
                lines.extend(assessment()[len(others) + 1:])  # the ruled-out conditions
            elif kind == "course":
                header(section)
                med = (med_lines([seed], rng) or ["supportive care"])[0].lstrip("-*0123456789. ")
                body = [grammar.pick(rng, "course", {**slots, "med": med, "comorbid": comorbid_text(4) or "none"})
                        for _ in range(1)]
                body.append(grammar.expand(t["phrases"]["course"][1], rng, {"med": med}))
                if others:
                    body.append(grammar.expand(t["phrases"]["course"][2], rng, {"comorbid": comorbid_text(4)}))
                body.append(grammar.expand(t["phrases"]["course"][3], rng))
                body += negations()
                lines.append(" ".join(body)) if rng.random() < 0.5 else lines.extend(body)
            elif kind == "followup":
                header(section)
                lines.extend(grammar.pick(rng, "followup") for _ in range(rng.randint(1, 2)))
            elif kind in ("preop_dx", "postop_dx"):
                items = dx_list([seed] + (others if kind == "preop_dx" else []), numbered=len(others) > 0 and kind == "preop_dx")
                if kind == "postop_dx" and rng.random() < 0.5:
                    items = ["Same as preoperative diagnosis."] if rng.random() < 0.5 else items
                header(section, items[0] if len(items) == 1 else None)
                if len(items) > 1:
                    lines.extend(items)
            elif kind == "procedure":
                header(section, plan["procedure"]["text"] if plan.get("procedure") else "Procedure as planned.")
            elif kind in ("anesthesia", "op_findings", "ebl", "complications", "indications"):
                header(section, grammar.capitalize(grammar.pick(rng, kind, slots)))
            elif kind == "op_details":
                header(section)
                lines.extend(grammar.expand(x, rng) for x in t["phrases"]["op_details"])
                lines.extend(negations(every=True))
            if kind == "indications" and past and not has_past_section:
                lines.extend(past_lines())  # operative notes have no history section of their own
        template_id = f"{plan['note_type']}/" + ",".join(choices)
        return Rendered("\n".join(lines) + "\n", template_id, used_sections, sorted(set(written_traps)))
