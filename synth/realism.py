"""Contradictions inside one synthetic note that a reader would catch (issue 8): an exam that
contradicts the vitals or the conditions ("afebrile" at 38.9 C, "RRR" beside atrial
fibrillation, "lungs clear" with pneumonia), a history that disagrees with itself ("keeps him
home from work" beside "Retired teacher"), a hospital course with an event after the discharge
day, a plan that starts a drug the list already carries,
an acute inpatient-only condition beside a problem that is not one, and a note that is both a
clinic visit and an admission.

It reads only the note's text, its seed and its intended codes (data/realism.yaml holds the
patterns), so it checks the generator from the outside; `synth eval` reports its counts.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from synth import note_styles
from synth.generate import banks, drugs, grammar, measurements

RULES = Path(__file__).with_name("data") / "realism.yaml"
_TEMP = re.compile(r"\b(?:T|Temp|temperature|Temperature) (\d{2,3}\.\d) ([CF])\b")
_HR = re.compile(r"\b(?:HR|Pulse|P|heart rate) (\d{2,3})(?:-(\d{2,3}))?\b")
_SENTENCE = re.compile(r"(?<=[.;])\s+|\n")
# "discharged ... on hospital day 4", "Length of stay 4 days": the day a stay ended
_DISCHARGE_DAY = re.compile(r"\b(?:discharged?|left the hospital)\b[^.]*?\b(?:day (\d{1,2})|after (\d{1,2}) days)\b"
                            r"|\blength of stay (\d{1,2})\b", re.IGNORECASE)
# "TSH 16.1", "Sodium: 139": a named result (a capitalised test name and its value)
_RESULT = re.compile(r"\b([A-Z][A-Za-z0-9]{1,14}):? (\d+(?:\.\d+)?)\b")
# "on hospital day 6", "by day 3", "Hospital day 5 for": a day of the stay something happened on
_STAY_DAY = re.compile(r"\b(?:hospital|on|by) day (\d{1,2})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def rules() -> dict:
    raw = yaml.safe_load(RULES.read_text())
    compile_all = lambda pats: [re.compile(p, re.IGNORECASE) for p in pats]  # noqa: E731
    return {
        "vitals": {k: compile_all(v["contradicts"]) for k, v in raw["vitals"].items()},
        "implies": {k: list(v.get("implies", [])) for k, v in raw["vitals"].items()},
        "conditions": [(c["name"], tuple(c["codes"]), compile_all(c["contradicts"])) for c in raw["conditions"]],
        "persona": {topic: {value: compile_all(p) for value, p in values.items()} for topic, values in raw["persona"].items()},
        "inpatient_only": tuple(raw["inpatient_only"]),
        "not_a_condition": tuple(raw["not_a_condition"]),
        "outpatient_only": tuple(raw["outpatient_only"]),
        "setting_words": {k: compile_all(v) for k, v in raw["setting_words"].items()},
    }


def inpatient_only(code: str) -> bool:
    return code.startswith(rules()["inpatient_only"])


def outpatient_only(code: str) -> bool:
    return code.startswith(rules()["outpatient_only"])


def not_a_condition(code: str) -> bool:
    return code.startswith(rules()["not_a_condition"])


def claims(text: str) -> dict[str, set[str]]:
    """Persona facts a sentence states: topic -> the values it claims (two values = it contradicts itself)."""
    out: dict[str, set[str]] = {}
    for topic, values in rules()["persona"].items():
        for value, patterns in values.items():
            if any(p.search(text) for p in patterns):
                out.setdefault(topic, set()).add(value)
    return out


def setting_of(text: str) -> set[str]:
    """The settings whose words ``text`` uses ({"clinic"} for "here for a post-discharge visit")."""
    # a clinic note may not use "admitted": the words listed under clinic are its forbidden words
    words = rules()["setting_words"]
    return {"inpatient" for p in words["clinic"] if p.search(text)} | {"clinic" for p in words["inpatient"] if p.search(text)}


def facts_of_values(vitals: dict[str, float]) -> set[str]:
    """The vital-sign facts of drawn values (as the note will print them)."""
    temp, hr = round(vitals["temp"], 1), round(vitals["hr"])
    return {f for f, on in (("febrile", temp >= 38.0), ("tachycardic", hr > 100), ("bradycardic", hr < 60)) if on}


def implied_categories(facts: set[str]) -> set[str]:
    """ICD-10-CM categories a note showing ``facts`` may not deny or rule out (R50 at 38.9 C)."""
    return {c for f in facts for c in rules()["implies"][f]}


def ruled_out(codes: list[str], facts: set[str]) -> list[re.Pattern]:
    """The wordings a note with these codes and vital facts may not use in its exam or ROS."""
    r = rules()
    out = [p for f in sorted(facts) for p in r["vitals"][f]]
    out += [p for _, prefixes, patterns in r["conditions"] if any(c.startswith(prefixes) for c in codes) for p in patterns]
    return out


def named_results(text: str) -> list[tuple[str, str]]:
    """(test, value) pairs a text reports: "TSH 16.1, Sodium: 139" -> [("TSH", "16.1"), ("Sodium", "139")]."""
    return _RESULT.findall(text)


def vital_facts(text: str) -> set[str]:
    facts: set[str] = set()
    for value, unit in _TEMP.findall(text):
        celsius = float(value) if unit == "C" else (float(value) - 32) * 5 / 9
        if celsius >= 38.0:
            facts.add("febrile")
    for low, high in _HR.findall(text):
        rate = (int(low) + int(high)) / 2 if high else int(low)  # "HR 59-72" reads as its middle
        if rate > 100:
            facts.add("tachycardic")
        elif rate < 60:
            facts.add("bradycardic")
    return facts


# The note styles' own section kinds (synth/data/note_style_headers.yaml) as the kinds checked
# here: a hospital course by problem is a course, an A&P by problem an assessment, a nursing
# shift assessment an exam. A kind missing here keeps its own name (letters' opening, disposition).
_STYLE_KINDS = {"course_by_problem": "course", "problem_plan": "assessment", "assessment_list": "assessment",
                "plan": "assessment", "nursing_dx": "assessment", "nursing_plan": "assessment",
                "nursing_systems": "exam", "nursing_actions": "course"}


@lru_cache(maxsize=1)
def section_headers() -> dict[str, str]:
    """Every header spelling the generator writes (lower case) -> the section kind it opens:
    the templates' and the note styles'. A header missing here would let one section's lines
    be read as the section above it (a hospital course read as the medication list)."""
    headers: dict[str, str] = {}
    for style in note_styles.config()["styles"].values():
        for kind, names in (style.get("headers") or {}).items():
            for name in names:
                headers[name.lower()] = _STYLE_KINDS.get(kind, kind)
    for note_type in grammar.load_templates()["note_types"].values():
        for section in note_type:
            for name in section["headers"]:
                headers[name.lower()] = section["kind"]
    return headers


@lru_cache(maxsize=1)
def exam_labels() -> frozenset[str]:
    """The exam's system labels ("Constitutional", "HEENT" ...), lower case (banks/exam.yaml)."""
    return frozenset(label.lower() for system in banks.load("exam")["systems"] for label in system["labels"])


