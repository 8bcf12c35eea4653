from __future__ import annotations

import datetime as dt
import random
import re

from demodata.dates import age_on, render_age, render_date, render_time

DAY = dt.date(2021, 3, 4)


def test_date_forms_vary_and_short_forms_never_show_a_year():
    rng = random.Random(1)
    full = {render_date(DAY, rng) for _ in range(400)}
    assert {"03/04/2021", "3/4/2021", "2021-03-04", "March 4, 2021", "04-MAR-2021", "3/4"} <= full
    short = {render_date(DAY, rng, short=True) for _ in range(200)}
    assert short and not any(re.search(r"2021|\b21\b", s) for s in short)
    assert {"3/4", "Mar 4th", "4th of March"} <= short


def test_times_and_ages_render_apart_from_the_phi_number():
    rng = random.Random(2)
    assert all(re.fullmatch(r"\d{1,2}:?\d{2}(:\d{2})?( [AP]M)?", render_time(rng)) for _ in range(50))
    before, number, after = render_age(93, rng)
    assert number == "93" and "93" not in before + after


def test_age_on_counts_birthdays():
    assert age_on(dt.date(1930, 3, 5), DAY) == 90
    assert age_on(dt.date(1930, 3, 4), DAY) == 91
