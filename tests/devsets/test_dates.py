"""devsets/dates.py: a surrogate date keeps the original's shape and is another date."""

import random
import re

import pytest

from devsets.dates import reshape

SHAPES = [
    ("July 18, 2008", r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$"),
    ("08/19/03", r"^\d\d/\d\d/\d\d$"),
    ("3/4", r"^\d{1,2}/\d{1,2}$"),
    ("03-04-21", r"^\d\d-\d\d-\d\d$"),
    ("Jan 3rd", r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(st|nd|rd|th)$"),
    ("JANUARY 16, 2008", r"^[A-Z]+ \d{1,2}, \d{4}$"),
    ("December of 2002", r"^[A-Z][a-z]+ of \d{4}$"),
    ("2008-07-24", r"^\d{4}-\d\d-\d\d$"),
    ("18 July 2008", r"^\d{1,2} [A-Z][a-z]+ \d{4}$"),
]


@pytest.mark.parametrize("value,shape", SHAPES)
def test_surrogate_keeps_the_shape_and_changes_the_date(value, shape):
    for seed in range(20):
        new = reshape(value, random.Random(seed))
        assert re.match(shape, new), (value, new)
        assert new != value


def test_month_year_reading_of_a_history_date():
    rng = random.Random(3)
    assert re.fullmatch(r"\d{1,2}/\d\d", reshape("4/97", rng, month_year=True))
    assert re.fullmatch(r"\d{1,2}/\d\d", reshape("12/07", rng, month_year=True))
    # "4/97" cannot be month/day: it is read as April 1997 even without the hint
    assert re.fullmatch(r"\d{1,2}/\d\d", reshape("4/97", rng))


def test_no_date_shape_gives_none():
    rng = random.Random(0)
    assert reshape("13/45", rng) is None
    assert reshape("Dr. Smith", rng) is None
