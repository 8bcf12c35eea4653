"""Nursing-note generator: terse ICU/ward notes with planted PHI and gold spans (grammar.yaml)."""

# Seeds: tune on DEV_SEEDS; TEST_SEED is held out (its notes are never read while writing rules).
DEV_SEEDS = (1, 2, 3)
TEST_SEED = 9173
