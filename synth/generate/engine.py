"""The template engine: a plan (codes, traps, past condition, procedure) -> a sectioned note.

Deterministic for a given ``random.Random``. Each intended code is written affirmed at least
once; traps only under a negation, family or uncertainty cue; the past condition only with a
resolution cue. The rendering records which template and phrases it used.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from synth import guidelines, icd, note_styles, realism, terms
from synth.generate import banks, details as detailing, drugs, grammar, mentions, stay
from synth.generate.guard import FillerGuard
from synth.generate.styled import NoteContext, StyledSections
from synth.generate.measurements import clinical, draw_vitals, lab_lines, matching, med_lines, med_orders, vitals_line
from synth.label import context
from synth.terms import TermIndex


@dataclass
class Rendered:
    text: str
    template_id: str
    sections: list[str] = field(default_factory=list)
    traps_written: list[str] = field(default_factory=list)


_OTHER_SEX = {"male": re.compile(r"\b(postmenopausal|menopausal|female|women|woman|pregnan\w*|maternal)\b", re.IGNORECASE),
              "female": re.compile(r"\b(male|men|man|prostat\w*|testi\w*|scrot\w*)\b", re.IGNORECASE)}
_CURRENT = re.compile(r"\b(current|currently|active)\b", re.IGNORECASE)
_NOT_A_TREATMENT = re.compile(r"\b(vitamin|multivitamin|supplement|PRN|as needed)\b", re.IGNORECASE)


def _join(items: list[str], rng: random.Random) -> str:
    if len(items) <= 1:
        return "".join(items)
    last = rng.choice([" and ", ", and ", " and "])
    return ", ".join(items[:-1]) + last + items[-1]


def _lower_first(text: str) -> str:
    first = text.split()[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _report_results_once(lines: list[str], spans: dict[str, tuple[int, int]]) -> list[str]:
    """Drop the study lines that report a test the labs section reports ("TSH 8.4, free T4 0.6"
    under Studies beside "TSH 16.1" under Labs): a result is given once, in the labs; a studies
    section left empty loses its header."""
    if "labs" not in spans or "studies" not in spans:
        return lines
    tested = {name for line in lines[slice(*spans["labs"])] for name, _ in realism.named_results(line)}
    start, end = spans["studies"]
    dropped = {i for i in range(start, end) if any(name in tested for name, _ in realism.named_results(lines[i]))}
    if len(dropped) == end - start:
        dropped.add(start - 1)  # the header
    return [line for i, line in enumerate(lines) if i not in dropped]


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
    def write(self, plan: dict, rng: random.Random) -> Rendered:
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
        listed = [drugs.order_drug(o) for o in med_list]
        traps = {k: [tr["code"] for tr in plan["traps"] if tr["kind"] == k] for k in ("negated", "family", "uncertain")}
        written_traps: list[str] = []
        # categories filler may never deny (a note about fever never says "denies fever")
        taken = {icd.category(c) for c in codes + [tr["code"] for tr in plan["traps"]]}
        if past:
            taken |= {icd.category(past["code"]), icd.category(past["condition"])}

        def written(*items: str) -> set[str]:
            return {forms.get(c, [c])[0] for c in items}

        def in_setting(text: str) -> bool:  # no "is admitted" in a clinic visit, no "post-discharge visit" on the ward
            return other_setting not in realism.setting_of(text)

        def framed(key: str, extra: dict, codes_in: set[str], options: list[str] | None = None) -> str:
            """A sentence frame around mentions (one of ``options``, default all of ``key``),
            redrawn if a frame word changes what they say or places the note in the other setting."""
            options = options or t["phrases"][key]
            fallback = detailing.say(t["phrases"][key][0], rng, {**slots, **extra})
            return self.guard.draw(lambda: detailing.say(rng.choice(options), rng, {**slots, **extra}),
                                   lambda text: in_setting(text) and self.guard.affirmed_as(text, codes_in), fallback)

        def trap_name(code: str) -> str:
            written_traps.append(code)
            return _lower_first(mentions.trap_form(code, self.index, rng))

        def plain_name(code: str) -> str:  # the fallback when no frame reads as meant
            return _lower_first(mentions.shortest(code, self.index))

        lines: list[str] = []
        result_lines: dict[str, tuple[int, int]] = {}  # "labs"/"studies" -> their lines' [start, end)
        allergy = {"text": ""}  # the allergy line, once written: no plan starts a drug of its class
        used_sections: list[str] = []
        choices: list[str] = []
        upper = rng.random() < 0.2

        def header(section: dict, inline: str | None = None):
            name = rng.choice(section["headers"])
            used_sections.append(section["kind"])
            choices.append(f"{section['kind']}:{section['headers'].index(name)}")
            name = name.upper() if upper else name
            if section.get("headerless") and rng.random() < section["headerless"]:
                if inline is not None:  # a letter's paragraph: the body without a header
                    lines.append(inline)
                return
            if inline is not None and rng.random() < 0.5:
                lines.append(f"{name}: {inline}")
            else:
                lines.append(f"{name}:")
                if inline is not None:
                    lines.append(inline)

        # what a history calls the patient's background: chronic conditions and status codes, not a
        # symptom ("a background of fever") nor an acute problem of this stay ("known AKI"); those
        # are written in the assessment and diagnosis lists, which carry every code
        # nor an organism code (B95-B97: "Staphylococcus as the cause of diseases classified elsewhere"
        # is what a culture grew, not a problem with a home regimen)
        background = [c for c in others if not (c.startswith(("R", "B95", "B96", "B97")) or realism.inpatient_only(c)
                                                or re.search(r"\bacute\b", icd.description(c), re.IGNORECASE))]

        def comorbid_text(limit=3) -> str:
            picked = background[:limit]
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
                extra = {"n": str(n), "form": self.mention(code, forms, rng),
                         "plan": self.details.plan(code, rng, slots, listed, allergies=allergy["text"])}
                out.append(grammar.capitalize(framed("assessment_item", extra, written(code))))
            return out + ruled_out()

        def ruled_out() -> list[str]:
            """The assessment's lines on the conditions ruled out (a negated trap) or left open."""
            out = []
            for trap in traps["negated"][:1] + traps["uncertain"]:
                kind = context.NEGATED if trap in traps["negated"] else context.UNCERTAIN
                key = "assessment_negated" if kind == context.NEGATED else "assessment_uncertain"
                if kind == context.NEGATED and trap.startswith("R"):
                    key = "assessment_negated_symptom"  # a symptom is denied, not ruled out by imaging
                name = trap_name(trap)
                out.append(grammar.capitalize(self.guard.draw(
                    lambda: detailing.say(rng.choice(t["phrases"][key]), rng, {**slots, "trap": name}),
                    lambda text: in_setting(text) and self.guard.reads_as(text, kind),
                    detailing.say(t["phrases"][key][0], rng, {"trap": plain_name(trap)}))))
            return out

        def negations(every: bool = False) -> list[str]:
            negated = traps["negated"][1:] if len(traps["negated"]) > 1 and not every else traps["negated"]
            if not negated:
                return []
            names = _join([trap_name(c) for c in negated], rng).replace(" and ", " or ")
            return [grammar.capitalize(self.guard.draw(
                lambda: detailing.say(rng.choice(t["phrases"]["negated"]), rng, {**slots, "traps": names}),
                lambda text: self.guard.reads_as(text, context.NEGATED),
                detailing.say(t["phrases"]["negated"][0], rng,
                              {"traps": _join([plain_name(c) for c in negated], rng).replace(" and ", " or ")})))]

        def past_lines() -> list[str]:
            if not past:
                return []
            template = rng.choice(t["phrases"]["past"] + (t["phrases"]["past_malignancy"] if past["condition"].startswith("C") else []))
            if template == "{Personal history code}":
                return [grammar.capitalize(mentions.render(past["code"], self.index, rng))]
            # not "current smoker, resolved": a wording that says the condition is current is redrawn
            condition = self.guard.draw(lambda: mentions.render(past["condition"], self.index, rng, vary=0.2),
                                        lambda text: not _CURRENT.search(text),
                                        mentions.render(past["condition"], self.index, rng, vary=0.2))
            return [grammar.capitalize(grammar.expand(template, rng, {"condition": condition}))]

        def seed_treatment() -> str:
            """The treatment of the admitting problem, not a supplement or an as-needed dose
            ("Started on prenatal vitamin with improvement")."""
            orders = [m for group in matching(clinical()["meds_by_code"], [seed]) for m in group
                      if not _NOT_A_TREATMENT.search(m)]
            return detailing.sig(grammar.expand(rng.choice(orders), rng), rng, suffix=False) if orders \
                else rng.choice(["supportive care", "symptomatic treatment", "IV fluids and monitoring"])

        style = plan.get("style") or note_styles.TEMPLATE
        if style == note_styles.TEMPLATE:
            sections = list(t["note_types"][plan["note_type"]])
            i = 0
            while i < len(sections) - 2:  # order variants (allergies before medications); the last section stays last
                if rng.random() < sections[i].get("swap_next", 0.0):
                    sections[i], sections[i + 1] = sections[i + 1], sections[i]
                    i += 1  # a section moves one place at most
                i += 1
        else:  # a measured order of the style (synth/note_styles.py)
            sections = note_styles.sections(style, rng, has_past=bool(past))
        has_past_section = any(s["kind"] == "past" for s in sections)
        # how much narrative: the style's drawn length against its median (templates: as before)
        scale = note_styles.detail_scale(style, plan["style_words"]) if plan.get("style_words") else 1.0
        styled = StyledSections(NoteContext(self, rng, slots, forms, written, framed, ruled_out, negations, seed_treatment,
                                            in_setting, listed, allergy, plan["note_type"], scale))
        for section in sections:
            kind = section["kind"]
            if section.get("optional") and kind == "past" and not past:
                continue
            if section.get("optional") and kind == "family" and not traps["family"]:
                continue
            carries_codes = (kind == "past" and past) or (kind == "family" and traps["family"])
            if not carries_codes and rng.random() < section.get("skip", 0.0):
                continue  # sections a short note leaves out; never one that carries a code or trap
            if kind == "chief_complaint":
                header(section, grammar.capitalize(framed("chief_complaint", {}, written(seed))))
            elif kind in ("hpi", "subjective"):
                body = []
                if kind == "hpi":
                    key = "hpi_open" if background else "hpi_open_alone"
                    body.append(grammar.capitalize(framed(key, {"comorbid": comorbid_text()},
                                                          written(seed, *background[:3]))))
                    body += self.details.problem([seed], rng, slots, most=3)
                    if background and rng.random() < 0.6:  # how a chronic condition is going ("Home readings run in the 150s")
                        body += self.details.problem([rng.choice(background)], rng, slots, most=1)
                    body += self.details.hpi(rng, slots, seed, most=max(2, min(5, round(5 * scale))))
                else:
                    body += self.details.subjective(rng, slots) + self.details.problem([seed], rng, slots, most=1)
                    today = rng.randint(min(2, stay_days), stay_days)  # a day of the stay, never past its discharge day
                    body.append(grammar.capitalize(f"{rng.choice(['Admitted for', 'Remains inpatient for', 'Continues treatment for', f'Hospital day {today} for'])} "
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
                         for c in background] or ["No chronic conditions."]
                if rng.random() < 0.5:
                    header(section, grammar.capitalize("; ".join(items)).rstrip(".") + ".")
                else:
                    header(section)
                    lines.extend(f"- {grammar.capitalize(i)}" for i in items)
            elif kind == "past":
                header(section)
                lines.extend(past_lines())
            elif kind == "meds":
                header(section)
                lines.extend(med_lines(med_list, rng))
            elif kind == "allergies":
                allergy["text"] = self.guard.draw(lambda: grammar.pick(rng, "allergies"),  # never to a listed drug
                                                  lambda text: self.guard.clean(text) and drugs.spares_list(text, listed),
                                                  fallback="NKDA.")
                header(section, allergy["text"])
            elif kind == "social":
                header(section, self.details.social(rng, slots, codes + [tr["code"] for tr in plan["traps"]]
                                                     + ([past["condition"]] if past else [])))
            elif kind == "family":
                if traps["family"]:
                    header(section)
                    for code in traps["family"]:
                        name = trap_name(code)
                        lines.append(grammar.capitalize(self.guard.draw(
                            lambda: grammar.pick(rng, "family", {"trap": name}),
                            lambda text: self.guard.reads_as(text, context.FAMILY),
                            grammar.expand(t["phrases"]["family"][0], rng, {"trap": plain_name(code)}))))
                else:
                    header(section, self.details.one("family_none", rng, slots))
            elif kind == "ros":
                ros = self.details.ros(codes, rng, taken)
                header(section, ros[0] if len(ros) == 1 else None)
                if len(ros) > 1:
                    lines.extend(ros)
            elif kind == "vitals":
                header(section, vitals_line(codes, rng, vitals))
            elif kind == "exam":
                header(section)
                lines.extend(self.details.exam(codes, rng, taken, focused=plan["note_type"] == "progress" or scale < 0.8))
            elif kind == "labs":
                header(section)
                start = len(lines)
                lines.extend(lab_lines(codes, rng, trends=plan["note_type"] in ("progress", "discharge_summary")))
                result_lines["labs"] = (start, len(lines))
            elif kind == "studies":
                studies = self.details.studies(codes, rng, taken)
                if studies:
                    header(section)
                    result_lines["studies"] = (len(lines), len(lines) + len(studies))
                    lines.extend(studies)
            elif kind == "assessment":
                header(section)
                lines.extend(assessment())
            elif kind == "admission_dx":
                header(section, grammar.capitalize(slots["seed"]))
            elif kind == "discharge_dx":
                header(section)
                lines.extend(dx_list([seed] + others, numbered=rng.random() < 0.7))
                lines.extend(ruled_out())
            elif kind == "course":
                header(section)
                med = seed_treatment()
                course = {**slots, "med": med, "Med": grammar.capitalize(med)}
                body = [framed("course_open", course, written(seed)),
                        self.guard.draw(lambda: detailing.say(rng.choice(t["phrases"]["course_treatment"]), rng, course),
                                        fallback=f"Treated with {med}.")]
                if background:
                    body.append(grammar.capitalize(framed("course_comorbid", {"comorbid": comorbid_text(4)},
                                                          written(*background[:4]))))
                # each event falls on its own day before discharge ("{day}" in course_extra)
                body += [self.details.one("course_extra", rng, {**slots, "day": str(stay.day_before_discharge(stay_days, rng))})
                         for _ in range(rng.choice([0, 1, 1, 2, 3]))]
                body.append(detailing.say(rng.choice(t["phrases"]["course_discharge"]), rng, slots))
                body += negations()
                lines.append(" ".join(body)) if rng.random() < 0.5 else lines.extend(body)
            elif kind == "followup":
                header(section)
                lines.extend(self.details.follow_up(codes, rng, slots))
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
                minor = (plan.get("procedure") or {}).get("code") in banks.load("operative")["minor"]
                key = f"{kind}_minor" if minor and f"{kind}_minor" in t["phrases"] else kind
                if kind == "indications":
                    header(section, grammar.capitalize(framed(key, {}, written(seed))))
                else:
                    header(section, grammar.capitalize(grammar.pick(rng, key, slots)))
            elif kind in StyledSections.KINDS:
                body = styled.render(kind, [seed] + others)
                if kind in StyledSections.NO_HEADER:  # a letter's salutation and closing
                    used_sections.append(kind)
                    lines.extend(body)
                    continue
                inline = body[0] if len(body) == 1 and kind in StyledSections.INLINE else None
                header(section, inline)
                if inline is None:
                    lines.extend(body)
            elif kind == "op_details":
                header(section)
                lines.extend(self.details.operation((plan.get("procedure") or {}).get("code"), rng))
                lines.extend(negations(every=True))
            if kind == "indications" and past and not has_past_section:
                lines.extend(past_lines())  # operative notes have no history section of their own
        lines = _report_results_once(lines, result_lines)
        template_id = f"{plan['note_type']}/" + ("" if style == note_styles.TEMPLATE else f"{style}/") + ",".join(choices)
        return Rendered("\n".join(lines) + "\n", template_id, used_sections, sorted(set(written_traps)))