_NARRATIVE = frozenset({"top", "hpi", "subjective", "chief_complaint"})
_NUMBERED = re.compile(r"^\s*\d+[.)]\s")


def _sections(text: str) -> dict[str, list[str]]:
    """Lines by section kind, from the headers the generator writes (``section_headers``). A
    style may leave the exam and the problem list without their header (a consult letter's
    paragraphs): after the history, a line opening with an exam system label ("Constitutional:")
    starts the exam, and a numbered line starts the assessment, so neither is read as history."""
    headers = section_headers()
    out: dict[str, list[str]] = {}
    kind = "top"
    for line in text.split("\n"):
        head, _, rest = line.partition(":")
        if head.strip().lower() in headers:
            kind = headers[head.strip().lower()]
            line = rest
        elif kind in _NARRATIVE and head.strip().lower() in exam_labels() and rest:
            kind = "exam"
        elif kind in _NARRATIVE | {"exam"} and _NUMBERED.match(line):
            kind = "assessment"
        if line.strip():
            out.setdefault(kind, []).append(line.strip())
    return out


def check(text: str, seed: str, codes: list[str]) -> list[str]:
    """The contradictions of one note, each named once ("exam: ...", "persona: work", ...)."""
    r = rules()
    sections = _sections(text)
    found: list[str] = []
    checked = " ".join(sections.get("exam", []) + sections.get("ros", []) + sections.get("vitals", []))
    facts = vital_facts(" ".join(sections.get("vitals", [])))
    for fact in sorted(facts):
        if any(p.search(checked) for p in r["vitals"][fact]):
            found.append(f"exam vs vitals: {fact}")
    for name, prefixes, patterns in r["conditions"]:
        if any(c.startswith(prefixes) for c in codes) and any(p.search(checked) for p in patterns):
            found.append(f"exam vs condition: {name}")
    # persona: every sentence of the narrative sections, compared topic by topic
    narrative = [s for kind in ("hpi", "subjective", "social", "course", "followup")
                 for line in sections.get(kind, []) for s in _SENTENCE.split(line) if s.strip()]
    stated: dict[str, set[str]] = {}
    for sentence in narrative:
        for topic, values in claims(sentence).items():
            stated.setdefault(topic, set()).update(values)
    found += [f"persona: {topic}" for topic, values in sorted(stated.items()) if len(values) > 1]
    # plans that start a drug the medication list already carries
    listed = {drugs.order_drug(line.lstrip("-*0123456789.) ")) for line in sections.get("meds", [])}
    listed |= {d.split()[0] for d in listed if d}
    allergic_to = " ".join(sections.get("allergies", []))
    for line in sections.get("assessment", []):
        for clause in re.split(r"[;.]", line):
            if drugs.BEGINS.search(clause) and not drugs.KEEPS.search(clause) and any(d in listed for d in drugs.named(clause)):
                found.append("plan starts a listed drug")
            if drugs.BEGINS.search(clause) and not drugs.spares_list(allergic_to, drugs.named(clause)):
                found.append("plan starts a drug the patient is allergic to")
    # one test, two values: the labs say "TSH 16.1" and the studies "TSH 8.4"
    results = {}
    for name, value in named_results(" ".join(sections.get("labs", []))):
        results.setdefault(name, value)  # the first value is today's; "(from 11.6)" trends follow it
    if any(results.get(name, value) != value for name, value in named_results(" ".join(sections.get("studies", [])))):
        found.append("labs: one test with two values")
    # a home or discharge list with a hospital-only order (a progress note lists today's orders)
    if "subjective" not in sections and any(measurements.inpatient_order(line) for line in sections.get("meds", [])):
        found.append("medications: a hospital-only order on a home or discharge list")
    # a stay that names a day after its own discharge day ("discharged on day 3" beside
    # "the PICC line was removed on hospital day 4")
    ended = _DISCHARGE_DAY.search(text)
    if ended:
        last_day = int(next(day for day in ended.groups() if day))
        if any(int(day) > last_day for day in _STAY_DAY.findall(text)):
            found.append("stay: a day after discharge")
    # acuity and setting
    if not inpatient_only(seed) and any(inpatient_only(c) for c in codes if c != seed):
        found.append("acute inpatient-only comorbidity of a non-acute problem")
    opening = sections.get("chief_complaint", []) + [_SENTENCE.split(" ".join(sections.get("hpi", [])) or " ")[0]]
    settings = setting_of(" ".join(opening))
    if len(settings) > 1:
        found.append("setting: clinic and inpatient")
    if settings == {"clinic"} and any(inpatient_only(c) for c in codes):
        found.append("setting: inpatient-only condition in a clinic note")
    in_hospital = "inpatient" in settings or any(k in sections for k in ("course", "discharge_dx", "admission_dx", "subjective"))
    if in_hospital and outpatient_only(seed):
        found.append("setting: a clinic problem admitted")
    return sorted(set(found))


def summary(notes: list[tuple[str, str, list[str]]]) -> dict:
    """(text, seed, codes) per note -> notes with any contradiction and counts per kind."""
    kinds: dict[str, int] = {}
    flagged = 0
    for text, seed, codes in notes:
        issues = check(text, seed, codes)
        flagged += bool(issues)
        for issue in issues:
            kinds[issue] = kinds.get(issue, 0) + 1
    return {"notes": len(notes), "notes_with_contradictions": flagged, "by_kind": dict(sorted(kinds.items()))}
