"""PHONE, FAX, EMAIL, URL and IP surrogates: same layout, keyed fake content.

A phone keeps its punctuation, spacing, country code and extension; its 10 NANP digits
become a valid-looking number (area code and exchange 2-9 first, never N11).
"""

from __future__ import annotations

import random
import re

from deid.surrogates.context import SurrogateContext
from deid.surrogates.shape import match_case, reshape_different

_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"^(?P<local>[^@\s]+)@(?P<domain>[^@\s]+)$")
_URL = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*://)?(?P<host>[^/\s:?#]+)(?P<rest>.*)$", re.I)
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_SURROGATE_DOMAINS = ("example.com", "example.org", "example.net")


def _nanp_digits(rng: random.Random) -> str:
    def block(first_low: int) -> str:
        while True:
            digits = f"{rng.randint(first_low, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
            if digits[1:] != "11":
                return digits
    return block(2) + block(2) + f"{rng.randint(0, 9999):04d}"


def surrogate_phone(real: str, ctx: SurrogateContext) -> str:
    digits = _DIGIT.findall(real)
    rng = ctx.rng("phone", "".join(digits))
    country = 1 if len(digits) >= 11 and digits[0] == "1" else 0
    fresh = list(digits[:country]) + list(_nanp_digits(rng))
    fresh += [str(rng.randint(0, 9)) for _ in range(len(digits) - len(fresh))]  # extension
    fresh = fresh[:len(digits)]
    replacement = iter(fresh)
    return _DIGIT.sub(lambda _: next(replacement), real)


def surrogate_email(real: str, ctx: SurrogateContext) -> str:
    match = _EMAIL.match(real.strip())
    rng = ctx.rng("email", real.strip().lower())
    if not match:
        return reshape_different(real, rng)
    local = reshape_different(match["local"], rng)
    domain = match_case(match["domain"], rng.choice(_SURROGATE_DOMAINS))
    return real.replace(real.strip(), f"{local}@{domain}")


def surrogate_url(real: str, ctx: SurrogateContext) -> str:
    match = _URL.match(real.strip())
    rng = ctx.rng("url", real.strip().lower())
    if not match:
        return reshape_different(real, rng)
    host = rng.choice(_SURROGATE_DOMAINS)
    if match["host"].lower().startswith("www."):
        host = "www." + host
    fake = f"{match['scheme'] or ''}{host}{reshape_different(match['rest'], rng)}"
    return real.replace(real.strip(), fake)


def surrogate_ip(real: str, ctx: SurrogateContext) -> str:
    stripped = real.strip()
    rng = ctx.rng("ip", stripped)
    if not _IPV4.match(stripped):
        return reshape_different(real, rng)
    # 10/8 private space: valid-looking, and never a real public host.
    fake = "10." + ".".join(str(rng.randint(1, 254)) for _ in range(3))
    return real.replace(stripped, fake)
