import datetime as dt

import pytest

from deid.surrogates.context import SurrogateContext
from deid.surrogates.dates import surrogate_date


@pytest.fixture
def ctx():
    return SurrogateContext(key=b"k1", patient_id="p1", reference_date=dt.date(2021, 5, 1))


def shifted(ctx, *args):
    return dt.date(*args) + dt.timedelta(days=ctx.offset_days)


def test_offset_in_configured_range_and_keyed():
    offsets = {SurrogateContext(key=b"k1", patient_id=f"p{i}").offset_days for i in range(50)}
    assert all(-365 <= o <= -30 for o in offsets) and len(offsets) > 20
    assert SurrogateContext(key=b"k2", patient_id="p1").offset_days != SurrogateContext(key=b"k1", patient_id="p1").offset_days


@pytest.mark.parametrize("real, render", [
    ("03-04-2021", lambda d: d.strftime("%m-%d-%Y")),
    ("2021-03-04", lambda d: d.isoformat()),
    ("3/4/2021", lambda d: f"{d.month}/{d.day}/{d.year}"),
    ("3/4/21", lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}"),
    ("20210304", lambda d: d.strftime("%Y%m%d")),
    ("March 4, 2021", lambda d: f"{d.strftime('%B')} {d.day}, {d.year}"),
    ("4 Mar 2021", lambda d: f"{d.day} {d.strftime('%b')} {d.year}"),
    ("04-Mar-2021", lambda d: d.strftime("%d-%b-%Y")),
    ("MAR 4, 2021", lambda d: f"{d.strftime('%b').upper()} {d.day}, {d.year}"),
    ("Mar. 4, 2021", lambda d: f"{d.strftime('%b')}. {d.day}, {d.year}"),
    ("03.04.2021", lambda d: d.strftime("%m.%d.%Y")),
])
def test_shift_keeps_the_note_format(ctx, real, render):
    assert surrogate_date(real, ctx) == render(shifted(ctx, 2021, 3, 4))


def test_dates_without_year_use_the_note_year(ctx):
    new = shifted(ctx, 2021, 1, 3)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(new.day % 10 if new.day not in (11, 12, 13) else 0, "th")
    assert surrogate_date("Jan 3rd", ctx) == f"{new.strftime('%b')} {new.day}{suffix}"
    assert surrogate_date("3/4", ctx) == f"{shifted(ctx, 2021, 3, 4).month}/{shifted(ctx, 2021, 3, 4).day}"


def test_ordinal_of_month(ctx):
    new = shifted(ctx, 2021, 1, 3)
    out = surrogate_date("3rd of January", ctx)
    assert out.endswith(f" of {new.strftime('%B')}") and out.startswith(str(new.day))


def test_intervals_survive_and_time_is_kept(ctx):
    a = dt.datetime.strptime(surrogate_date("01/10/2021", ctx), "%m/%d/%Y")
    b = dt.datetime.strptime(surrogate_date("02/14/2021 08:30", ctx).split()[0], "%m/%d/%Y")
    assert (b - a).days == 35
    assert surrogate_date("02/14/2021 08:30", ctx).endswith(" 08:30")


def test_unparseable_date_loses_its_digits(ctx):
    out = surrogate_date("day 45 of 2/30 cycle", ctx)
    assert out.startswith("day ") and "2/30" not in out and len(out) == len("day 45 of 2/30 cycle")
