"""Numbers and lists a note reports: vital signs, laboratory values and medication orders.

Drawn from clinical.yaml (ranges by condition) and the meds bank, so they agree with the
note's codes (a fever code brings a fever; heart failure brings a diuretic). Split from the
engine, which arranges them into sections.
"""

from __future__ import annotations

import random
import re

from synth.generate import banks, drugs, grammar
from synth.generate.clinical_data import CLINICAL, clinical  # noqa: F401 (measurements.clinical)
from synth.generate.sig import sig


def matching(table: dict, codes: list[str]) -> list:
    """The values of ``table`` whose code prefix covers one of ``codes`` (sorted by prefix)."""
    return [value for prefix, value in sorted(table.items()) if any(c == prefix or c.startswith(prefix) for c in codes)]


def draw_vitals(codes: list[str], rng: random.Random) -> dict[str, float]:
    """The patient's vital signs, drawn once per note (the plan keeps them) so the exam, the
    review of systems and the traps can agree with them (no "afebrile" at 38.9 C)."""
    ranges = dict(clinical()["vitals_default"])
    for override in matching(clinical()["vitals_by_code"], codes):
        ranges.update(override)
    return {k: rng.uniform(*r) for k, r in ranges.items()}


def vitals_line(codes: list[str], rng: random.Random, values: dict[str, float] | None = None) -> str:
    v = values or draw_vitals(codes, rng)
    celsius = rng.random() < 0.6
    tmax_c = v["temp"] + rng.uniform(0, 0.6)
    if v["temp"] < 38.0:
        tmax_c = min(tmax_c, 37.9)  # a Tmax of 38.2 is a fever the exam would have to mention

    def degrees(c: float) -> str:
        return f"{c:.1f} C" if celsius else f"{c * 9 / 5 + 32:.1f} F"

    temp = degrees(v["temp"])
    rhythm = "irregular" if any(c.startswith("I48") for c in codes) else "regular"
    if v["spo2"] >= 95:
        support = rng.choice(["room air", "room air", "RA"])
    elif v["spo2"] >= 92:
        support = rng.choice(["room air", "2 L nasal cannula", "RA"])
    else:
        support = rng.choice(["3 L nasal cannula", "4 L nasal cannula", "room air"])
    spo2 = f"{round(v['spo2'])}% on {support}"
    sbp, dbp, hr, rr, spo2_value = (round(v[k]) for k in ("sbp", "dbp", "hr", "rr", "spo2"))
    afebrile = v["temp"] < 37.8 and rng.random() < 0.5
    pain = f", pain {rng.choice([0, 0, 1, 2, 3, 4, 5, 6])}/10" if rng.random() < 0.3 else ""
    fmt = rng.randrange(6)
    if fmt == 0:
        return (f"BP {sbp}/{dbp}, HR {hr}, RR {rr}, "
                f"T {temp}, SpO2 {spo2}, weight {v['weight']:.1f} kg{pain}")
    if fmt == 1:
        return (f"Temp {temp} | Pulse {hr} | Resp {rr} | BP {sbp}/{dbp} "
                f"| O2 sat {spo2} | Wt {v['weight']:.0f} kg")
    if fmt == 2:
        return (f"Blood pressure {sbp}/{dbp} mmHg, heart rate {hr} bpm, "
                f"respiratory rate {rr}, temperature {temp}, saturation {spo2}.")
    if fmt == 3:
        return (f"{'Afebrile' if afebrile else 'T ' + temp}, {sbp}/{dbp}, P {hr}, R {rr}, "
                f"{spo2_value}% {rng.choice(['RA', 'on room air', 'on 2 L']) if spo2_value >= 92 else 'on 3 L NC'}{pain}.")
    if fmt == 4:
        low, high = hr - rng.randint(0, 6), hr + rng.randint(2, 12)
        if 60 <= hr <= 100:  # a range around a normal rate stays normal (the exam says "regular rate")
            low, high = max(low, 60), min(high, 100)
        return (f"T {temp} (max {degrees(tmax_c)}), HR {low}-{high}, "
                f"BP {sbp}/{dbp}, RR {rr}, SpO2 {spo2}")
    return (f"{'Afebrile' if afebrile else 'Temperature ' + temp}. Pulse {hr}, {rhythm}. BP {sbp}/{dbp} "
            f"{rng.choice(['sitting', 'seated', 'left arm', 'right arm'])}. Breathing {rr} per minute, saturating {spo2}.")


def _number(value: float, spec: dict) -> str:
    return f"{round(value)}" if spec.get("int") else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _trend(value: float, spec: dict, rng: random.Random) -> str:
    """An earlier value beside today's, as inpatient notes write it ("Cr 1.4 (1.9 on admission)")."""
    before = _number(value * rng.uniform(0.85, 1.2), spec)
    return rng.choice([f" ({before} on admission)", f" (from {before})", f", prior {before}", f" ({before} yesterday)"])


