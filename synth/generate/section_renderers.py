"""One small renderer per section kind, registered by name: ``NoteWriter.write`` looks the
section's kind up in ``RENDERERS`` and calls it with the note's ``WriteContext``.

A renderer writes its header (``ctx.header``) and lines; it draws from ``ctx.rng`` only, in
a fixed order, so the same plan and seed give the same note. The style sections of
synth/generate/styled.py (SOAP by problem, ED note, letter, nursing note) are one more
renderer (``styled``) for each of their kinds. To add a section kind: write a function here
with ``@renders("kind")`` and use the kind in templates.yaml or a style's section order.
"""

from __future__ import annotations

from typing import Callable

from synth import note_styles
from synth.generate import banks, details as detailing, drugs, grammar, mentions, stay
from synth.generate.measurements import lab_lines, med_lines, vitals_line
from synth.generate.note_context import WriteContext
from synth.generate.styled import StyledSections
from synth.label import context

Renderer = Callable[[WriteContext, dict], None]
RENDERERS: dict[str, Renderer] = {}


def renders(*kinds: str) -> Callable[[Renderer], Renderer]:
    def register(function: Renderer) -> Renderer:
        for kind in kinds:
            if kind in RENDERERS:
                raise ValueError(f"section kind {kind!r} has two renderers")
            RENDERERS[kind] = function
        return function
    return register


def renderer_for(kind: str) -> Renderer | None:
    """The renderer of a section kind; None for a kind nothing writes (skipped, as before)."""
    return RENDERERS.get(kind) or (styled if kind in StyledSections.KINDS else None)


@renders("chief_complaint")
def chief_complaint(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, grammar.capitalize(ctx.framed("chief_complaint", {}, ctx.written(ctx.seed))))


@renders("hpi", "subjective")
def history(ctx: WriteContext, section: dict) -> None:
    rng, slots, seed, details = ctx.rng, ctx.slots, ctx.seed, ctx.writer.details
    body = []
    if section["kind"] == "hpi":
        key = "hpi_open" if ctx.background else "hpi_open_alone"
        body.append(grammar.capitalize(ctx.framed(key, {"comorbid": ctx.comorbid_text()},
                                                  ctx.written(seed, *ctx.background[:3]))))
        body += details.problem([seed], rng, slots, most=max(3, round(3 * ctx.scale)))
        # how chronic conditions are going ("Home readings run in the 150s"): one, or more in a long note
        for code in rng.sample(ctx.background, min(len(ctx.background), max(1, round(ctx.scale)))):
            if rng.random() < 0.6:
                body += details.problem([code], rng, slots, most=1)
        body += details.hpi(rng, slots, seed, most=max(2, min(12, round(5 * ctx.scale))))
    else:
        styled = ctx.style != note_styles.TEMPLATE  # a SOAP note's S at its measured length: the interval story
        body += details.subjective(rng, slots) + details.problem([seed], rng, slots,
                                                                 most=max(1, round(2 * ctx.scale)) if styled else 1)
        if styled:
            body += details.hpi(rng, slots, seed, most=max(1, min(6, round(2.5 * ctx.scale))))
        today = rng.randint(min(2, ctx.stay_days), ctx.stay_days)  # a day of the stay, never past its discharge day
        body.append(grammar.capitalize(f"{rng.choice(['Admitted for', 'Remains inpatient for', 'Continues treatment for', f'Hospital day {today} for'])} "
                                       f"{slots['seed'] if rng.random() < 0.5 else ctx.mention(seed)}."))
    unspec = mentions.unspecified_sibling(seed, ctx.writer.index) if ctx.plan.get("repeat_unspecified") else None
    if unspec:
        body.append(grammar.pick(rng, "specific_repeat", {"unspec": mentions.render(unspec, ctx.writer.index, rng)}))
    body += ctx.negations()
    paragraph = rng.random() < 0.6
    ctx.header(section, " ".join(body) if paragraph else None)
    if not paragraph:
        ctx.lines.extend(body)


