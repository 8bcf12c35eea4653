"""Synthetic branch: notes from seed codes, labelled through line-level code retrieval with evidence."""
