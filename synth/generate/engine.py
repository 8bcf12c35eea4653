"""The template engine: a plan (codes, traps, past condition, procedure) -> a sectioned note.

``NoteWriter.write`` draws what the note's sections share into a ``WriteContext``
(note_context.py), picks the section order, and hands each section to its renderer
(section_renderers.py: one small function per section kind, looked up by name).

Deterministic for a given ``random.Random``. Each intended code is written affirmed at least
once; traps only under a negation, family or uncertainty cue; the past condition only with a
resolution cue. The rendering records which template and phrases it used.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from synth import guidelines, icd, note_styles, realism, terms
from synth.generate import details as detailing, drugs, grammar, mentions
from synth.generate.guard import FillerGuard
from synth.generate.measurements import draw_vitals, med_orders
from synth.generate.note_context import WriteContext, background_of
from synth.generate.section_renderers import renderer_for
from synth.generate.styled import NoteContext, StyledSections
from synth.terms import TermIndex


@dataclass
class Rendered:
    text: str
    template_id: str
    sections: list[str] = field(default_factory=list)
    traps_written: list[str] = field(default_factory=list)
    # the section kind that wrote each line of ``text`` (headers included): what measures
    # repetition by section (bench/synth_repetition.py); not part of a run's records
    line_kinds: list[str] = field(default_factory=list)


_OTHER_SEX = {"male": re.compile(r"\b(postmenopausal|menopausal|female|women|woman|pregnan\w*|maternal)\b", re.IGNORECASE),
              "female": re.compile(r"\b(male|men|man|prostat\w*|testi\w*|scrot\w*)\b", re.IGNORECASE)}


def _report_results_once(lines: list[str], spans: dict[str, tuple[int, int]]) -> set[int]:
    """The study lines to drop, by index: those that report a test the labs section reports
    ("TSH 8.4, free T4 0.6" under Studies beside "TSH 16.1" under Labs): a result is given once,
    in the labs; a studies section left empty loses its header."""
    if "labs" not in spans or "studies" not in spans:
        return set()
    tested = {name for line in lines[slice(*spans["labs"])] for name, _ in realism.named_results(line)}
    start, end = spans["studies"]
    dropped = {i for i in range(start, end) if any(name in tested for name, _ in realism.named_results(lines[i]))}
    if len(dropped) == end - start:
        dropped.add(start - 1)  # the header
    return dropped


class NoteWriter:
    """Writes one note from a plan; ``index`` guarantees every mention is codable as meant."""

    def __init__(self, index: TermIndex, templates: dict | None = None):
        self.index = index
        self.templates = templates or grammar.load_templates()
        self.guard = FillerGuard(index)
        self.details = detailing.Details(self.guard)
        self._named: dict[str, list[tuple[frozenset, str]]] = {}

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
        """A wording of ``code``: not one of the other sex ("postmenopausal osteoporosis" in a
        man's note), and one that agrees with every earlier wording in the note: a shorter or longer
        form of the same words ("HTN" after "essential hypertension"), never a different
        inclusion term or modifier ("influenza with laryngitis" after "... with pharyngitis",
        "progressive anemia" after "idiopathic anemia")."""
        other = _OTHER_SEX.get(getattr(self, "_sex", ""))
        said = self._named.setdefault(code, [])  # (words, text) of every wording so far

        def ok(text: str) -> bool:
            if other and other.search(text):
                return False
            words = frozenset(terms.tokens(text))
            return all(words <= before or before <= words for before, _ in said)

        make = lambda: mentions.render(forms.get(code, [code])[0], self.index, rng)  # noqa: E731
        text = self.guard.draw(make, ok, said[0][1] if said else make())
        said.append((frozenset(terms.tokens(text)), text))
        return text

    # -- the note ------------------------------------------------------------------------
    # A styled note shorter than this share of its drawn length (MTSamples' lengths for its
    # style) is written again with more of each repeatable part (HPI sentences, plan lines per
    # problem, course events, reviewed systems), at most RICHER_TRIES times: how much text a
    # section carries depends on its codes' banks, so one fixed amount falls short for many.
    LENGTH_SHARE, RICHER, RICHER_TRIES = 0.8, 1.6, 3

    def write(self, plan: dict, rng: random.Random) -> Rendered:
        """The note of ``plan``: its sections in order, each written by its renderer
        (synth/generate/section_renderers.py) on one shared WriteContext; a styled note is
        written richer when it falls short of its drawn length."""
        rendered = self._write(plan, rng, 1.0)
        target = plan.get("style_words")
        for attempt in range(1, self.RICHER_TRIES + 1):
            if not target or len(rendered.text.split()) >= self.LENGTH_SHARE * target:
                break
            rendered = self._write(plan, rng, self.RICHER ** attempt)
        return rendered

    def _write(self, plan: dict, rng: random.Random, richness: float) -> Rendered:
        ctx = self._context(plan, rng)
        kinds: list[str] = []  # the section kind of each line of ctx.lines
        for section in self._sections(ctx, richness):
            kind = section["kind"]
            if section.get("optional") and kind == "past" and not ctx.past:
                continue
            if section.get("optional") and kind == "family" and not ctx.traps["family"]:
                continue
            carries_codes = (kind == "past" and ctx.past) or (kind == "family" and ctx.traps["family"])
            if not carries_codes and rng.random() < section.get("skip", 0.0):
                continue  # sections a short note leaves out; never one that carries a code or trap
            render = renderer_for(kind)
            if render is not None:
                render(ctx, section)
                kinds += [kind] * (len(ctx.lines) - len(kinds))
        dropped = _report_results_once(ctx.lines, ctx.result_lines)
        lines = [line for i, line in enumerate(ctx.lines) if i not in dropped]
        kinds = [k for i, k in enumerate(kinds) if i not in dropped]
        template_id = (f"{plan['note_type']}/" + ("" if ctx.style == note_styles.TEMPLATE else f"{ctx.style}/")
                       + ",".join(ctx.choices))
        return Rendered("\n".join(lines) + "\n", template_id, ctx.used_sections, sorted(set(ctx.written_traps)), kinds)

    def _context(self, plan: dict, rng: random.Random) -> WriteContext:
        """Draw what every section of the note shares (the draws' order is part of the note)."""
        t = self.templates
        codes: list[str] = list(plan["codes"])
        seed = plan["seed"] if plan["seed"] in codes else codes[0]
        others = [c for c in codes if c != seed]
        past = plan.get("past")
        if past:
            others = [c for c in others if c != past["code"]]
        forms = self._written_forms(codes, rng)
        sex = self._sex = plan["sex"]
        vitals = plan.get("vitals") or draw_vitals(codes, rng)
        other_setting = "clinic" if plan.get("setting", "inpatient") == "inpatient" else "inpatient"
        self.details.start_note(codes, realism.facts_of_values(vitals), vitals, other_setting)
        self._named: dict[str, list[tuple[frozenset, str]]] = {}  # code -> the words and text of its wordings
        slots = {"age": str(plan["age"]), "sex": rng.choice(t["phrases"]["sex"][sex]), **detailing.pronouns(sex)}
        # the day of discharge; plans written before stay.yaml existed keep the old 2-7 day spread
        stay_days = plan.get("stay_days") or rng.randint(2, 7)
        slots["los"] = str(stay_days)
        slots["seed"] = self.mention(seed, forms, rng)
        # a progress note lists today's orders; the other lists are home or discharge medications
        med_list = med_orders(codes, rng, outpatient=plan["note_type"] != "progress")
        traps = {k: [tr["code"] for tr in plan["traps"] if tr["kind"] == k] for k in ("negated", "family", "uncertain")}
        # categories filler may never deny (a note about fever never says "denies fever")
        taken = {icd.category(c) for c in codes + [tr["code"] for tr in plan["traps"]]}
        if past:
            taken |= {icd.category(past["code"]), icd.category(past["condition"])}
        return WriteContext(writer=self, plan=plan, rng=rng, templates=t, codes=codes, seed=seed, others=others,
                            past=past, forms=forms, slots=slots, vitals=vitals, stay_days=stay_days,
                            med_list=med_list, listed=[drugs.order_drug(o) for o in med_list], traps=traps,
                            taken=taken, other_setting=other_setting, upper=rng.random() < 0.2,
                            background=background_of(others))

    def _sections(self, ctx: WriteContext, richness: float = 1.0) -> list[dict]:
        """The note's sections in order (a template's, with its order variants, or a style's
        measured order), and the context's style, narrative scale and style renderer."""
        plan, rng = ctx.plan, ctx.rng
        ctx.style = plan.get("style") or note_styles.TEMPLATE
        if ctx.style == note_styles.TEMPLATE:
            sections = list(self.templates["note_types"][plan["note_type"]])
            i = 0
            while i < len(sections) - 2:  # order variants (allergies before medications); the last section stays last
                if rng.random() < sections[i].get("swap_next", 0.0):
                    sections[i], sections[i + 1] = sections[i + 1], sections[i]
                    i += 1  # a section moves one place at most
                i += 1
        else:  # a measured order of the style (synth/note_styles.py)
            sections = note_styles.sections(ctx.style, rng, has_past=bool(ctx.past))
        ctx.has_past_section = any(s["kind"] == "past" for s in sections)
        # how much narrative: the style's drawn length against its median (templates: as before)
        ctx.scale = note_styles.detail_scale(ctx.style, plan["style_words"]) * richness if plan.get("style_words") else 1.0
        ctx.styled = StyledSections(NoteContext(self, rng, ctx.slots, ctx.forms, ctx.written, ctx.framed, ctx.ruled_out,
                                                ctx.negations, ctx.seed_treatment, ctx.in_setting, ctx.listed,
                                                ctx.allergy, plan["note_type"], ctx.scale, ctx.taken))
        return sections
