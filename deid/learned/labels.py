"""The learned model's tag set and how HIPAA labels map onto it.

The model tags tokens with BIO tags over a few coarse kinds: what it is good at is the *shape
of context* (a name after "house officer", a unit after "transferred to"), not telling an MRN
from an account number, which the regex recognizers do. Each kind maps back to one HIPAA label.
"""

from __future__ import annotations

# gold label (deid/spans.py LABELS) -> model kind
KIND_OF = {
    "NAME": "NAME",
    "DATE": "DATE",
    "LOCATION": "LOCATION",
    "PHONE": "PHONE", "FAX": "PHONE",
    "AGE_OVER_89": "AGE",
    "EMAIL": "CONTACT", "URL": "CONTACT", "IP": "CONTACT",
    "SSN": "ID", "MRN": "ID", "HEALTH_PLAN": "ID", "ACCOUNT": "ID", "LICENSE": "ID",
    "VEHICLE": "ID", "DEVICE": "ID", "OTHER_ID": "ID",
}
KINDS = ("NAME", "DATE", "LOCATION", "PHONE", "AGE", "CONTACT", "ID")
OUTSIDE = "O"
TAGS = (OUTSIDE,) + tuple(f"{prefix}-{kind}" for kind in KINDS for prefix in ("B", "I"))


def hipaa_label(kind: str, value: str) -> str:
    """The HIPAA label a predicted kind stands for (``value`` only tells e-mail from URL)."""
    if kind == "AGE":
        return "AGE_OVER_89"
    if kind == "ID":
        return "OTHER_ID"
    if kind == "CONTACT":
        return "EMAIL" if "@" in value else "URL"
    return kind
