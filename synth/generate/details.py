"""The parts of a note that vary from patient to patient without naming a coded condition:
exam findings, review of systems, narrative details, social history, plans, medication sigs
and lab panels, drawn from the phrase banks (banks/*.yaml) and checked by the filler guard.

Each writer takes the note's codes (what the patient has) and ``taken`` (the ICD-10-CM
categories the note codes or traps, which filler may never deny).
"""

from __future__ import annotations

import random
import re

from synth import icd, realism
from synth.generate import banks, drugs, grammar
from synth.generate.guard import FillerGuard, sample
from synth.generate.sig import say, sig  # noqa: F401 (details.say / details.sig, as callers name them)

def pronouns(sex: str) -> dict[str, str]:
    female = sex == "female"
    return {"He": "She" if female else "He", "he": "she" if female else "he",
            "His": "Her" if female else "His", "his": "her" if female else "his", "him": "her" if female else "him"}


_WORD = re.compile(r"[a-z0-9][a-z0-9/+-]*")


def finding_words(finding: str) -> set[str]:
    """The topic words of an exam finding (banks/exam.yaml common_words and same_as): what two
    findings of one line may not share."""
    bank = banks.load("exam")
    common, same = set(bank["common_words"]), bank["same_as"]
    out: set[str] = set()
    for word in _WORD.findall(finding.lower()):
        if word in common or word[0].isdigit():
            continue
        word = word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        out.update(same.get(word, [word]))
    return out - common


_SIDE = re.compile(r"\b(right|left)\b", re.IGNORECASE)


def side_of(code: str) -> str:
    """'right' or 'left' when the code's title names one side ('... neck of right femur'), else ''."""
    sides = {s.lower() for s in _SIDE.findall(icd.description(code))}
    return sides.pop() if len(sides) == 1 else ""


def _join(items: list[str], rng: random.Random, last: str = "and") -> str:
    if len(items) <= 2:
        return f" {last} ".join(items)
    return ", ".join(items[:-1]) + rng.choice([f" {last} ", f", {last} "]) + items[-1]


