"""AGE_OVER_89 surrogates: Safe Harbor aggregates every age over 89 into "90+"."""

from __future__ import annotations

import re

from deid.surrogates.context import SurrogateContext

_NUMBER = re.compile(r"\d+")
OVER_89 = "90+"


def surrogate_age(real: str, ctx: SurrogateContext) -> str:
    """"92-year-old" -> "90+-year-old"; an age of 89 or less is not PHI and stays."""
    return _NUMBER.sub(lambda m: OVER_89 if int(m.group(0)) > 89 else m.group(0), real)