@renders("pmh")
def past_medical_history(ctx: WriteContext, section: dict) -> None:
    rng = ctx.rng
    items = [grammar.expand(rng.choice(ctx.templates["phrases"]["pmh_item"]), rng, {"form": ctx.mention(c)})
             for c in ctx.background] or ["No chronic conditions."]
    if rng.random() < 0.5:
        ctx.header(section, grammar.capitalize("; ".join(items)).rstrip(".") + ".")
    else:
        ctx.header(section)
        ctx.lines.extend(f"- {grammar.capitalize(i)}" for i in items)


@renders("past")
def past(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.past_lines())


@renders("meds")
def medications(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(med_lines(ctx.med_list, ctx.rng))


@renders("allergies")
def allergies(ctx: WriteContext, section: dict) -> None:
    guard = ctx.writer.guard
    ctx.allergy["text"] = guard.draw(lambda: grammar.pick(ctx.rng, "allergies"),  # never to a listed drug
                                     lambda text: guard.clean(text) and drugs.spares_list(text, ctx.listed),
                                     fallback="NKDA.")
    ctx.header(section, ctx.allergy["text"])


@renders("social")
def social(ctx: WriteContext, section: dict) -> None:
    plan, past = ctx.plan, ctx.past
    ctx.header(section, ctx.writer.details.social(ctx.rng, ctx.slots, ctx.codes + [tr["code"] for tr in plan["traps"]]
                                                  + ([past["condition"]] if past else [])))


@renders("family")
def family(ctx: WriteContext, section: dict) -> None:
    rng, guard = ctx.rng, ctx.writer.guard
    if not ctx.traps["family"]:
        ctx.header(section, ctx.writer.details.one("family_none", rng, ctx.slots))
        return
    ctx.header(section)
    for code in ctx.traps["family"]:
        name = ctx.trap_name(code)
        ctx.lines.append(grammar.capitalize(guard.draw(
            lambda: grammar.pick(rng, "family", {"trap": name}),
            lambda text: guard.reads_as(text, context.FAMILY),
            grammar.expand(ctx.templates["phrases"]["family"][0], rng, {"trap": ctx.plain_name(code)}))))


@renders("ros")
def review_of_systems(ctx: WriteContext, section: dict) -> None:
    ros = ctx.writer.details.ros(ctx.codes, ctx.rng, ctx.taken, ctx.scale)
    ctx.header(section, ros[0] if len(ros) == 1 else None)
    if len(ros) > 1:
        ctx.lines.extend(ros)


@renders("vitals")
def vitals(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, vitals_line(ctx.codes, ctx.rng, ctx.vitals))


@renders("exam")
def exam(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.writer.details.exam(ctx.codes, ctx.rng, ctx.taken,
                                             # a long progress note examines more than the core systems
                                             focused=ctx.scale < 0.8 or (ctx.plan["note_type"] == "progress" and ctx.scale < 1.3),
                                             thorough=ctx.scale >= 1.5))


@renders("labs")
def labs(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    start = len(ctx.lines)
    ctx.lines.extend(lab_lines(ctx.codes, ctx.rng, trends=ctx.plan["note_type"] in ("progress", "discharge_summary")))
    ctx.result_lines["labs"] = (start, len(ctx.lines))


@renders("studies")
def studies(ctx: WriteContext, section: dict) -> None:
    found = ctx.writer.details.studies(ctx.codes, ctx.rng, ctx.taken)
    if found:
        ctx.header(section)
        ctx.result_lines["studies"] = (len(ctx.lines), len(ctx.lines) + len(found))
        ctx.lines.extend(found)


@renders("assessment")
def assessment(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.assessment())


@renders("admission_dx")
def admission_diagnosis(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, grammar.capitalize(ctx.slots["seed"]))


@renders("discharge_dx")
def discharge_diagnoses(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.dx_list([ctx.seed] + ctx.others, numbered=ctx.rng.random() < 0.7))
    ctx.lines.extend(ctx.ruled_out())


@renders("course")
def hospital_course(ctx: WriteContext, section: dict) -> None:
    rng, slots, phrases = ctx.rng, ctx.slots, ctx.templates["phrases"]
    ctx.header(section)
    med = ctx.seed_treatment()
    course = {**slots, "med": med, "Med": grammar.capitalize(med)}
    body = [ctx.framed("course_open", course, ctx.written(ctx.seed)),
            ctx.writer.details.draw(lambda: detailing.say(rng.choice(phrases["course_treatment"]), rng, course),
                                    fallback=f"Treated with {med}.")]
    if ctx.background:
        body.append(grammar.capitalize(ctx.framed("course_comorbid", {"comorbid": ctx.comorbid_text(4)},
                                                  ctx.written(*ctx.background[:4]))))
    # each event falls on its own day before discharge ("{day}" in course_extra)
    body += [ctx.writer.details.one("course_extra", rng, {**slots, "day": str(stay.day_before_discharge(ctx.stay_days, rng))})
             for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    body.append(ctx.writer.details.draw(lambda: detailing.say(rng.choice(phrases["course_discharge"]), rng, slots),
                                        lambda text: True) or detailing.say(phrases["course_discharge"][0], rng, slots))
    body += ctx.negations()
    ctx.lines.append(" ".join(body)) if rng.random() < 0.5 else ctx.lines.extend(body)


@renders("followup")
def follow_up(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.writer.details.follow_up(ctx.codes, ctx.rng, ctx.slots))


@renders("preop_dx", "postop_dx")
def operative_diagnoses(ctx: WriteContext, section: dict) -> None:
    rng, kind, others = ctx.rng, section["kind"], ctx.others
    items = ctx.dx_list([ctx.seed] + (others if kind == "preop_dx" else []), numbered=len(others) > 0 and kind == "preop_dx")
    if kind == "postop_dx" and rng.random() < 0.5:
        items = ["Same as preoperative diagnosis."] if rng.random() < 0.5 else items
    ctx.header(section, items[0] if len(items) == 1 else None)
    if len(items) > 1:
        ctx.lines.extend(items)


@renders("procedure")
def procedure(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, ctx.plan["procedure"]["text"] if ctx.plan.get("procedure") else "Procedure as planned.")


def _operative_key(ctx: WriteContext, kind: str) -> str:
    minor = (ctx.plan.get("procedure") or {}).get("code") in banks.load("operative")["minor"]
    return f"{kind}_minor" if minor and f"{kind}_minor" in ctx.templates["phrases"] else kind


@renders("anesthesia", "op_findings", "ebl", "complications")
def operative_fact(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, grammar.capitalize(grammar.pick(ctx.rng, _operative_key(ctx, section["kind"]), ctx.slots)))


@renders("indications")
def indications(ctx: WriteContext, section: dict) -> None:
    ctx.header(section, grammar.capitalize(ctx.framed(_operative_key(ctx, "indications"), {}, ctx.written(ctx.seed))))
    if ctx.past and not ctx.has_past_section:
        ctx.lines.extend(ctx.past_lines())  # operative notes have no history section of their own


@renders("op_details")
def operation(ctx: WriteContext, section: dict) -> None:
    ctx.header(section)
    ctx.lines.extend(ctx.writer.details.operation((ctx.plan.get("procedure") or {}).get("code"), ctx.rng))
    ctx.lines.extend(ctx.negations(every=True))


def styled(ctx: WriteContext, section: dict) -> None:
    """A style section (synth/generate/styled.py: SOAP by problem, ED note, letter, nursing)."""
    kind = section["kind"]
    body = ctx.styled.render(kind, [ctx.seed] + ctx.others)
    if kind in StyledSections.NO_HEADER:  # a letter's salutation and closing
        ctx.used_sections.append(kind)
        ctx.lines.extend(body)
        return
    inline = body[0] if len(body) == 1 and kind in StyledSections.INLINE else None
    ctx.header(section, inline)
    if inline is None:
        ctx.lines.extend(body)
