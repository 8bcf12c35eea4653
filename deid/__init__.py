"""De-identification: PHI detection (NER + clinical recognizers + regex scrub), verification pass, surrogates."""
