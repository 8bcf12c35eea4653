"""The audit log as CSV: cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from review.audit_export import FIELDS, safe_cell, write_audit_csv


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"),
    ("ann", "ann"), ("2026-01-01T10:00:00+00:00", "2026-01-01T10:00:00+00:00"), ('[{"start": 3}]', '[{"start": 3}]'),
    (None, ""), (17, "17"),
])
def test_formula_prefixes_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_audit_csv_round_trips_and_has_no_live_formula(store):
    store.audit("=HYPERLINK(\"http://evil.example\")", "gate_passed", detail="@x")
    store.audit("sue", "open_round", round_id="r1", detail='{"pilot": 3}')
    out = io.StringIO()
    assert write_audit_csv(store.audit_entries(), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == FIELDS
    assert rows[0]["actor"] == "'=HYPERLINK(\"http://evil.example\")" and rows[0]["detail"] == "'@x"
    assert rows[1]["actor"] == "sue" and rows[1]["detail"] == '{"pilot": 3}'
    for row in rows:
        assert not any(str(v).lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
