"""Code spelling lives in ``chartforge.contracts.codes`` (one rule for every stage)."""

from chartforge.contracts.codes import category_hit, code_hit, dotless, dotted, looks_like_code

__all__ = ["category_hit", "code_hit", "dotless", "dotted", "looks_like_code"]
