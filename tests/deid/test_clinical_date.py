"""deid/recognizers/clinical_date.py and age_over_89.py."""

import pytest

from deid.recognizers.age_over_89 import AgeOver89Recognizer
from deid.recognizers.clinical_date import ClinicalDateRecognizer
from tests.deid.detector_fixtures import analyze


@pytest.fixture(scope="module")
def dates():
    return ClinicalDateRecognizer()


@pytest.mark.parametrize("text, value", [
    ("seen on 3/4 for follow-up", "3/4"),
    ("admitted 03-04-2021", "03-04-2021"),
    ("DOB 1/5/1966.", "1/5/1966"),
    ("collected 2021-03-04 14:22", "2021-03-04 14:22"),
    ("return Jan 3rd", "Jan 3rd"),
    ("on the 3rd of January", "3rd of January"),
    ("surgery in Sept '21", "Sept '21"),
    ("signed 3/4/2021 at 14:30", "3/4/2021 at 14:30"),
    ("inpatient 3/4-3/6", "3/4-3/6"),
    ("rash Jan 3-5 2020", "Jan 3-5 2020"),
    ("collected 20170123, 5:02", "20170123"),
    ("ON 13-SEP-2018, 2328", "13-SEP-2018"),
    ("HAD A SIMILAR EPISODE 1/9-12/14/2020, TREATED", "12/14/2020"),  # range end after a short date
    ("similar episode Mar 9-2013-01-26, treated", "2013-01-26"),
    ("episode 17th of August-2/4/2015, treated", "2/4/2015"),
    ("Hospitalized 7th of September-9/14.", "9/14"),
    ("suprapubic pain. Symptoms began on 9/22 and worsened", "9/22"),  # "pain" in another sentence
])
def test_clinical_date_formats(dates, text, value):
    assert ("DATE", value) in analyze(dates, text)


@pytest.mark.parametrize("text", [
    "Motor 5/5 strength throughout", "take 1/2 tab daily", "Pain 7/10 at the incision site",
    "BP 120/80", "founded in 1977", "follow up in 2 weeks",
])
def test_not_dates(dates, text):
    assert analyze(dates, text) == set()


@pytest.mark.parametrize("text, age", [
    ("92 y/o male", "92"), ("a 95-year-old woman", "95"), ("aged 101", "101"),
    ("grandmother lived to 96.", "96"),
])
def test_ages_over_89(text, age):
    assert ("AGE_OVER_89", age) in analyze(AgeOver89Recognizer(), text)


def test_younger_ages_are_not_phi():
    assert analyze(AgeOver89Recognizer(), "a 45 y/o man, aged 89, HR 92 bpm") == set()
