"""The exam, review-of-systems and operative banks (banks/exam.yaml, ros.yaml, operative.yaml)
as details.py writes them: no wording is dead data the guard always redraws, a condition's
findings reach its notes, and the normal findings a condition rules out (synth/data/realism.yaml)
never sit beside it."""

import random
import re

import pytest

from synth import icd, realism
from synth.generate import banks, details
from synth.generate.guard import FillerGuard

# conditions with findings in several systems and a realism rule against a normal wording
RULED = ["I35.0", "I82.401", "K35.80", "R47.01", "N10", "S72.001A", "E11.42", "J90", "I50.32", "J18.9", "G20", "R41.0", "I95.9"]


@pytest.fixture(scope="module")
def writer(full_index):
    return details.Details(FillerGuard(full_index))


def _wordings(system: dict) -> list[str]:
    return system["normal"] + system["neutral"] + [w for group in (system.get("by_code") or {}).values() for w in group]


def test_every_exam_finding_can_be_written(full_index):
    """A finding the term index always reads as a code ('mild suprapubic tenderness' is R10.8A3)
    is never shown: it must be reworded, not shipped."""
    guard = FillerGuard(full_index)
    rng = random.Random(0)
    dead = [w for system in banks.load("exam")["systems"] for w in _wordings(system)
            if not any(guard.only_negated(details.say(w, rng, {"hr": "88"}), set()) for _ in range(10))]
    assert dead == []


def test_every_ros_frame_reads_its_symptoms_as_negated(full_index):
    """A frame the labeller does not read as negating ('Neg for fever') throws away every line it draws."""
    guard = FillerGuard(full_index)
    rng = random.Random(1)
    bank = banks.load("ros")
    for frame in bank["frames"]:
        for _ in range(6):
            line = details.say(frame, rng, {"label": "Constitutional", "items": "fever, chills or cough"})
            assert guard.only_negated(line, set()) and not guard.clean(line), line
    for system in bank["systems"]:
        for symptom in system["negatives"]:
            assert guard.only_negated(f"no {symptom}", set()), symptom


def test_every_operative_step_can_be_written(full_index):
    guard = FillerGuard(full_index)
    rng = random.Random(2)
    bank = banks.load("operative")
    steps = bank["opening"] + bank["closing"] + bank["opening_minor"] + bank["closing_minor"]
    steps += [s for group in bank["by_cpt"].values() for s in group]
    assert [s for s in steps if not any(guard.clean(details.say(s, rng)) for _ in range(6))] == []
    assert set(bank["minor"]) <= set(bank["by_cpt"])


def test_operative_steps_vary_as_whole_sentences_and_shared_steps_fix_no_header_fact(writer):
    """Two notes of one procedure differ in technique, not a word or two; the shared steps never
    state the anesthetic, blood loss or position, which the note's own lines and the procedure's
    steps state ('Anesthesia: Local' beside 'General endotracheal anesthesia was induced')."""
    rng = random.Random(3)
    knees = {" ".join(writer.operation("27447", rng)) for _ in range(30)}
    assert len(knees) == 30
    firsts = {writer.operation("27447", random.Random(s))[-1] for s in range(40)}
    assert len(firsts) > 5
    bank = banks.load("operative")
    shared = " ".join(bank["opening"] + bank["closing"] + bank["opening_minor"] + bank["closing_minor"]).lower()
    assert not re.search(r"anesthesia was induced|spinal anesthesia|blood loss was|extubated|decubitus|supine", shared)


@pytest.mark.parametrize("code, words", [
    ("I82.401", ["calf", "swollen"]), ("K85.90", ["epigastric", "upper abdomen", "leaning", "curled"]),
    ("G47.33", ["mallampati", "neck circumference"]), ("R10.31", ["lower quadrant"]), ("F17.210", ["tobacco", "cigarette", "nicotine"]),
    ("I95.9", ["pale", "thready", "weak radial", "cool hands"]), ("A69.20", ["erythema"]),
])
def test_a_covered_condition_shows_its_findings(writer, code, words):
    rng = random.Random(4)
    taken = {icd.category(code)}
    writer.start_note([code], set(), {"hr": 96, "temp": 37.0})
    text = " ".join(line for _ in range(25) for line in writer.exam([code], rng, taken)).lower()
    assert any(w in text for w in words), code


@pytest.mark.parametrize("code", RULED)
def test_exam_and_ros_never_state_what_the_condition_rules_out(writer, code):
    """The generator applies realism.yaml: 'no murmurs' never beside aortic stenosis, 'calves soft'
    never beside a leg clot, 'soft, nontender' never beside appendicitis, 'speech fluent' never
    beside aphasia (the normal line is drawn 15% of the time even when the condition has findings)."""
    rng = random.Random(5)
    taken = {icd.category(code)}
    patterns = realism.ruled_out([code], set())
    assert patterns
    for _ in range(60):
        writer.start_note([code], set(), {"hr": 84, "temp": 37.0})
        for line in writer.exam([code], rng, taken) + writer.ros([code], rng, taken):
            assert not any(p.search(line) for p in patterns), (code, line)


