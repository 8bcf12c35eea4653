"""clinical.yaml labs_by_code, lab_catalog and lab_panels: every lab a condition brings has a
label and unit, is reported in its range, and a slow lab never carries a day-to-day trend."""

import random
import re

from synth.generate.guard import FillerGuard
from synth.generate.measurements import clinical, lab_lines


def _spec(name: str) -> dict:
    return {**clinical()["lab_catalog"].get(name, {}), **clinical()["labs_default"].get(name, {})}


def test_every_lab_of_a_condition_has_a_label_unit_and_ordered_range():
    for code, labs in clinical()["labs_by_code"].items():
        for name, spec in labs.items():
            merged = {**_spec(name), **spec}
            assert merged.get("label") and "unit" in merged, (code, name)
            low, high = spec["range"]
            assert low <= high, (code, name)
    known = set(clinical()["labs_default"]) | set(clinical()["lab_catalog"])
    assert {m for members in clinical()["lab_panels"].values() for m in members} <= known


def test_no_lab_label_names_a_condition(full_index):
    guard = FillerGuard(full_index)
    labels = {label for table in (clinical()["labs_default"], clinical()["lab_catalog"])
              for spec in table.values() for label in spec["label"]}
    dirty = [label for label in sorted(labels) if not guard.clean(f"{label} 4.2")]
    assert dirty == []


def _value(lines: list[str], labels: list[str]) -> float | None:
    text = ", ".join(lines)
    for label in labels:
        m = re.search(rf"(?:^|[,:] ){re.escape(label)} (\d+(?:\.\d+)?)", text)
        if m:
            return float(m.group(1))
    return None


def test_a_covered_code_reports_its_labs_in_range():
    cases = {"E87.5": "potassium", "E83.52": "calcium", "K85.90": "lipase", "N40.0": "psa", "B19.20": "hcv_rna",
             "E23.2": "urine_osm", "R53.1": "tsh"}
    for code, name in cases.items():
        low, high = next(spec[name]["range"] for prefix, spec in clinical()["labs_by_code"].items()
                         if code.startswith(prefix) and name in spec)
        labels = _spec(name)["label"]
        for seed in range(15):
            value = _value(lab_lines([code], random.Random(seed)), labels)
            assert value is not None and low - 0.05 <= value <= high + 0.05, (code, name, value)


def test_a_slow_lab_is_never_trended():
    # "PSA 5.1 (5.3 yesterday)" reads wrong; PSA, A1c, ferritin are drawn once a stay
    for seed in range(30):
        text = ", ".join(lab_lines(["N40.0", "E11.9", "D50.9"], random.Random(seed), trends=True))
        assert not re.search(r"\b(PSA|HbA1c|A1c|Hemoglobin A1c|Ferritin) [\d.]+ (\(|, prior)", text), text
    trended = [", ".join(lab_lines(["N17.9"], random.Random(s), trends=True)) for s in range(10)]
    assert any(re.search(r"\b(Creatinine|Cr) [\d.]+ (\(|, prior)", t) for t in trended)  # a daily lab still is


def test_a_condition_that_makes_a_lab_abnormal_outranks_one_that_only_orders_it():
    # dizziness (R42) and sleep apnea (G47.33) order a hemoglobin that comes back normal or high;
    # beside iron deficiency anemia the note shows the anemia's value whatever the prefix order
    low, high = clinical()["labs_by_code"]["D50"]["hemoglobin"]["range"]
    for seed in range(20):
        value = _value(lab_lines(["D50.9", "R42", "G47.33"], random.Random(seed)), ["Hemoglobin", "Hgb"])
        assert value is not None and low - 0.05 <= value <= high + 0.05, value
