import random
import re

from synth import cooccurrence, terms
from synth.generate import engine, measurements, notes
from synth.label.labeller import Labeller

CATALOG = {"47562": {"long": "Laparoscopic removal of the gallbladder (demo wording)", "short": "Lap cholecystectomy"}}


def _notes(full_index, n=40, seed=5):
    model = cooccurrence.build_model(None)
    writer = engine.NoteWriter(full_index)
    rng = random.Random(seed)
    out = []
    for s in ["K80.20", "I50.32", "E11.22", "J44.1", "C50.911", "I10", "N39.0", "M17.11"] * (n // 8):
        plan = notes.plan_note(s, model, full_index, rng, CATALOG)
        out.append((plan, notes.generate_note(plan, writer, rng)))
    return out


def test_generation_is_deterministic(full_index):
    assert [g["text"] for _, g in _notes(full_index, 16)] == [g["text"] for _, g in _notes(full_index, 16)]
    assert [g["text"] for _, g in _notes(full_index, 16)] != [g["text"] for _, g in _notes(full_index, 16, seed=6)]


def test_every_intended_code_is_written_and_traps_are_never_intended(full_index):
    for plan, note in _notes(full_index):
        assert note["intended_icd10cm"] == plan["codes"]
        trap_codes = {t["code"] for t in note["traps"]}
        assert not trap_codes & set(note["intended_icd10cm"])
    # Every intended code is written so that the labeller reads exactly it back: combination
    # codes (I11-I13, E11.x, J44.x) and personal-history codes (Z8x) included, no exemptions.
    # One note differs (the pipeline discards such a note, synth/pipeline.mismatch): E11.22 is
    # written through its first part ("non-insulin dependent diabetes", the CKD link presumed)
    # beside E11.65, which supersedes the E11.9 that wording reads as, so the labeller never
    # combines it with N18.31 (note 26 until the ED course's care events moved the draws). (Before the operative notes grew more common and moved the draws,
    # note 25's "chronic kidney disease stage 3" was not read with index terms off, so I13.0 read
    # as I11.0; before the longer ED histories, note 33's "chronic AFib, unspecified" read as
    # I48.91: known labeller ambiguities.) Pinned exactly: which notes
    # differed once changed with the suite's order because terms.full_index() was cached once per
    # process, whatever the index-terms setting (tests/flows' synth run built it with them on); it
    # is now cached per index-terms file (test_index_forms), so this is the same in any order.
    labeller = Labeller(full_index)
    differ = {}
    for number, (plan, note) in enumerate(_notes(full_index)):
        labelled = {c["code"] for c in labeller.label(note["text"]).icd10cm}
        intended = set(note["intended_icd10cm"])
        if labelled != intended:
            differ[number] = {"unread": sorted(intended - labelled), "extra": sorted(labelled - intended)}
    assert differ == {34: {"unread": ["E11.22"], "extra": []}}


def test_note_types_sections_and_hard_cases_appear(full_index):
    generated = _notes(full_index, 80)
    types = {p["note_type"] for p, _ in generated}
    assert types == {"history_physical", "progress", "discharge_summary", "operative"}
    kinds = {t["kind"] for _, g in generated for t in g["traps"]}
    assert kinds == {"negated", "family", "uncertain"}
    assert any(p["past"] for p, _ in generated)
    operative = [g for p, g in generated if p["note_type"] == "operative"]
    assert all(g["intended_cpt"] == ["47562"] and "gallbladder" in g["text"].lower() for g in operative)


def test_labeller_recovers_intended_codes_from_text_alone(full_index):
    generated = _notes(full_index, 40)
    labeller = Labeller(full_index)
    results = labeller.label_many([g["text"] for _, g in generated])
    tp = fp = fn = 0
    for (_, g), r in zip(generated, results):
        want, got = set(g["intended_icd10cm"]), {c["code"] for c in r.icd10cm}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        assert not {t["code"] for t in g["traps"]} & got
    assert 2 * tp / (2 * tp + fp + fn) >= 0.95


def test_sections_headers_and_order_vary_between_notes(full_index):
    generated = [g for p, g in _notes(full_index, 80) if p["note_type"] == "history_physical"]
    assert len({tuple(g["sections"]) for g in generated}) >= 3  # optional sections and order variants
    # a template note's header spellings and order variants make its id unique (a consult letter,
    # mostly paragraphs without headers, has far fewer choices to tell it apart)
    templated = [g for g in generated if g["template_id"].count("/") == 1]
    assert len(templated) >= 10 and len({g["template_id"] for g in templated}) == len(templated)
    first_lines = {g["text"].split(":")[0] for g in generated}
    assert len(first_lines) >= 3  # "Chief Complaint", "CC", "Reason for Visit" ...


_MALE = re.compile(r"\b(he|his|him|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
# a sentence about a relative may carry the relative's own pronoun ("Father ... in his sixties")
_MALE_RELATIVE = re.compile(r"\b(father|brother|son|husband|grandson|uncle|nephew)\b", re.IGNORECASE)
_FEMALE_RELATIVE = re.compile(r"\b(mother|sister|daughter|wife|granddaughter|aunt|niece)\b", re.IGNORECASE)


def test_pronouns_follow_the_patients_sex(full_index):
    generated = _notes(full_index, 80, seed=21) + _notes(full_index, 40, seed=22)
    sexes = set()
    for plan, note in generated:
        sexes.add(plan["sex"])
        assert "{" not in note["text"] and "}" not in note["text"]
        wrong, relative = (_MALE, _MALE_RELATIVE) if plan["sex"] == "female" else (_FEMALE, _FEMALE_RELATIVE)
        for sentence in re.split(r"(?<=[.:;])\s+|\n", note["text"]):
            assert not wrong.search(sentence) or relative.search(sentence), (plan["sex"], sentence)
    assert sexes == {"female", "male"}


def test_plans_name_only_drugs_the_medication_list_carries(full_index):
    from synth.generate import drugs, engine

    writer = engine.NoteWriter(full_index)
    checked = 0
    for seed in range(60):
        rng = random.Random(seed)
        listed = [drugs.order_drug(o) for o in measurements.med_orders(["F32.9", "I10", "E78.5", "I48.0"], rng)]
        for code in ("F32.9", "I10", "E78.5", "I48.0"):
            plan = writer.details.plan(code, rng, None, listed)
            checked += bool(drugs.named(plan))
            assert drugs.fits_list(plan, listed), (plan, listed)
    assert checked >= 10  # the check is not vacuous: plans do name drugs, the listed ones


def test_allergies_spare_the_medication_list_and_a_past_condition_is_never_current(full_index):
    from synth.generate import drugs

    allergy_lines = pasts = 0
    for plan, note in _notes(full_index, 80, seed=23):
        lines = note["text"].split("\n")
        meds = [drugs.order_drug(l.lstrip("-*0123456789. ")) for l in lines if re.search(r"\d+ ?(mg|mcg|units|g)\b", l)]
        for line in lines:
            if re.match(r"(?i)(allergies|allergy|drug allergies)[^:]*:", line):
                allergy_lines += 1
                assert drugs.spares_list(line, meds), (line, meds)
        for line in lines:
            if re.search(r"resolved|remission|no recurrence|treated", line, re.IGNORECASE) and plan.get("past"):
                pasts += 1
                assert not re.search(r"\bcurrent\b", line, re.IGNORECASE), line
    assert allergy_lines > 10 and pasts > 5


def test_a_past_condition_is_one_of_the_patients_sex(full_index):
    """No 'prostate cancer, resolved' in a woman's note."""
    generated = _notes(full_index, 160, seed=24)
    pasts = [(p["sex"], p["past"]["condition"]) for p, _ in generated if p["past"]]
    assert len(pasts) > 30
    assert all(notes.sex_of([condition]) in (None, sex) for sex, condition in pasts), pasts


def test_a_tachycardia_note_has_a_fast_heart_rate():
    rng = random.Random(3)
    for _ in range(40):
        line = measurements.vitals_line(["R00.0"], rng)
        rates = [int(r) for r in re.findall(r"(?:HR|Pulse|P|heart rate) (\d+)", line)]
        assert rates and all(r > 95 for r in rates), line


def test_a_sex_neutral_code_is_not_worded_for_the_other_sex(full_index):
    writer = engine.NoteWriter(full_index)
    writer._sex = "male"
    rng = random.Random(5)
    words = set()
    for _ in range(60):
        writer._named = {}  # each wording as the first of a new note
        words.add(writer.mention("M81.0", {}, rng).lower())
    assert len(words) > 2 and not any("menopaus" in w for w in words), words


def test_a_heart_rate_range_around_a_normal_rate_stays_normal():
    rng = random.Random(4)
    for _ in range(200):
        values = measurements.draw_vitals(["I10"], rng)
        values["hr"] = 96.0
        line = measurements.vitals_line(["I10"], rng, values)
        for low, high in re.findall(r"HR (\d+)-(\d+)", line):
            assert 60 <= int(low) and int(high) <= 100, line


def test_a_code_keeps_its_wording_within_a_note(full_index):
    """Later mentions shorten or lengthen the first one; never another inclusion term."""
    for plan, note in _notes(full_index, 40, seed=31):
        for code in plan["codes"]:
            forms = {m.form for line in note["text"].split("\n") for m in full_index.find(terms.tokens(line)) if m.code == code}
            words = [frozenset(f) for f in forms]
            assert all(a <= b or b <= a for a in words for b in words), (code, forms)


def test_a_history_lists_chronic_background_not_symptoms_or_acute_problems(full_index):
    """No 'Past medical history: fever (chronic)' nor 'known acute kidney failure'."""
    from synth import realism

    model = cooccurrence.build_model(None)
    model.learn([["K80.20", "R50.9", "R10.9", "E78.5"], ["A41.9", "N17.9", "E11.9"]] * 30, "test")
    writer = engine.NoteWriter(full_index)
    rng = random.Random(12)
    pmh_codes = set()
    for i in range(60):
        plan = notes.plan_note(["K80.20", "A41.9"][i % 2], model, full_index, rng, CATALOG)
        text = notes.generate_note(plan, writer, rng)["text"]
        sections = realism._sections(text)
        for line in sections.get("pmh", []):
            pmh_codes |= {m.code for m in full_index.find(terms.tokens(line))}
    assert pmh_codes and not any(c.startswith("R") or realism.inpatient_only(c) for c in pmh_codes), pmh_codes


def test_each_line_is_tagged_with_the_section_that_wrote_it(full_index):
    """Rendered.line_kinds: one kind per line of the text (after a study line reported twice is
    dropped), the kinds of the note's sections, each section's lines together."""
    model = cooccurrence.build_model(None)
    writer = engine.NoteWriter(full_index)
    rng = random.Random(3)
    for seed in ["K80.20", "I50.32", "E11.22", "J44.1", "C50.911", "I10", "N39.0", "M17.11"] * 2:
        plan = notes.plan_note(seed, model, full_index, rng, CATALOG)
        rendered = writer.write(plan, rng)
        lines = rendered.text.rstrip("\n").split("\n")
        assert len(rendered.line_kinds) == len(lines)
        assert set(rendered.line_kinds) <= set(rendered.sections)
        runs = [k for i, k in enumerate(rendered.line_kinds) if i == 0 or rendered.line_kinds[i - 1] != k]
        assert len(runs) == len(set(runs))  # a section's lines are not split
