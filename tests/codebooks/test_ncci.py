import datetime as dt

import pytest

from chartforge.errors import ChartforgeError
from codebooks.ncci import load_configured_edits, load_edits

DAY = dt.date(2026, 1, 15)


def test_demo_edit_bundles_cholangiography_into_lap_chole():
    edits = load_configured_edits()
    assert edits.version.startswith("DEMO-")
    [finding] = edits.check(["47563", "74300", "99213"], on=DAY)
    assert (finding.column1, finding.column2, finding.bundled) == ("47563", "74300", True)
    assert edits.check(["74300", "47562"], on=DAY) == []  # no edit for that pair


def test_modifier_indicator_rules():
    edits = load_configured_edits()
    # indicator 1: an NCCI-associated modifier on column 2 unbundles the pair
    [allowed] = edits.check(["45380", "45378"], on=DAY, modifiers={"45378": ["59"]})
    assert allowed.bypassed and not allowed.bundled
    [blocked] = edits.check(["45380", "45378"], on=DAY)
    assert blocked.bundled
    # indicator 0: no modifier helps
    [never] = edits.check(["47563", "74300"], on=DAY, modifiers={"74300": ["59"]})
    assert never.bundled


def test_effective_and_deletion_dates(tmp_path):
    path = tmp_path / "ptp.csv"
    path.write_text("Column 1,Column 2,Effective Date,Deletion Date *=no data,Modifier 0=not allowed 1=allowed 9=not applicable\n"
                    "10001,10002,20200101,20250101,0\n10001,10003,20260201,*,1\n")
    edits = load_edits(path)
    assert edits.edit_for("10001", "10002", dt.date(2024, 6, 1))
    assert edits.edit_for("10001", "10002", dt.date(2025, 1, 1)) is None  # deleted that day
    assert edits.edit_for("10001", "10003", DAY) is None  # not yet effective
    assert edits.edit_for("10001", "10003", dt.date(2026, 3, 1))


def test_malformed_edit_rows(tmp_path):
    path = tmp_path / "ptp.csv"
    path.write_text("column1,column2,modifier,effective,deletion\n10001,10002,0,20200101,\n10001,10003,5,20200101,\n10001,1000X,0,2020-13-45,\n")
    with pytest.raises(ChartforgeError, match="ptp.csv row 3"):
        load_edits(path)
    lenient = load_edits(path, strict=False)
    assert len(lenient) == 1 and [r.row for r in lenient.rejected] == [3, 4]
