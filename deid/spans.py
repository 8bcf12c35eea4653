"""The Span contract lives in ``chartforge.contracts.spans`` (the base every stage may import).

Kept as this stage's name for it, so ``from deid.spans import Span`` reads as before.
"""

from chartforge.contracts.spans import LABELS, Span

__all__ = ["LABELS", "Span"]
