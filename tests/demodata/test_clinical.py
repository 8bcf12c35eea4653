from __future__ import annotations

import simple_icd_10_cm as icd

from demodata.clinical import data
from tests.demodata.helpers import read_jsonl


def _all_icd() -> set[str]:
    d = data()
    return {code for group in ("chronic", "acute") for item in d[group] for code in item["icd"]}


def _all_cpt() -> set[str]:
    d = data()
    codes = {c["code"] for kind in d["em_codes"].values() for c in kind}
    codes |= {p["cpt"] for p in d["procedures"].values()} | {s["cpt"] for s in d["studies"].values()}
    return codes


def test_every_icd_code_in_the_data_file_is_a_valid_billable_code():
    for code in _all_icd():
        assert icd.is_valid_item(code) and icd.is_leaf(code), code


def test_cpt_entries_are_codes_with_demo_wording_only():
    d = data()
    assert all(len(code) == 5 and code.isdigit() for code in _all_cpt())
    wordings = [c["text"] for kind in d["em_codes"].values() for c in kind] + [p["wording"] for p in d["procedures"].values()]
    assert all("demo wording" in w for w in wordings)


def test_export_codes_are_valid_and_some_encounters_have_none(demo_export):
    rows = read_jsonl(demo_export / "export.jsonl")
    coded = uncoded = 0
    for row in rows:
        if not row["codes"]:
            uncoded += 1
            continue
        coded += 1
        systems = {code.split(":", 1)[0] for code in row["codes"]}
        assert systems <= {"ICD10CM", "CPT"}
        for code in row["codes"]:
            system, value = code.split(":", 1)
            if system == "ICD10CM":
                assert icd.is_valid_item(value) and icd.is_leaf(value) and value == value.upper()
            else:
                assert value in _all_cpt()
    assert coded and uncoded


def test_codes_match_the_conditions_named_in_the_note(demo_export):
    """Each coded note names its encounter's acute problem in words (codes consistent with text)."""
    acute = {a["icd"][0]: [t.lower() for t in a["terms"] + a["complaint"]] for a in data()["acute"]}
    checked = 0
    for row in read_jsonl(demo_export / "export.jsonl"):
        first = next((c.split(":")[1] for c in row["codes"] if c.startswith("ICD10CM:")), None)
        if first in acute and row["note_type"] in ("history_physical", "discharge_summary"):
            assert any(term in row["text"].lower() for term in acute[first]), row["row_id"]
            checked += 1
    assert checked > 5
