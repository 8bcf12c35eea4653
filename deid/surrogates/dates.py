"""DATE surrogates: shift by the patient's offset, render in the span's own format.

All of one patient's dates move by the same number of days, so intervals (and weekday
distances) survive. Recognised shapes: 3/4, 3/4/21, 03-04-2021, 2021-03-04, 20210304,
Jan 3rd, January 3, 2021, 3 Jan 2021, 3rd of January, 03-Jan-2021, March 2021 and a bare year; anything
else around them in the span (a time, "on") is kept. A span with no recognisable date
keeps its shape with keyed digits, so no real digit survives.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from deid.surrogates.context import SurrogateContext

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")(?P<dot>\.)?"
_SUFFIX = r"(?P<suf>st|nd|rd|th)?"
_TWO_DIGIT_PIVOT = 50

# Order matters: the first pattern that matches at a position wins.
_PATTERNS = [
    ("iso", re.compile(r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)")),
    ("mdy", re.compile(r"(?<![\d/.-])(?P<m>\d{1,2})(?P<sep>[-/.])(?P<d>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?![\d/-])")),
    ("compact", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")),
    ("mon_d", re.compile(r"\b" + _MON + r"\s+(?P<d>\d{1,2})" + _SUFFIX + r"\b(?:(?P<ysep>,?\s+)(?P<y>\d{4}))?", re.I)),
    ("d_mon", re.compile(r"\b(?P<d>\d{1,2})" + _SUFFIX + r"(?P<sep>[\s-]+(?:of\s+)?)" + _MON + r"\b(?:(?P<ysep>,?[\s-]+)(?P<y>\d{4}|\d{2})\b)?", re.I)),
    ("mon_y", re.compile(r"\b" + _MON + r"(?P<ysep>,?\s+)(?P<y>\d{4})\b", re.I)),
    ("year", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?!\d)")),
]


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _pad(template: str | None, value: int) -> str:
    return f"{value:02d}" if template and len(template) == 2 else str(value)


def _year(template: str, value: int) -> str:
    return f"{value % 100:02d}" if len(template) == 2 else str(value)


def _month_name(template: str, month: int, dot: str | None) -> str:
    if len(template.rstrip(".")) <= 4 and template.lower() not in ("june", "july"):
        name = calendar.month_abbr[month]
        if template.lower() == "sept":
            name = "Sept" if month == 9 else name
    else:
        name = calendar.month_name[month]
    if template.isupper():
        name = name.upper()
    elif template.islower():
        name = name.lower()
    return name + (dot or "")


def _full_year(groups: dict, reference: dt.date | None) -> int:
    raw = groups.get("y")
    if raw is None:
        # No year written: take the note's year (2000, a leap year, if unknown) so 2/29 parses.
        return reference.year if reference else 2000
    year = int(raw)
    if len(raw) == 2:
        year += 2000 if year <= _TWO_DIGIT_PIVOT else 1900  # fixed pivot: output must not depend on today
    return year


def _parse(kind: str, groups: dict, reference: dt.date | None) -> dt.date | None:
    try:
        year = _full_year(groups, reference)
        if kind == "year":
            return dt.date(year, 7, 1)
        if kind == "mon_y":
            return dt.date(year, _MONTHS[groups["mon"].lower()], 15)
        month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
        try:
            return dt.date(year, month, int(groups["d"]))
        except ValueError:
            if groups.get("y") is None:  # "2/29" in a non-leap note year: a leap year parses it
                return dt.date(2000, month, int(groups["d"]))
            raise
    except (ValueError, KeyError):
        return None


def _render(kind: str, match: re.Match, new: dt.date) -> str:
    g = match.groupdict()
    if kind == "year":
        return str(new.year)
    if kind in ("iso", "mdy", "compact"):
        month, day = _pad(g["m"], new.month), _pad(g["d"], new.day)
        if kind == "compact":
            return f"{new.year}{new.month:02d}{new.day:02d}"
        if kind == "iso":
            return f"{new.year}{g['sep']}{month}{g['sep']}{day}"
        year = "" if g["y"] is None else g["sep"] + _year(g["y"], new.year)
        return f"{month}{g['sep']}{day}{year}"
    month = _month_name(g["mon"], new.month, g.get("dot"))
    if kind == "mon_y":
        return f"{month}{g['ysep']}{new.year}"
    day = _pad(g["d"], new.day) + (_ordinal(new.day) if g.get("suf") else "")
    if g.get("suf") and g["suf"].isupper():
        day = day.upper()
    year = "" if g.get("y") is None else g["ysep"] + _year(g["y"], new.year)
    if kind == "mon_d":
        return f"{month} {day}{year}"
    return f"{day}{g['sep']}{month}{year}"


def shift_date(value: dt.date, ctx: SurrogateContext) -> dt.date:
    return value + dt.timedelta(days=ctx.offset_days)


def surrogate_date(real: str, ctx: SurrogateContext) -> str:
    """Shift every date found in the span; keep everything else in it."""
    out, position, found = [], 0, False
    while position < len(real):
        best = None
        for kind, pattern in _PATTERNS:
            match = pattern.search(real, position)
            if match and (best is None or match.start() < best[1].start()):
                best = (kind, match)
        if best is None:
            break
        kind, match = best
        parsed = _parse(kind, match.groupdict(), ctx.reference_date)
        if parsed is None:
            out.append(real[position:match.end()])
        else:
            out.append(real[position:match.start()])
            out.append(_render(kind, match, shift_date(parsed, ctx)))
            found = True
        position = match.end()
    out.append(real[position:])
    if not found:
        # Unrecognised date-like text: change every digit (keyed, so consistent); words stay.
        rng = ctx.rng("date-unparsed", real.lower())
        return re.sub(r"\d", lambda _: str(rng.randint(0, 9)), real)
    return "".join(out)
