"""MRN, SSN and the other identifier surrogates: same length and shape.

MRNs get *sequential* synthetic ids: the batch builds one map (real MRN -> next number,
written into the real MRN's shape) before any note is rewritten, so every chunk and every
patient agrees. The other ids (SSN, account, plan, license, vehicle, device, other) keep
their shape with keyed characters: digit -> digit, letter -> letter, punctuation kept.
"""

from __future__ import annotations

import re

from deid.surrogates.context import SurrogateContext
from deid.surrogates.shape import reshape, reshape_different

_DIGIT = re.compile(r"\d")
_SSN = re.compile(r"^\d{3}-?\d{2}-?\d{4}$")


def normalize_id(value: str) -> str:
    """The identity of an id regardless of case and punctuation ("ab-123" == "AB123")."""
    return re.sub(r"[\W_]", "", value).upper()


def sequential_mrn(real: str, number: int, key_rng) -> str:
    """Write ``number`` into the digit positions of ``real`` (zero-padded); letters keyed."""
    slots = len(_DIGIT.findall(real))
    digits = iter(str(number).zfill(slots)[-slots:] if slots else "")
    letters = reshape(real, key_rng)
    return "".join(next(digits) if c.isdigit() else letters[i] for i, c in enumerate(real))


def build_mrn_map(values: list[str], rng) -> dict[str, str]:
    """Real MRNs (any order) -> sequential synthetic MRNs, keyed by :func:`normalize_id`.

    Numbers follow the order of the *normalised* values' keyed digest supplied by the caller
    (``values`` sorted by it), so the map depends on the set of MRNs, not on note order.
    """
    mapping: dict[str, str] = {}
    for value in values:
        norm = normalize_id(value)
        if norm and norm not in mapping:
            mapping[norm] = sequential_mrn(value, len(mapping) + 1, rng)
    return mapping


def surrogate_mrn(real: str, ctx: SurrogateContext) -> str:
    stripped = real.strip()
    fake = ctx.mrn_map.get(normalize_id(stripped))
    if fake is None:  # not seen when the batch map was built (e.g. a unit test): keyed shape
        fake = reshape_different(stripped, ctx.rng("mrn", normalize_id(stripped)))
    return real.replace(stripped, fake) if stripped else real


def surrogate_ssn(real: str, ctx: SurrogateContext) -> str:
    stripped = real.strip()
    rng = ctx.rng("ssn", normalize_id(stripped))
    if not _SSN.match(stripped):
        return reshape_different(real, rng)
    # A valid-looking SSN: area 001-665 or 667-899, group and serial never all zeros.
    area = rng.choice([n for n in range(1, 900) if n != 666])
    digits = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
    replacement = iter(digits)
    return real.replace(stripped, _DIGIT.sub(lambda _: next(replacement), stripped))


def surrogate_identifier(real: str, ctx: SurrogateContext) -> str:
    return reshape_different(real, ctx.rng("id", normalize_id(real)))
