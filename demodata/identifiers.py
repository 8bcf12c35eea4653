"""Identifier-shaped PHI values: SSN, phone/fax, MRN-like ids, DEA numbers, VINs, emails,
URLs and IP addresses. Check digits are real (DEA, VIN) so a validator-based detector is
exercised; values are random otherwise and belong to nobody."""

from __future__ import annotations

import random
import unicodedata

from demodata.resources import fill_pattern, load, pick

_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}


def formats() -> dict:
    return load("phi_formats.yaml")


def ascii_slug(text: str) -> str:
    """'José O'Brien-Núñez' -> 'joseobriennunez' (for emails and URLs)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def phone(rng: random.Random) -> str:
    area = rng.randint(201, 989)
    while area % 100 == 11:
        area += 1
    parts = {"a": str(area), "e": str(rng.randint(200, 999)), "l": f"{rng.randint(0, 9999):04d}"}
    return pick(rng, formats()["phone_forms"]).format(**parts)


def ssn(rng: random.Random) -> str:
    area = rng.randint(1, 899)
    if area == 666:
        area = 667
    parts = {"s3": f"{area:03d}", "s2": f"{rng.randint(1, 99):02d}", "s4": f"{rng.randint(1, 9999):04d}"}
    return pick(rng, formats()["ssn_forms"]).format(**parts)


def pattern_id(rng: random.Random, kind: str) -> str:
    return fill_pattern(rng, pick(rng, formats()["id_patterns"][kind]))


def dea(rng: random.Random, last_name: str) -> str:
    """DEA registration: registrant letter, the prescriber's last initial, 6 digits, check digit."""
    initial = (ascii_slug(last_name)[:1] or "x").upper()
    digits = [rng.randint(0, 9) for _ in range(6)]
    check = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
    return pick(rng, "ABFGM") + initial + "".join(map(str, digits)) + str(check)


def vin(rng: random.Random) -> str:
    chars = [pick(rng, _VIN_CHARS) for _ in range(17)]
    chars[8] = "0"
    total = sum(_VIN_VALUES[c] * w for c, w in zip(chars, _VIN_WEIGHTS))
    chars[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(chars)


def email(rng: random.Random, first: str, last: str) -> str:
    first_s, last_s = ascii_slug(first) or "pt", ascii_slug(last) or "mail"
    user = pick(rng, (
        f"{first_s}.{last_s}", f"{first_s[0]}{last_s}{rng.randint(1, 99)}", f"{last_s}{first_s[0]}",
        f"{first_s}{rng.randint(1950, 2005)}", f"{first_s}_{last_s}", f"{last_s}.{first_s}{rng.randint(1, 9)}",
    ))
    return f"{user}@{pick(rng, formats()['email_domains'])}"


def url(rng: random.Random, first: str, last: str, hospital_slug: str) -> str:
    template = pick(rng, formats()["url_forms"])
    return template.format(slug=hospital_slug, first=ascii_slug(first) or "pt", last=ascii_slug(last) or "x",
                           n6=rng.randint(100000, 999999), n3=rng.randint(100, 999))


def ip(rng: random.Random) -> str:
    if pick(rng, formats()["ip_forms"]) == "v6":
        groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
        return "2001:db8:" + ":".join(groups[2:]) if rng.random() < 0.5 else ":".join(groups)
    first = pick(rng, (10, 172, 192, rng.randint(23, 223)))
    return ".".join(str(part) for part in (first, rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)))
