"""Generate one synthetic note: plan (seed draw, traps, past condition, procedure) -> text.

Returns everything the run keeps: the draw, the plan, the template id or LLM prompt, the raw
note and the intended labels (seed + co-occurring + personal history, minus traps).
"""

from __future__ import annotations

import random
import re

from synth import icd, note_styles, realism
from synth.cooccurrence import CooccurrenceModel
from synth.generate import age, engine, grammar, measurements, plan as planning, stay
from synth.terms import TermIndex

_DEMO_SUFFIX = re.compile(r"\s*\((demo wording)[^)]*\)\s*$")


def procedure_text(description: str) -> str:
    return _DEMO_SUFFIX.sub("", description).strip()


def sex_of(codes: list[str]) -> str | None:
    """The sex the codes imply (pregnancy, prostate ...), or None."""
    text = " ".join(icd.description(c).lower() for c in codes)
    if re.search(r"\bfemale\b|pregnan|uter|ovar|cervix", text) or any(c.startswith(("O", "N95", "C50", "C53", "C54", "C56")) for c in codes):
        return "female"
    if re.search(r"\bmale\b|prostat|testi", text) or any(c.startswith(("C61", "N40")) for c in codes):
        return "male"
    return None


def _sex(codes: list[str], rng: random.Random) -> str:
    return sex_of(codes) or rng.choice(["female", "male"])


def choose_procedure(codes: list[str], catalog: dict[str, dict], rng: random.Random) -> dict | None:
    table = grammar.load_templates().get("procedures_by_code", {})
    options = sorted({p for prefix, procs in table.items() for c in codes if c.startswith(prefix)
                      for p in procs if p in catalog})
    if not options:
        return None
    code = rng.choice(options)
    entry = catalog[code]
    text = procedure_text(entry["long"] if rng.random() < 0.7 or not entry.get("short") else entry["short"])
    return {"code": code, "text": text, "description": procedure_text(entry["long"])}


def setting(note_type: str, codes: list[str], rng: random.Random, seed: str | None = None) -> str:
    """Where the note is written: a history and physical is an admission or a clinic visit
    (never a clinic visit for an acute inpatient-only condition, never an admission for a
    clinic problem such as presbyopia); other note types are inpatient."""
    if note_type != "history_physical" or any(realism.inpatient_only(c) for c in codes):
        return "inpatient"
    if seed is not None and realism.outpatient_only(seed):
        return "clinic"
    return "clinic" if rng.random() < 0.6 else "inpatient"


def plan_note(seed: str, model: CooccurrenceModel, index: TermIndex, rng: random.Random,
              catalog: dict[str, dict] | None = None, max_codes: int = 7) -> dict:
    draw = model.draw(seed, rng, index.writable, max_codes=max_codes)
    codes = draw["codes"]
    templates = grammar.load_templates()
    weights = dict(templates["note_type_weights"])
    procedure = choose_procedure(codes, catalog or {}, rng)
    if procedure is None:
        weights.pop("operative", None)
    if realism.outpatient_only(draw["seed"]):  # a clinic problem is seen in clinic (or operated on)
        weights = {k: w for k, w in weights.items() if k in ("history_physical", "operative")}
    note_type = rng.choices(sorted(weights), weights=[weights[k] for k in sorted(weights)])[0]
    if note_type != "operative":
        procedure = None
    sex = _sex(codes, rng)
    # a past condition of the patient's sex (no "prostate cancer, resolved" in a woman's note)
    past = planning.past_condition(rng, codes, index, lambda c: sex_of([c]) in (None, sex)) \
        if rng.random() < 0.35 else None
    vitals = measurements.draw_vitals(codes, rng)
    # no "No fever." beside a temperature of 38.9: what the vitals show is never a trap
    blocked = codes + ([past["condition"]] if past else []) + sorted(realism.implied_categories(realism.facts_of_values(vitals)))
    n_traps = rng.choice([1, 2, 2, 3])
    traps = planning.choose_traps(rng, model, seed, blocked, index, n_traps)
    if note_type == "operative":
        traps = [dict(t, kind="negated") for t in traps]
    intended = sorted(set(codes) | ({past["code"]} if past else set()))
    plan = {"seed": draw["seed"], "draw": draw, "codes": intended, "note_type": note_type,
            "setting": setting(note_type, codes, rng, draw["seed"]), "vitals": vitals,
            "sex": sex, "age": age.draw_age(draw["seed"], codes, rng), "traps": traps, "past": past,
            "repeat_unspecified": rng.random() < 0.3, "procedure": procedure,
            "cpt": [procedure["code"]] if procedure else []}
    # an admission lasts as long as its main problem usually keeps a patient (data/stay.yaml)
    plan["stay_days"] = stay.draw_stay(draw["seed"], rng) if plan["setting"] == "inpatient" else None
    # a style beyond the templates (SOAP by problem, ED note, consult letter, nursing note,
    # discharge summary by problem) with a length drawn from what MTSamples measures for it
    plan["style"] = note_styles.draw_style(note_type, plan["setting"], rng)
    plan["style_words"] = note_styles.draw_words(plan["style"], rng) if plan["style"] != note_styles.TEMPLATE else None
    return plan


def generate_note(plan: dict, writer: engine.NoteWriter, rng: random.Random) -> dict:
    rendered = writer.write(plan, rng)
    return {"text": rendered.text, "template_id": rendered.template_id, "sections": rendered.sections,
            "intended_icd10cm": plan["codes"], "intended_cpt": plan["cpt"],
            "traps": [t for t in plan["traps"] if t["code"] in rendered.traps_written], "backend": "template"}
