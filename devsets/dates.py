"""Format-preserving date surrogates: "July 18, 2008" -> "March 3, 2009", "08/19/03" ->
"11/02/04", "4/97" -> "9/96", "Jan 3rd" -> "Oct 22nd". The new date is the old one moved by a
random number of days (so a year stays plausible); separators, zero padding, year width,
month spelling and ordinal suffixes are kept. A value that is no date shape is returned as
``None`` (the caller decides)."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}

# (regex, kind): kind names which groups the shape has.
_SHAPES = [
    (re.compile(rf"^{_MONTH}(?P<dot>\.?)(?P<sep1>\s+)(?P<day>\d{{1,2}})(?P<ord>st|nd|rd|th)?"
                rf"(?:(?P<sep2>,?\s*)(?P<year>\d{{4}}|'\d\d))?$", re.I), "month_day"),
    (re.compile(rf"^(?P<day>\d{{1,2}})(?P<ord>st|nd|rd|th)?(?P<sep1>\s+(?:of\s+)?){_MONTH}(?P<dot>\.?)"
                rf"(?:(?P<sep2>,?\s*)(?P<year>\d{{4}}))?$", re.I), "day_month"),
    (re.compile(rf"^{_MONTH}(?P<dot>\.?)(?P<sep1>,?\s+(?:of\s+)?)(?P<year>\d{{4}}|'\d\d)$", re.I), "month_year"),
    (re.compile(r"^(?P<m>\d{1,2})(?P<s>[/\-.])(?P<d>\d{1,2})(?:(?P=s)(?P<y>\d{4}|\d{2}))?$"), "numeric"),
    (re.compile(r"^(?P<y>\d{4})(?P<s>[/\-.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})$"), "iso"),
    (re.compile(r"^(?P<m>\d{1,2})(?P<s>/)\s?(?P<y>\d{4}|\d{2})$"), "numeric_month_year"),
]


def _year_of(text: str | None, default: int) -> int:
    if not text:
        return default
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    value = int(digits)
    return 1900 + value if value > 30 else 2000 + value


def _year_like(original: str | None, year: int) -> str:
    if not original:
        return ""
    if original.startswith("'"):
        return f"'{year % 100:02d}"
    return str(year) if len(original) == 4 else f"{year % 100:02d}"


def _num(value: int, padded: bool) -> str:
    return f"{value:02d}" if padded else str(value)


def _month_like(original: str, month: int) -> str:
    full = calendar.month_name[month]
    short = calendar.month_abbr[month]
    word = full if original.lower() in {m.lower() for m in calendar.month_name if m} else short
    if original.lower() == "sept":
        word = short
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original.islower():
        return word.lower()
    return word


def _shifted(rng: random.Random, month: int, day: int, year: int) -> dt.date:
    try:
        start = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except ValueError:
        start = dt.date(year, 6, 15)
    shift = rng.randint(25, 700) * rng.choice((-1, 1))
    return start + dt.timedelta(days=shift)


def reshape(value: str, rng: random.Random, default_year: int = 2005, month_year: bool = False) -> str | None:
    """``month_year``: read "12/07" as December 2007 (the caller saw it in a history list)."""
    shapes = sorted(_SHAPES, key=lambda shape: shape[1] != "numeric_month_year") if month_year else _SHAPES
    for pattern, kind in shapes:
        match = pattern.match(value)
        if match:
            rendered = _render(match, kind, rng, default_year)
            if rendered is not None:
                return rendered
    return None


def _render(match: re.Match, kind: str, rng: random.Random, default_year: int) -> str | None:
    g = match.groupdict()
    if kind in ("month_day", "day_month", "month_year"):
        month = _MONTHS[g["month"].lower()]
        day = int(g.get("day") or 15)
        year = _year_of(g.get("year"), default_year)
        new = _shifted(rng, month, day, year)
        month_text = _month_like(g["month"], new.month) + (g["dot"] or "")
        year_text = _year_like(g.get("year"), new.year)
        if kind == "month_year":
            return f"{month_text}{g['sep1']}{year_text}"
        ordinal = _ORDINAL.get(new.day, "th") if g.get("ord") else ""
        if g.get("ord") and g["ord"].isupper():
            ordinal = ordinal.upper()
        tail = f"{g['sep2']}{year_text}" if g.get("year") else ""
        if kind == "month_day":
            return f"{month_text}{g['sep1']}{new.day}{ordinal}{tail}"
        return f"{new.day}{ordinal}{g['sep1']}{month_text}{tail}"
    month, day = int(g["m"]), int(g.get("d") or 15)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    new = _shifted(rng, month, day, _year_of(g.get("y"), default_year))
    padded = any(part and part.startswith("0") for part in (g["m"], g.get("d")))
    if kind == "numeric_month_year":
        return f"{_num(new.month, padded)}/{_year_like(g['y'], new.year)}"
    parts = [_num(new.month, padded), _num(new.day, padded)]
    if kind == "iso":
        return f"{new.year}{g['s']}{parts[0]}{g['s']}{parts[1]}"
    if g.get("y"):
        parts.append(_year_like(g["y"], new.year))
    return g["s"].join(parts)
