"""Code spelling: artifacts carry upper-case dotted codes (``E11.22``); matching is dotless.

Contract (docs/contracts.md): write ``E11.22``, compare ``E1122``. Index entries may end in
``-`` (``S60.82-``): the index points at a subcategory and any code under that stem is a hit.
"""

from __future__ import annotations

import re

# ICD-10-CM item shapes: a chapter ("4"), a block ("E08-E13"), or a code ("E11", "E11.22").
_CODE = re.compile(r"^[A-Z][0-9][0-9A-Z](?:[0-9A-Z]{1,4})?$")


def dotless(code: str) -> str:
    """``' e11.22 '`` -> ``'E1122'``; the form every comparison uses."""
    return code.strip().upper().replace(".", "")


def dotted(code: str) -> str:
    """Normalize an ICD-10-CM code to upper-case with the dot after the category (``E1122`` -> ``E11.22``).

    Chapters and blocks (``4``, ``E08-E13``) are returned upper-cased and stripped; a trailing
    ``-`` (index stem) is kept.
    """
    raw = code.strip().upper()
    stem = raw.endswith("-") and not _is_block(raw)
    bare = dotless(raw.rstrip("-")) if stem else dotless(raw)
    if _is_block(raw) or raw.isdigit() or len(bare) <= 3:
        out = raw if (_is_block(raw) or raw.isdigit()) else bare
    else:
        out = f"{bare[:3]}.{bare[3:]}"
    return f"{out}-" if stem else out


def _is_block(raw: str) -> bool:
    parts = raw.split("-")
    return len(parts) == 2 and all(parts) and parts[0][:1].isalpha()


def looks_like_code(code: str) -> bool:
    return bool(_CODE.match(dotless(code).rstrip("-")))


def code_hit(predicted: str, gold: str) -> bool:
    """True when ``predicted`` matches ``gold``: exactly (dotless), or under a ``-`` stem."""
    gold_key = dotless(gold)
    pred_key = dotless(predicted).rstrip("-")
    if gold_key.endswith("-"):
        return pred_key.startswith(gold_key.rstrip("-"))
    return pred_key == gold_key


def category_hit(predicted: str, gold: str) -> bool:
    """Match at the 3-character category (``E11.22`` ~ ``E11.9``)."""
    return dotless(predicted)[:3] == dotless(gold)[:3]
