"""Demo EHR export generator: realistic synthetic notes with planted PHI and gold spans (the main test fixture).

`chartforge demo-data --patients N --seed S --out DIR` (chartforge/cli/demodata.py) writes the layout of
docs/contracts.md section 1. Modules, in the order data flows:

* templates.yaml, clinical.yaml, phi_formats.yaml: all wording, clinical content and PHI formats (data, not code)
* resources.py: loads them; seeded-random helpers
* people.py, places.py, dates.py, identifiers.py: PHI values and how notes write them
* phi.py: a patient's identity and the PHI placeholder resolver (span rules in its docstring)
* clinical.py: non-PHI clinical content and traps
* notes.py: composes one note; gold offsets are recorded while the text is built
* generator.py: patients -> encounters -> notes + existing ICD-10-CM/CPT codes, deterministic per (seed, patient)
* writers.py, fhir.py, report.py, export.py: streaming CSV/JSONL/Parquet/FHIR/gold writers, README, one-call export
"""
