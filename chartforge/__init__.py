"""chartforge: EHR export -> versioned fine-tuning corpus for ICD-10-CM/CPT coding models.

The top-level stage packages (``ingest``, ``deid``, ``synth``, ``codebooks``, ``review``,
``corpus``, ``flows``, ``demodata``) do the work; this package holds what they share:
configuration, error messages, atomic file IO, the offline environment and the CLI.
"""

__version__ = "0.1.0"
