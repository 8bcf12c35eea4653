"""Date renderings (DATE PHI) in the many formats clinicians write.

Gold-span rule (documented in the export README): a DATE span covers the date only. A time
written beside it ("03/04/2021 14:32") is outside the span, and a bare year is never a span
(Safe Harbor keeps years)."""

from __future__ import annotations

import calendar
import datetime as dt
import random

from demodata.resources import load, pick, weighted

_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def _tokens(day: dt.date) -> dict[str, str]:
    return {
        "Y": str(day.year), "yy": f"{day.year % 100:02d}", "m": str(day.month), "mm": f"{day.month:02d}",
        "d": str(day.day), "dd": f"{day.day:02d}", "Month": calendar.month_name[day.month],
        "Mon": calendar.month_abbr[day.month], "MON": calendar.month_abbr[day.month].upper(),
        "ord": _ORDINAL.get(day.day, "th"),
    }


def render_date(day: dt.date, rng: random.Random, short: bool = False) -> str:
    """One of phi_formats.yaml date_forms; ``short`` keeps only month/day forms (no year)."""
    forms = load("phi_formats.yaml")["date_forms"]
    if short:
        forms = [f for f in forms if "{Y}" not in f["form"] and "{yy}" not in f["form"]]
    return weighted(rng, forms)["form"].format(**_tokens(day))


def render_time(rng: random.Random) -> str:
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    parts = {"HH": f"{hour:02d}", "H": str(hour), "MM": f"{minute:02d}", "SS": f"{rng.randint(0, 59):02d}",
             "h": str(hour % 12 or 12), "ampm": "AM" if hour < 12 else "PM"}
    return pick(rng, load("phi_formats.yaml")["time_forms"]).format(**parts)


def render_age(age: int, rng: random.Random) -> tuple[str, str, str]:
    """(before, number, after) so the caller can put the span on the number alone."""
    form = pick(rng, load("phi_formats.yaml")["age_forms"])
    before, after = form.split("{n}")
    return before, str(age), after


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
