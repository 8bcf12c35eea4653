"""Section bodies of the note styles beyond the templates (synth/note_styles.py): the assessment
and plan written problem by problem, a separate plan, an ED course and disposition, a consult
letter's opening and closing, a nursing note's terse lines, a hospital course by problem.

Every line that names a code goes through the note's ``framed`` check (each mention reads
affirmed as the code it stands for); every line of filler is redrawn until the term index reads
no condition in it (``FillerGuard``) and nothing in it contradicts the note's conditions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Callable

from synth.generate import details as detailing, grammar, stay
from synth.generate.note_context import background_of

_ORGANISM = ("B95", "B96", "B97")


@dataclass
class NoteContext:
    """What one note's ``NoteWriter.write`` shares with the style renderers."""
    writer: object  # the NoteWriter (mention, guard, details, templates)
    rng: random.Random
    slots: dict
    forms: dict
    written: Callable[..., set]
    framed: Callable[..., str]  # (key, extra slots, codes written, options=None) -> a checked frame
    ruled_out: Callable[[], list]
    negations: Callable[[], list]
    seed_treatment: Callable[[], str]
    in_setting: Callable[[str], bool]
    listed: list
    allergy: dict
    note_type: str
    scale: float = 1.0
    taken: set = field(default_factory=set)  # categories filler may never deny (the note's codes and traps)


