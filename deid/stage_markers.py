"""Resumable stage markers live in ``chartforge.stage_markers`` (the base: the deid stages and
the review sample step both use them); this is the deid stage's name for them."""

from chartforge.stage_markers import FAIL_AT_ENV, completed, inputs_hash, run_stage  # noqa: F401