@pytest.mark.parametrize("code, exam, rule", [
    ("I35.0", "CV: RRR, no murmurs.", "no murmur beside a valve lesion"),
    ("I82.401", "Extremities: calves soft and nontender.", "soft calves beside a leg clot"),
    ("K35.80", "Abdomen: soft, nontender, nondistended.", "nontender abdomen beside an acute abdomen"),
    ("R47.01", "Neuro: fluent speech, CN II-XII intact.", "normal speech beside a speech disturbance"),
    ("I50.32", "Extremities: no pedal edema.", "no edema beside heart failure or edema"),
    ("H61.21", "HEENT: tympanic membranes pearly gray with normal landmarks.", "clear ear canals beside an ear problem"),
])
def test_the_checker_flags_a_normal_finding_the_condition_rules_out(code, exam, rule):
    text = f"Chief Complaint: follow-up.\nPhysical Exam:\n{exam}\n"
    assert f"exam vs condition: {rule}" in realism.check(text, code, [code])
    assert realism.check(text, "Z00.00", ["Z00.00"]) == []


@pytest.mark.parametrize("code, side, other, what", [("S72.001A", "right", "left", "leg shortened"), ("S72.002A", "left", "right", "leg shortened"),
                                                      ("I82.412", "left", "right", "leg swollen"), ("H61.21", "right", "left", "canal")])
def test_a_finding_names_the_side_its_code_states(writer, code, side, other, what):
    """S72.001A is the right femur: a coding model must never read 'left leg shortened' beside it."""
    assert details.side_of(code) == side and details.side_of("J18.9") == ""
    rng = random.Random(6)
    text = ""
    for _ in range(40):
        writer.start_note([code], set(), {"hr": 84, "temp": 37.0})
        text += " ".join(writer.exam([code], rng, {icd.category(code)})).lower() + " "
    assert f"{side} {what}" in text and f"{other} {what}" not in text


def test_an_unlateralized_condition_keeps_one_side_within_a_note(writer):
    rng = random.Random(7)
    seen = set()
    for _ in range(40):
        writer.start_note(["N10"], set(), {"hr": 84, "temp": 38.4})
        findings = [writer._findings(s, ["N10"], rng, {"N10"}) for s in banks.load("exam")["systems"] if s["labels"][0] == "Abdomen"] * 3
        sides = {w for f in findings for line in f for w in re.findall(r"\b(right|left)\b", line)}
        assert len(sides) <= 1
        seen |= sides
    assert seen == {"right", "left"}  # drawn per note, not fixed


def test_gu_and_rectal_exams_only_when_the_problem_calls_for_one(writer):
    rng = random.Random(8)
    plain = " ".join(line for _ in range(60) for line in writer.exam(["J18.9"], rng, {"J18"}))
    prostate = " ".join(line for _ in range(60) for line in writer.exam(["N40.0"], rng, {"N40"}))
    assert not re.search(r"\b(GU|Genitourinary|Rectal|DRE):", plain, re.IGNORECASE)
    assert "prostate about" in prostate


@pytest.mark.parametrize("code, where, never", [("R10.12", "left upper quadrant", "right upper quadrant"),
                                                ("R10.31", "right lower quadrant", "left lower quadrant"),
                                                ("R10.816", "epigastri", "lower quadrant")])
def test_abdominal_findings_are_where_the_code_says(writer, code, where, never):
    rng = random.Random(9)
    writer.start_note([code], set(), {"hr": 84, "temp": 37.0})
    text = " ".join(line for _ in range(30) for line in writer.exam([code], rng, {"R10"})).lower()
    assert where in text and never not in text


def test_a_ros_line_may_state_normal_function_but_never_on_a_denied_topic(writer):
    """'GI: denies constipation. Bowel movements regular.' is fine; 'denies decreased appetite.
    Appetite good.' says it twice; a hip fracture never 'climbs two flights of stairs'."""
    rng = random.Random(10)
    statements = {s.split("{")[0].strip().lower(): s for system in banks.load("ros")["systems"] for s in system.get("normals", ())}
    lines = []
    for _ in range(120):
        writer.start_note(["I10"], set(), {"hr": 80, "temp": 36.8})
        lines += writer.ros(["I10"], rng, {"I10"})
    stated = [line for line in lines if any(f". {s[:1].upper()}{s[1:]}" in line for s in statements)]
    assert len(stated) > 10
    negatives = [n for system in banks.load("ros")["systems"] for n in system["negatives"]]
    for line in stated:
        denied, _, said = line.partition(". ")
        named = set().union(*(details.finding_words(n) for n in negatives if n in denied))
        assert named and not named & details.finding_words(said), line
    for _ in range(60):
        writer.start_note(["S72.001A"], set(), {"hr": 80, "temp": 36.8})
        assert not any("flights of stairs" in line or "walking at baseline" in line for line in writer.ros(["S72.001A"], rng, {"S72"}))