class Details:
    def __init__(self, guard: FillerGuard):
        self.guard = guard
        self.start_note([], set(), {})

    def start_note(self, codes: list[str], facts: set[str], vitals: dict[str, float], other_setting: str = "") -> None:
        """What one note's filler must agree with: the wordings its codes and vital signs rule
        out (realism.ruled_out: no "afebrile" at 38.9 C, no "RRR" beside atrial fibrillation),
        the heart rate an exam finding quotes, and the persona facts its sentences state."""
        self._ruled_out = realism.ruled_out(codes, facts)
        self._slots = {"hr": str(round(vitals["hr"]))} if vitals else {"hr": "88"}
        self._sides: dict[str, str] = {}  # code -> the side its findings name, fixed for the note
        self.persona: dict[str, str] = {}
        self._other_setting = other_setting  # a clinic plan says no "on discharge" (realism.setting_of)

    def _agrees(self, text: str) -> bool:
        """No wording the note's conditions or vital signs rule out."""
        return not any(p.search(text) for p in self._ruled_out)

    def _in_setting(self, text: str) -> bool:
        """No word of the other setting (a clinic note's plan or study says no "telemetry")."""
        return not self._other_setting or self._other_setting not in realism.setting_of(text)

    def _consistent(self, text: str) -> bool:
        """The persona facts ``text`` states agree with each other and with those stated so far
        (no "keeps him home from work" and "Retired teacher" in one note)."""
        return all(len(values) == 1 and self.persona.get(topic, next(iter(values))) in values
                   for topic, values in realism.claims(text).items())

    def _commit(self, text: str) -> str:
        for topic, values in realism.claims(text).items():
            self.persona.setdefault(topic, next(iter(values)))
        return text

    def draw(self, make, ok=None, fallback: str = "") -> str:
        """``guard.draw`` for any line of the note that may state a persona fact (a course
        event's "family meeting with his spouse", a plan's "reviewed with the patient and
        spouse", an ED decision's "lives alone"): also consistent with the facts stated so far,
        and what it states is remembered for the lines after it. Every section's filler draws
        through here, not only the history's: a hospital course said "with his spouse" beside
        an HPI's "lives alone" (issue 20, 2 notes of 5,000)."""
        ok = ok or self.guard.clean
        return self._commit(self.guard.draw(make, lambda text: ok(text) and self._consistent(text), fallback))

    def _fits(self, slots: dict[str, str] | None):
        """Clean, true of a patient this age (banks/narrative.yaml older_only: no retired
        36-year-old with grandchildren; working_until: no roofer at 85) and of the persona so far."""
        bank = banks.load("narrative")
        rule = bank["older_only"]
        age = int(slots["age"]) if slots and slots.get("age", "").isdigit() else None
        young = age is not None and age < int(rule["min_age"])
        past_working = age is not None and age >= int(bank.get("working_until", 200))
        words = re.compile(r"\b(" + "|".join(map(re.escape, rule["words"])) + r")\b", re.IGNORECASE)

        def fits(text: str) -> bool:
            if young and words.search(text):
                return False
            if past_working and "working" in realism.claims(text).get("work", set()):
                return False
            return self.guard.clean(text) and self._consistent(text)
        return fits

    # -- exam -----------------------------------------------------------------------
    def exam(self, codes: list[str], rng: random.Random, taken: set[str], focused: bool = False,
             thorough: bool = False) -> list[str]:
        """A full exam, or a focused one (a daily progress note: the core systems and a few more);
        ``thorough`` (a note long for its style, such as an ED note at MTSamples' length) examines
        nearly every system."""
        bank = banks.load("exam")
        core = set(bank["core"])
        systems = bank["systems"]
        others = [s for s in systems if s["labels"][0] not in core]
        low, high = (0, 2) if focused else (max(2, len(others) - 3), len(others)) if thorough else (2, max(2, len(others) - 2))
        chosen = {id(s) for s in sample(rng, others, low, high)}
        upper = rng.random() < 0.15
        lines = []
        said: set[str] = set()  # clauses already written: "no carotid bruits" under Neck is not repeated under CV
        for system in systems:
            if system["labels"][0] not in core and id(system) not in chosen:
                continue
            if system.get("only_with_findings") and not banks.matching(system["by_code"], codes):
                continue  # a GU or rectal exam is written when the problem calls for one
            if system["labels"][0] in core and rng.random() < 0.08:
                continue  # even core systems are sometimes left out of a focused exam
            findings = self._findings(system, codes, rng, taken, said)
            if not findings:
                continue
            label = rng.choice(system["labels"])
            label = label.upper() if upper else label
            sep = "; " if rng.random() < 0.2 else ", "
            text = sep.join(findings)
            lines.append(f"{label}: {text[:1].upper() + text[1:] if rng.random() < 0.5 else text}.")
        if lines and rng.random() < 0.25:
            return [" ".join(lines)]  # the compact single-paragraph exam
        return lines

    def _findings(self, system: dict, codes: list[str], rng: random.Random, taken: set[str],
                  said_before: set[str] | None = None) -> list[str]:
        def ok(text: str) -> bool:
            return self._agrees(text) and self.guard.only_negated(text, taken)

        by_code = system.get("by_code") or {}
        abnormal = [f for group in banks.matching(by_code, codes) for f in group]
        out: list[str] = []
        said: set[str] = set()  # topic words of the findings so far: one statement per topic

        said_before = set() if said_before is None else said_before

        def add(finding: str) -> None:
            words = finding_words(finding)
            clauses = {c.strip().lower() for c in re.split(r"[,;]", finding)}
            if finding and not words & said and not clauses & said_before:
                out.append(finding)
                said.update(words)
                said_before.update(clauses)

        def finding() -> str:
            wording = rng.choice(abnormal)
            slots = {**self._slots, "side": self._side(wording, codes, by_code, rng)} if "{side}" in wording else self._slots
            return say(wording, rng, slots)

        if abnormal and rng.random() < 0.85:
            first = self.guard.draw(finding, ok)
            if first:
                add(first)
                if rng.random() < 0.4:  # a neutral finding on another topic, never the normal one it replaces
                    add(self.guard.draw(lambda: say(rng.choice(system["neutral"]), rng), ok))
                return out
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            add(self.guard.draw(lambda: say(rng.choice(system["normal"]), rng), ok))
        return out

    def _side(self, wording: str, codes: list[str], by_code: dict, rng: random.Random) -> str:
        """The side a finding of ``codes`` names ({side}): the one the code states (S72.001A is the
        right femur: no "left leg shortened"), else one drawn once per code and note, so two
        systems' findings of one condition agree."""
        code = next((c for c in codes if any(wording in group for group in banks.matching(by_code, [c]))), "")
        if code not in self._sides:
            self._sides[code] = side_of(code) or rng.choice(["right", "left"])
        return self._sides[code]

    # -- review of systems ----------------------------------------------------------
    def ros(self, codes: list[str], rng: random.Random, taken: set[str], scale: float = 1.0) -> list[str]:
        """A review of systems; ``scale`` > 1 (a long note of its style) reviews more systems."""
        bank = banks.load("ros")
        if rng.random() < (0.35 if scale < 1.2 else 0.1):
            return [say(rng.choice(bank["summaries"]), rng)]
        lines = []
        for system in sample(rng, bank["systems"], 3 if scale < 1.2 else 5, 9):
            label = rng.choice(system["labels"])
            if any(c.startswith(tuple(system.get("related", ()))) for c in codes):
                if rng.random() < 0.6:
                    lines.append(say(rng.choice(bank["per_hpi"]), rng, {"label": label}))
                continue
            line = self.guard.draw(lambda: self._ros_line(bank, system, label, rng, taken),
                                   lambda t: bool(t) and self._agrees(t) and self.guard.only_negated(t, taken))
            if line:
                lines.append(line)
        if rng.random() < 0.6:
            lines.append(say(rng.choice(bank["closers"]), rng))
        return lines or [say(rng.choice(bank["summaries"]), rng)]

    def _ros_line(self, bank: dict, system: dict, label: str, rng: random.Random, taken: set[str]) -> str:
        symptoms, said = [], set()
        for symptom in sample(rng, system["negatives"], 1, 4):
            words = finding_words(symptom)  # not "night sweats or sweats", "appetite change or decreased appetite"
            if not words & said and self._agrees(f"no {symptom}") and self.guard.only_negated(f"no {symptom}", taken):
                symptoms.append(symptom)
                said |= words
        if not symptoms:
            return ""
        line = say(rng.choice(bank["frames"]), rng, {"label": label, "items": _join(symptoms, rng, "or")})
        # sometimes the system's normal function too ("Appetite good."), never on a denied symptom's topic
        statements = [s for s in system.get("normals", ()) if not finding_words(s) & said]
        if statements and rng.random() < 0.3:
            line += " " + grammar.capitalize(say(rng.choice(statements), rng)) + "."
        return line

    # -- studies --------------------------------------------------------------------
    def studies(self, codes: list[str], rng: random.Random, taken: set[str]) -> list[str]:
        """Imaging, ECG and other results: those the note's conditions call for, then routine ones."""
        bank = banks.load("studies")
        specific = [w for group in banks.matching(bank["by_code"], codes) for w in group]
        picks = rng.sample(specific, min(len(specific), rng.randint(1, 2))) if specific else []
        if not picks or rng.random() < 0.35:
            picks.append(rng.choice(bank["routine"]))
        # an ECG quotes the rate the vitals show ("sinus at 118", never "normal sinus rhythm at 72" beside HR 118)
        hr = int(self._slots["hr"])
        slots = {"hr": str(hr), "rhythm": rng.choice(["normal sinus rhythm", "sinus rhythm"]) if 60 <= hr <= 100 else "sinus"}
        # no result the note's conditions rule out: no "lungs clear" film beside pneumonia, no sinus rhythm beside AF
        ruled_out = [re.compile(p, re.IGNORECASE) for group in banks.matching(bank["contradicts"], codes) for p in group]

        def ok(text: str) -> bool:
            return (self.guard.only_negated(text, taken) and self._agrees(text) and self._in_setting(text)
                    and not any(p.search(text) for p in ruled_out))

        out = []
        for wording in picks:
            text = self.guard.draw(lambda: say(wording, rng, slots), ok)
            if text and text not in out:
                out.append(text)
        return out

    # -- operations -----------------------------------------------------------------
    def operation(self, cpt: str | None, rng: random.Random) -> list[str]:
        """The description of a procedure: shared opening steps, its own steps in order, closing."""
        bank = banks.load("operative")
        minor = cpt in bank["minor"]
        opening = sample(rng, bank["opening_minor" if minor else "opening"], 2, 5)
        closing = sample(rng, bank["closing_minor" if minor else "closing"], 1, 4)
        steps = opening + list(bank["by_cpt"].get(cpt or "", [])) + closing
        return [s for s in (self.guard.draw(lambda: say(w, rng)) for w in steps) if s]

    # -- narrative ------------------------------------------------------------------
    def hpi(self, rng: random.Random, slots: dict[str, str], seed: str = "R", most: int = 5) -> list[str]:
        """Two to ``most`` narrative sentences; onset, severity and what helps only for a problem
        felt as a symptom (not "heat makes it better" for a cholesterol visit)."""
        bank = banks.load("narrative")
        kinds = bank["hpi"]
        felt = seed.startswith(tuple(bank["symptomatic_prefixes"]))
        names = [k for k in kinds if felt or k not in bank["symptom_kinds"]]
        chosen = sample(rng, names, min(2, most), most)
        # a long note (an ED history at MTSamples' length) tells more than one sentence of the
        # kinds that bear it (what else happened, who helped, earlier care), each after its own kind
        again = [k for k in bank["repeatable_kinds"] if k in chosen]
        seconds = set(rng.sample(again, min(len(again), max(0, most - len(names)))))
        out = []
        for kind in chosen:
            for _ in range(2 if kind in seconds else 1):
                sentence = self._commit(self.guard.draw(lambda: say(rng.choice(kinds[kind]), rng, slots), self._fits(slots)))
                if sentence and grammar.capitalize(sentence) not in out:
                    out.append(grammar.capitalize(sentence))
        return out

    def problem(self, codes: list[str], rng: random.Random, slots: dict[str, str], most: int = 2) -> list[str]:
        """Sentences about the presenting problem itself (banks/problem.yaml), most specific first."""
        table = banks.load("problem")["by_code"]
        prefixes = sorted((p for p in table if any(c.startswith(p) for c in codes)), key=len, reverse=True)
        options = [w for p in prefixes[:2] for w in table[p]]
        out: list[str] = []
        for wording in rng.sample(options, min(len(options), rng.randint(0, most))):  # distinct wordings
            # {side}: the side the code states, or the one its exam findings name in this note
            here = {**slots, "side": self._side(wording, codes, table, rng)} if "{side}" in wording else slots
            sentence = self._commit(self.guard.draw(lambda: say(wording, rng, here), self._fits(here)))
            if sentence:
                out.append(grammar.capitalize(sentence))
        return out

    def subjective(self, rng: random.Random, slots: dict[str, str]) -> list[str]:
        lines = banks.load("narrative")["subjective"]
        return [grammar.capitalize(s) for s in
                (self._commit(self.guard.draw(lambda: say(rng.choice(lines), rng, slots), self._fits(slots)))
                 for _ in range(rng.randint(1, 3))) if s]

    def social(self, rng: random.Random, slots: dict[str, str], codes: list[str] = ()) -> str:
        """A few sentence kinds; a kind split by topic (habits) gives one sentence per topic and
        skips a topic that would contradict one of ``codes`` (the note's codes and traps)."""
        kinds = banks.load("narrative")["social"]
        options: list[list[str]] = []
        for kind in sample(rng, list(kinds), 1, len(kinds)):
            if isinstance(kinds[kind], list):
                options.append(kinds[kind])
                continue
            topics = [t for t, entry in kinds[kind].items()
                      if not any(c.startswith(tuple(entry.get("avoid", ()))) for c in codes)]
            options += [kinds[kind][t]["say"] for t in sample(rng, topics, 1, 2)]
        parts = []
        for wordings in options:
            sentence = self._commit(self.guard.draw(lambda: say(rng.choice(wordings), rng, slots), self._fits(slots)))
            if sentence and sentence not in parts:
                parts.append(sentence)
        return " ".join(parts) or "Noncontributory."

    def follow_up(self, codes: list[str], rng: random.Random, slots: dict[str, str] | None = None) -> list[str]:
        """One to three follow-up lines: general ones and those of the note's conditions
        (banks/narrative.yaml follow_up_by_code: daily weights only beside heart failure)."""
        bank = banks.load("narrative")
        specific = [w for group in banks.matching(bank["follow_up_by_code"], codes) for w in group]
        out: list[str] = []
        for _ in range(rng.randint(1, 3)):
            options = specific if specific and rng.random() < 0.5 else bank["follow_up"]
            line = self._commit(self.guard.draw(lambda: say(rng.choice(options), rng, slots or {}), self._fits(slots)))
            if line and grammar.capitalize(line) not in out:
                out.append(grammar.capitalize(line))
        return out or [grammar.capitalize(say(bank["follow_up"][1], rng))]

    def one(self, key: str, rng: random.Random, slots: dict[str, str] | None = None) -> str:
        """One clean sentence from a flat list of the narrative bank (family_none, follow_up ...)."""
        options = banks.load("narrative")[key]
        return grammar.capitalize(self._commit(self.guard.draw(lambda: say(rng.choice(options), rng, slots or {}), self._fits(slots),
                                                               fallback=say(options[0], rng, slots or {}))))

    # -- plans, medications, labs ---------------------------------------------------
    def plan(self, code: str, rng: random.Random, slots: dict[str, str] | None = None,
             listed: list[str] | None = None, allergies: str = "") -> str:
        """A plan for one problem; with ``listed`` (the note's drugs) one that agrees with the
        medication list (drugs.fits_list), and never one naming a drug of the ``allergies``
        line's classes ("Statins (muscle aches)" ... "start atorvastatin"), else redrawn."""
        bank = banks.load("plans")
        specific = [p for group in banks.matching(bank["by_code"], [code]) for p in group]
        options = specific if specific and rng.random() < 0.75 else bank["generic"]
        in_setting = self._in_setting

        def ok(t: str) -> bool:
            return (in_setting(t) and self.guard.clean(t) and (listed is None or drugs.fits_list(t, listed))
                    and drugs.spares_list(allergies, drugs.named(t)))
        drawn: list[str] = []  # the wording each draw used

        def make(pool: list[str]) -> str:
            drawn.append(rng.choice(pool))
            return say(drawn[-1], rng, slots)

        text = self.draw(lambda: make(options), ok, fallback="continue current regimen")
        # a problem with plans of its own often gets two actions ("Start tamsulosin 0.4 mg daily. 24-hour urine
        # for prevention."), as real assessment items do: both from the code's own entries (not a chapter line
        # such as "no further testing now" after "start levetiracetam"), two wordings that share no topic word
        # or drug, each passing the checks on its own (a "hold" in one is not excused by a "start" in the other)
        own = [p for prefix, group in bank["by_code"].items() if len(prefix) >= 3 and code.startswith(prefix) for p in group]
        first = drawn[-1] if drawn else ""
        if text != "continue current regimen" and first in own and len(own) > 1 and rng.random() < 0.35:
            second = self.guard.draw(lambda: make([p for p in own if p != first]), lambda t: ok(t) and self._consistent(t))
            both = f"{text.rstrip('.')}. {grammar.capitalize(second)}" if second else ""
            # and the whole still reads right against the list ("Start apixaban. Rate control with metoprolol" reads as starting both)
            if both and not _topic_words(second) & _topic_words(text) and not set(drugs.named(second)) & set(drugs.named(text)) and ok(both):
                text = self._commit(both)
        return grammar.capitalize(text if text.endswith(".") else text + ".")


# words two actions of one plan may both use without repeating a topic
_PLAN_FILLER = frozenset("and the for with per if not no as at in on to of a an or then than by until after before from "
                         "daily twice weekly every week weeks month months day days hours today now once reviewed "
                         "ordered sent placed discussed started start offered needed".split())


def _topic_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9-]*", text.lower()) if w not in _PLAN_FILLER and not w[0].isdigit()}
