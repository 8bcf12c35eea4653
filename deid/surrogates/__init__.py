"""Surrogate generation: replace detected PHI with consistent, format-preserving fake values.

Every surrogate is a pure function of (secret key, patient id, real value), so one patient's
notes get the same fake values in any order, in any chunk, in any run with the same key.
The one batch-level exception is the MRN map (sequential synthetic ids), built once per batch.
"""

from deid.surrogates.replace import SurrogateContext, deidentify_text

__all__ = ["SurrogateContext", "deidentify_text"]