class StyledSections:
    KINDS = frozenset({"assessment_list", "plan", "problem_plan", "ed_course", "disposition", "condition",
                       "letter_open", "letter_close", "nursing_dx", "nursing_systems", "nursing_actions",
                       "nursing_plan", "course_by_problem"})
    INLINE = frozenset({"disposition", "condition", "nursing_dx"})  # one line may sit beside its header
    NO_HEADER = frozenset({"letter_open", "letter_close"})

    def __init__(self, note: NoteContext):
        self.note = note
        self.rng = note.rng
        self.phrases = note.writer.templates["phrases"]

    # -- helpers ------------------------------------------------------------------------------
    def _mention(self, code: str) -> str:
        return self.note.writer.mention(code, self.note.forms, self.rng)

    def _filler(self, key: str, slots: dict | None = None) -> str:
        """One clean line of ``key`` (no condition named, nothing the note's conditions rule out,
        nothing of the other setting); "" when no draw passes."""
        details = self.note.writer.details
        here = {**self.note.slots, **(slots or {})}
        return grammar.capitalize(details.draw(  # and true to the persona ("lives alone" ... "with his spouse")
            lambda: detailing.say(self.rng.choice(self.phrases[key]), self.rng, here),
            lambda text: self.note.writer.guard.clean(text) and details._agrees(text) and self.note.in_setting(text)))

    def _many(self, base: float) -> int:
        """How many items of a repeatable part a note of this length carries: ``base`` at the
        style's median length, more in a longer note (the drawn length is MTSamples')."""
        return max(1, min(8, round(base * self.note.scale)))

    def _distinct(self, key: str, low: int, high: int, slots: dict | None = None) -> list[str]:
        out: list[str] = []
        for _ in range(self.rng.randint(low, max(low, high))):
            line = self._filler(key, slots)
            if line and line not in out:
                out.append(line)
        return out

    def _one_format(self, key: str) -> list[str]:
        """One item format for a whole list (not "1." then "-" then "4)" down one plan)."""
        return [self.rng.choice(self.phrases[key])]

    def _plan(self, code: str) -> str:
        return self.note.writer.details.plan(code, self.rng, self.note.slots, self.note.listed,
                                             allergies=self.note.allergy["text"])

    # -- sections -----------------------------------------------------------------------------
    def render(self, kind: str, problems: list[str]) -> list[str]:
        return getattr(self, kind)(problems)

    def assessment_list(self, problems: list[str]) -> list[str]:
        numbered = self.rng.random() < 0.7
        out = [f"{i}. {grammar.capitalize(self._mention(c))}" if numbered else grammar.capitalize(self._mention(c))
               for i, c in enumerate(problems, 1)]
        return out + self.note.ruled_out()

    def plan(self, problems: list[str]) -> list[str]:
        item = self._one_format("plan_item")[0]
        return [detailing.say(item, self.rng, {"n": str(n), "plan": self._plan(c)}) for n, c in enumerate(problems, 1)]

    def problem_plan(self, problems: list[str]) -> list[str]:
        """Problem-oriented assessment and plan: each problem on its line, its plan lines under it."""
        out = []
        heading, item = self._one_format("problem_header"), self._one_format("problem_plan_line")[0]
        for n, code in enumerate(problems, 1):
            out.append(grammar.capitalize(self.note.framed("problem_header", {"n": str(n), "form": self._mention(code)},
                                                           self.note.written(code), heading)))
            plans: list[str] = []
            for _ in range(self.rng.randint(1, self._many(2))):
                text = self._plan(code)
                if text not in plans:
                    plans.append(text)
            out += [detailing.say(item, self.rng, {"plan": p}) for p in plans]
        return out + self.note.ruled_out()

    def ed_course(self, problems: list[str]) -> list[str]:
        med = self.note.seed_treatment()
        out = [self._filler("ed_course", {"med": med, "Med": grammar.capitalize(med)}) or f"Treated with {med}."]
        out += self._distinct("ed_event", 1, self._many(2.5))  # the department's hours, longer in a longer note
        out += self._distinct("ed_reassess", 1, self._many(2))
        out += self._distinct("ed_decision", 0, self._many(1.5))
        return [" ".join(out)] if self.rng.random() < 0.6 else out

    def disposition(self, problems: list[str]) -> list[str]:
        key = "disposition_discharge" if self.note.note_type == "discharge_summary" else "disposition_ed"
        return [self._filler(key) or "Stable."]

    def condition(self, problems: list[str]) -> list[str]:
        return [self._filler("condition") or "Stable."]

    def letter_open(self, problems: list[str]) -> list[str]:
        return [detailing.say(self.rng.choice(self.phrases["letter_salutation"]), self.rng),
                grammar.capitalize(self.note.framed("letter_open", {}, self.note.written(problems[0])))]

    def letter_close(self, problems: list[str]) -> list[str]:
        return self._distinct("letter_close", 1, 2) + [self.rng.choice(self.phrases["letter_signoff"])]

    def nursing_dx(self, problems: list[str]) -> list[str]:
        """The problems on one terse line ("HTN, DM2, CHF"), or one a line when the joined line
        would not read as each of them."""
        names = [self._mention(c) for c in problems]
        joined = ", ".join(names)
        if self.note.writer.guard.affirmed_as(joined, self.note.written(*problems)):
            return [joined]
        return [grammar.capitalize(n) for n in names]

    def nursing_systems(self, problems: list[str]) -> list[str]:
        many = max(3, min(10, round(6 * self.note.scale)))
        keys = self.rng.sample(range(len(self.phrases["nursing_systems"])), min(many, len(self.phrases["nursing_systems"])))
        out = []
        for i in sorted(keys):  # systems in their usual order
            template = self.phrases["nursing_systems"][i]
            line = self.note.writer.details.draw(
                lambda: detailing.say(template, self.rng, self.note.slots),
                lambda text: (self.note.writer.guard.clean(text) and self.note.writer.details._agrees(text)
                              and self.note.in_setting(text)))
            if line:
                out.append(line)
        return out

    def nursing_actions(self, problems: list[str]) -> list[str]:
        return self._distinct("nursing_actions", 1, 3)

    def nursing_plan(self, problems: list[str]) -> list[str]:
        return self._distinct("nursing_plan", 1, 2)

    def course_by_problem(self, problems: list[str]) -> list[str]:
        """Hospital course by problem: the admitting problem with its treatment, every other
        problem with how it went, then the discharge."""
        seed, *others = problems
        med = self.note.seed_treatment()
        treat = {**self.note.slots, "med": med, "Med": grammar.capitalize(med)}
        treatment = self.note.writer.details.draw(
            lambda: detailing.say(self.rng.choice(self.phrases["course_treatment"]), self.rng, treat),
            fallback=f"Treated with {med}.")
        at = self.rng.randrange(len(self.phrases["course_problem_seed"]))  # one item format down the list
        first, rest = [self.phrases["course_problem_seed"][at]], [self.phrases["course_problem_other"][at]]
        out = [grammar.capitalize(self.note.framed("course_problem_seed",
                                                   {"n": "1", "form": self._mention(seed), "treatment": treatment},
                                                   self.note.written(seed), first))]
        # what the stay found and did for it: the problem's own studies and history sentences
        # (banks/studies.yaml, problem.yaml), more of them in a longer summary
        details = self.note.writer.details
        found = details.studies([seed], self.rng, self.note.taken)[:self._many(1)]
        extra = [details.one("course_extra", self.rng, {**self.note.slots, "day": str(stay.day_before_discharge(
                 int(self.note.slots["los"]), self.rng))}) for _ in range(self.rng.randint(0, self._many(1)))]
        told = list(dict.fromkeys(t for t in found + extra if t))
        if told:
            out[0] = " ".join([out[0].rstrip()] + [grammar.capitalize(t).rstrip(".") + "." for t in told])
        # each event on a day of the stay before its discharge day (realism: no day after discharge)
        early = str(stay.day_before_discharge(int(self.note.slots["los"]), self.rng))
        events = self._distinct("course_event", 0, self._many(1.5), {"day_early": early})
        if events:
            out[0] = out[0].rstrip() + " " + " ".join(events)
        # an organism code (B95-B97) is what a culture grew, not a problem with a course of its own;
        # only a chronic background problem "remained stable on home medications"
        organisms = [c for c in others if c.startswith(_ORGANISM)]
        chronic = set(background_of(others))
        for n, code in enumerate([c for c in others if c not in organisms], 2):
            status = self._filler("course_status") if code in chronic and self.rng.random() < 0.6 else self._plan(code)
            for _ in range(self.rng.randint(0, self._many(1))):  # a longer summary says how it went and what next
                plan = self._plan(code)
                status = f"{status.rstrip('.')}. {grammar.capitalize(plan)}" if plan and plan not in status else status
            out.append(grammar.capitalize(self.note.framed("course_problem_other",
                                                           {"n": str(n), "form": self._mention(code), "status": status},
                                                           self.note.written(code), rest)))
        out += [grammar.capitalize(self.note.framed("course_organism", {"form": self._mention(code)},
                                                    self.note.written(code))) for code in organisms]
        out.append(grammar.capitalize(details.draw(
            lambda: detailing.say(self.rng.choice(self.phrases["course_discharge"]), self.rng, self.note.slots),
            lambda text: True) or detailing.say(self.phrases["course_discharge"][0], self.rng, self.note.slots)))
        return out + self.note.negations()
