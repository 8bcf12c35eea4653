"""CodiEsp's don't-care regions: the PHI-shaped values published case reports still print
(devsets/case_reports.py, devsets/catalog.py). Invented text."""

from devsets.case_reports import day_first_dates
from devsets.catalog import _case_report_regions


def _values(text):
    return [text[a:b] for a, b in day_first_dates(text)]


def test_day_first_and_month_first_full_dates_are_dates():
    text = ("A 33-year-old patient, 20-08-05, was admitted. CT (16/09/03) and on 26/11/2005 again; "
            "from 24-2-2000 to 29-9-2000 seven cycles; seen 3/14/2009.")
    assert _values(text) == ["20-08-05", "16/09/03", "26/11/2005", "24-2-2000", "29-9-2000", "3/14/2009"]


def test_readings_of_the_same_shape_are_no_dates():
    text = ("Days 1-14: prednisone. IgG 450 mg/dl (normal range: 751-1560). BP 120/80, VA 4/10, "
            "score of 15-17/28, 3-1/2-year-old, version 2.10.4, 45-50-60 mmHg, 10-12 days, ratio 1:40")
    assert _values(text) == []


def test_case_report_regions_mark_day_first_dates_and_ages_over_89(tmp_path):
    text = "A 91-year-old woman was admitted on 22-10-04 with fever. A 45-year-old son visited her."
    [record] = _case_report_regions([{"id": "r1", "text": text, "spans": []}], tmp_path)
    marked = {text[s["start"]:s["end"]] for s in record["spans"]}
    assert "22-10-04" in marked
    assert "91" in marked          # an age over 89 is PHI a case report still prints
    assert "45" not in marked      # an age under 90 is no PHI: a flag on it stays false
    assert all(s["label"] == "DONT_CARE" for s in record["spans"])