def _within_reference(drawn: list[float], spec: dict) -> bool:
    """The range lies inside the lab's reference interval (a workup that comes back normal)."""
    reference = spec.get("normal")
    return bool(reference) and reference[0] <= drawn[0] and drawn[1] <= reference[1]


def lab_lines(codes: list[str], rng: random.Random, trends: bool = False) -> list[str]:
    labs = {k: dict(v) for k, v in clinical()["labs_default"].items()}
    catalog = clinical()["lab_catalog"]  # label and unit of a lab outside the routine panels
    required = set()
    wanted = [(name, spec) for override in matching(clinical()["labs_by_code"], codes) for name, spec in override.items()]
    # a condition that makes a lab abnormal outranks one that only orders it: dizziness checks
    # the hemoglobin, iron deficiency sets it (normal ranges first, the stable sort keeps the rest)
    wanted.sort(key=lambda item: not _within_reference(item[1]["range"], {**catalog.get(item[0], {}), **labs.get(item[0], {})}))
    for name, spec in wanted:
        labs.setdefault(name, dict(catalog.get(name, {}))).update(spec)
        required.add(name)
    # a note reports the labs its conditions call for and some of the routine ones
    optional = [n for n in sorted(labs) if n not in required]
    keep = required | set(rng.sample(optional, rng.randint(min(3, len(optional)), len(optional))))
    units = rng.random() < 0.4
    shown: dict[str, str] = {}
    for name in sorted(keep):
        spec = labs[name]
        value = rng.uniform(*spec["range"])
        unit = f" {spec['unit']}" if units and spec["unit"] else ""
        # a lab repeated daily shows its earlier value; a slow one (A1c, PSA, ferritin) is drawn once
        daily = trends and spec.get("trend", True)
        trend = _trend(value, spec, rng) if daily and (name in required or rng.random() < 0.25) else ""
        shown[name] = f"{rng.choice(spec['label'])} {_number(value, spec)}{unit}{trend}"
    if rng.random() < 0.4:  # panel style: "BMP: Na 138, K 4.1 ..."
        out = []
        for panel, members in clinical()["lab_panels"].items():
            items = [shown.pop(m) for m in members if m in shown]
            if items:
                out.append(f"{panel}: " + ", ".join(items))
        if shown:
            out.append(", ".join(shown[n] for n in sorted(shown)))
        return out
    items = list(shown.values())
    rng.shuffle(items)
    per_line = rng.choice([3, 4, len(items)])
    return [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]


# Orders given only in hospital: IV and IM doses, drips, boluses, pharmacy-dosed vancomycin.
# A home list (history and physical) or a discharge list never carries them; an infusion given
# in an outpatient infusion centre ("infliximab 5 mg/kg IV every 8 weeks", chemotherapy) is kept.
INPATIENT_ORDER = re.compile(r"\b(IV|IM|infusion|bolus|per pharmacy dosing|titrated|units/min|mL/h)\b")
OUTPATIENT_INFUSION = re.compile(r"\bevery \d+ weeks\b|\bper oncology\b|\bchemotherapy\b", re.IGNORECASE)


def inpatient_order(order: str) -> bool:
    return bool(INPATIENT_ORDER.search(order)) and not OUTPATIENT_INFUSION.search(order)


def med_orders(codes: list[str], rng: random.Random, outpatient: bool = False) -> list[str]:
    """The note's medication orders, drawn before any section so plans can agree with them;
    ``outpatient``: a home or discharge list, without hospital-only orders."""
    meds = [m for group in matching(clinical()["meds_by_code"], codes) for m in group]
    if outpatient:  # an order's alternatives may mix routes: judge the wording drawn
        meds = [order for order in (grammar.expand(m, rng) for m in meds) if not inpatient_order(order)]
    defaults = banks.load("meds")["default"]
    meds = sorted(set(meds)) or [rng.choice(defaults)]
    rng.shuffle(meds)
    chosen = meds[: rng.randint(min(2, len(meds)), min(6, len(meds)))]
    for extra in rng.sample(defaults, rng.choice([0, 0, 1, 1, 2, 3])):
        if extra not in chosen:
            chosen.append(extra)
    classes = {name: cls for cls, names in banks.load("meds")["classes"].items() for name in names}
    orders, taken = [], set()
    for order in (grammar.expand(m, rng) for m in chosen):
        drug = drugs.order_drug(order)
        key = classes.get(drug, classes.get(drug.split()[0], drug)) if drug else order
        if key not in taken:  # one drug per class: hypertension and heart failure both bring an ARB
            taken.add(key)
            orders.append(order)
    return orders


def med_lines(orders: list[str], rng: random.Random) -> list[str]:
    bullet = rng.choice(["- ", "* ", "", "{n}. "])
    style = rng.choices(["standard", "terse", "label"], weights=(0.65, 0.25, 0.1))[0]  # one style per list
    return [bullet.replace("{n}", str(i + 1)) + sig(order, rng, style=style) for i, order in enumerate(orders)]
