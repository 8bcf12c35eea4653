"""Condition-specific studies and plans (banks/studies.yaml, banks/plans.yaml): every entry can be
written past the guard, a covered condition's note carries its own tests and plans, and a study
never contradicts the note's conditions, vital signs or setting."""

import random
import re

from synth import icd
from synth.generate import banks, details
from synth.generate.guard import FillerGuard


def _details(index):
    return details.Details(FillerGuard(index))


def test_every_condition_study_and_plan_can_be_written(full_index):
    """A wording the guard rejects on every draw is dead data (it names a condition: "ST
    depression" reads as depression, "sleep apnea test" as sleep apnea)."""
    guard = FillerGuard(full_index)
    rng = random.Random(3)
    slots = {"hr": "84", "rhythm": "sinus rhythm"}
    dead = []
    for prefix, wordings in banks.load("studies")["by_code"].items():
        taken = {icd.category(prefix)} if len(prefix) >= 3 else set()
        dead += [w for w in wordings if not any(guard.only_negated(details.say(w, rng, slots), taken) for _ in range(12))]
    for wordings in banks.load("plans")["by_code"].values():
        dead += [w for w in wordings if not any(guard.clean(details.say(w, rng)) for _ in range(12))]
    assert dead == []


def test_a_covered_condition_gets_its_own_studies(full_index):
    d = _details(full_index)
    rng = random.Random(4)
    for codes, words in ((["N20.1"], ("ureterovesical", "KUB")), (["G47.33"], ("AHI",)),
                         (["K21.9"], ("endoscopy", "pH monitoring")), (["Z87.891"], ("Lung-RADS",)),
                         (["I82.90"], ("noncompressible",)), (["E87.5"], ("T waves",))):
        d.start_note(codes, set(), {"hr": 80.0, "temp": 36.8})
        text = " ".join(line for _ in range(20) for line in d.studies(codes, rng, {icd.category(c) for c in codes}))
        assert any(w in text for w in words), (codes, text[:300])


def test_a_covered_condition_gets_its_own_plans(full_index):
    d = _details(full_index)
    rng = random.Random(5)
    for code, words in (("F10.10", ("naltrexone", "acamprosate", "thiamine", "addiction")),
                        ("N20.1", ("tamsulosin", "strain urine", "24-hour urine", "ketorolac")),
                        ("A15.0", ("isolation", "health department", "contact tracing", "public health"))):
        text = " ".join(d.plan(code, rng) for _ in range(30)).lower()
        assert any(w.lower() in text for w in words), (code, text[:300])


def test_studies_never_contradict_the_conditions():
    """No clear chest film beside pneumonia, no sinus rhythm or PR interval beside atrial fibrillation."""
    from synth import terms

    d = _details(terms.TermIndex.build(["J18.9", "I48.91", "R50.9"]))
    rng = random.Random(6)
    clear = re.compile(r"lungs clear|clear lungs|no acute (cardiopulmonary )?(process|findings)|no focal", re.IGNORECASE)
    for codes, banned in ((["J18.9"], clear), (["I48.91"], re.compile(r"\bsinus\b|\bPR \d"))):
        d.start_note(codes, set(), {"hr": 92.0, "temp": 37.0})
        lines = [line for _ in range(80) for line in d.studies(codes, rng, {icd.category(c) for c in codes})]
        assert lines and not [line for line in lines if banned.search(line)]


def test_an_ecg_quotes_the_rate_of_the_vitals(small_index):
    d = _details(small_index)
    rng = random.Random(7)
    for hr in (118.0, 52.0, 74.0):
        d.start_note(["E78.5"], set(), {"hr": hr, "temp": 36.9})
        ecgs = [line for _ in range(120) for line in d.studies(["E78.5"], rng, {"E78"}) if line.startswith("ECG")]
        assert ecgs
        for line in ecgs:
            assert re.findall(r"\b(?:at|rate) (\d+)", line) == [str(int(hr))], line
            assert ("sinus rhythm" in line) == (60 <= hr <= 100) or "rhythm" not in line, line


def test_a_clinic_note_reports_no_inpatient_study(small_index):
    """R55 has a telemetry result; a clinic visit (other setting: inpatient) never shows it."""
    d = _details(small_index)
    rng = random.Random(8)
    d.start_note(["R55"], set(), {"hr": 76.0, "temp": 36.8}, other_setting="inpatient")
    clinic = [line for _ in range(80) for line in d.studies(["R55"], rng, {"R55"})]
    d.start_note(["R55"], set(), {"hr": 76.0, "temp": 36.8})
    ward = [line for _ in range(80) for line in d.studies(["R55"], rng, {"R55"})]
    assert not any("Telemetry" in line for line in clinic)
    assert any("Telemetry" in line for line in ward)  # the check above could fail


def test_a_chapter_plan_stays_in_its_block(full_index):
    """Block plans: no haematology referral for a naevus, no eye drops for hearing loss, no nephrotoxin
    advice for painful periods, no antifungal for hepatitis; each block still gets its own."""
    d = _details(full_index)
    rng = random.Random(9)
    for code, never, block_word in (("D22.9", "hematology", None), ("H91.90", "drops", None), ("N94.6", "nephrotoxic", None),
                                    ("B15.9", "antifungal", None), ("D64.9", "nephrotoxic", "hematology"),
                                    ("H10.9", "audiology", "ophthalmology"), ("N18.30", "gynecology", "nephrology")):
        plans = " ".join(d.plan(code, rng) for _ in range(80)).lower()
        assert never not in plans, (code, never)
        assert block_word is None or block_word in plans, (code, block_word)


def test_a_conditions_own_studies_survive_its_contradictions():
    """An entry its own prefix rules out on every draw is dead data (a wording and a rule disagree)."""
    bank = banks.load("studies")
    rng = random.Random(10)
    slots = {"hr": "80", "rhythm": "sinus rhythm"}
    dead = []
    for prefix, wordings in bank["by_code"].items():
        rules = [re.compile(p, re.IGNORECASE) for group in banks.matching(bank["contradicts"], [prefix]) for p in group]
        dead += [w for w in wordings if all(any(r.search(details.say(w, rng, slots)) for r in rules) for _ in range(12))]
    assert dead == []


def test_a_specific_plan_sometimes_takes_two_actions_that_each_fit_the_list(full_index):
    """Two actions for one problem, each agreeing with the medication list on its own: never a
    second part that keeps or holds a drug the list does not carry."""
    from synth.generate import drugs

    d = _details(full_index)
    rng = random.Random(11)
    listed = ["tamsulosin"]
    plans = [d.plan("N20.1", rng, listed=listed) for _ in range(200)]
    doubles = [p for p in plans if re.search(r"\.\s+[A-Z0-9]", p.rstrip("."))]
    assert 5 <= len(doubles) < 100  # two actions only from the code's own entries, sharing no topic
    for plan in doubles:
        for part in re.split(r"(?<=\.)\s+(?=[A-Z])", plan):
            assert drugs.fits_list(part, listed), plan
        assert "start tamsulosin" not in plan.lower()
        first, second = re.split(r"(?<=\.)\s+(?=[A-Z0-9])", plan, maxsplit=1)
        assert not details._topic_words(first) & details._topic_words(second), plan
