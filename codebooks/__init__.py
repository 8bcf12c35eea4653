"""Codebooks (ICD-10-CM, procedure catalogs, NCCI edits) and FAISS/BM25 code retrieval."""
