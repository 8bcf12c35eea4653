"""Home and discharge medication lists carry no hospital-only orders; a progress note may."""

import random

from synth import cooccurrence, realism
from synth.generate import engine, measurements, notes


def test_hospital_only_orders_are_recognised():
    assert measurements.inpatient_order("ceftriaxone 1 g IV daily")
    assert measurements.inpatient_order("vancomycin per pharmacy dosing")
    assert measurements.inpatient_order("norepinephrine infusion titrated to MAP above 65")
    assert not measurements.inpatient_order("infliximab 5 mg/kg IV every 8 weeks")  # infusion centre
    assert not measurements.inpatient_order("levofloxacin 750 mg PO daily")
    assert not measurements.inpatient_order("Vitamin D3 1000 units daily")  # "IV" only as a whole word


def test_outpatient_lists_drop_hospital_only_orders():
    rng = random.Random(5)
    for _ in range(30):
        orders = measurements.med_orders(["A41.9", "J18.9"], rng, outpatient=True)
        assert orders and not any(measurements.inpatient_order(o) for o in orders), orders
    inpatient = [o for _ in range(30) for o in measurements.med_orders(["A41.9", "J18.9"], rng)]
    assert any(measurements.inpatient_order(o) for o in inpatient)  # the progress-note list keeps them


def test_generated_notes_list_no_hospital_order_to_take_home(full_index):
    model = cooccurrence.build_model(None)
    writer = engine.NoteWriter(full_index)
    rng = random.Random(6)
    kinds = set()
    for seed in ["A41.9", "J18.9", "K81.0", "N10"] * 12:
        plan = notes.plan_note(seed, model, full_index, rng, {})
        text = notes.generate_note(plan, writer, rng)["text"]
        kinds.add(plan["note_type"])
        assert "medications: a hospital-only order on a home or discharge list" not in realism.check(
            text, plan["seed"], plan["codes"]), text
        course = " ".join(realism._sections(text).get("course", []))
        assert "vitamin" not in course.lower() and "PRN" not in course, course
    assert {"discharge_summary", "progress"} <= kinds
    # the checker itself finds one
    assert "medications: a hospital-only order on a home or discharge list" in realism.check(
        "Discharge Medications:\n- cefepime 2 g IV q8h", "A41.9", ["A41.9"])


def test_a_result_is_reported_once():
    lines = ["Labs:", "TSH 16.1, Sodium 139", "Studies:", "TSH 8.4, free T4 0.6 ng/dL.", "Thyroid ultrasound: two nodules.",
             "Assessment:"]
    assert engine._report_results_once(lines, {"labs": (1, 2), "studies": (3, 5)}) == {3}
    assert engine._report_results_once(lines[:4] + ["Assessment:"], {"labs": (1, 2), "studies": (3, 4)}) == {2, 3}  # an emptied section loses its header
    assert engine._report_results_once(lines, {"labs": (1, 2)}) == set()
    assert "labs: one test with two values" in realism.check("\n".join(lines), "E03.9", ["E03.9"])
