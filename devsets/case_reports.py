"""PHI-shaped values that published case reports still print, beyond what the MTSamples annotator
finds: CodiEsp's don't-care regions (devsets/catalog.py).

The annotator reads US notes, so a numeric date is month first ("3/14/2009"). CodiEsp's case
reports come from Spanish journals and write the day first ("20-08-05", "26/11/2005",
"24-2-2000"): a full date either way round is a date, and flagging it is what a de-identifier
must do, so it is neither right nor wrong there. Ages over 89 ("a 91-year-old woman") are PHI
under Safe Harbor the annotator already finds (kind ``age_over_89``); catalog.py keeps them too.
"""

from __future__ import annotations

import re

# day, separator, month, the same separator, a two- or four-digit year; not inside a longer
# number run or a range of readings ("1-14", "751-1560" have no third part)
_FULL_NUMERIC = re.compile(r"(?<![\w/.\-])(?P<a>\d{1,2})(?P<s>[/\-.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})(?![\w/\-]|\.\d)")


def day_first_dates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every full numeric date that is a valid day and month in either order."""
    found = []
    for match in _FULL_NUMERIC.finditer(text):
        a, b = int(match.group("a")), int(match.group("b"))
        if (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31):
            found.append((match.start(), match.end()))
    return found
