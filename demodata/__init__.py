"""Demo EHR export generator: realistic synthetic notes with planted PHI and gold spans (the main test fixture)."""
