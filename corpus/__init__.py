"""Versioned fine-tuning corpus: instruction records, splits, dataset versions, trainer metrics."""
