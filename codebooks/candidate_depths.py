"""How many candidates retrieval keeps: part of the retriever's behaviour and of the learned
re-ranker's cache key (reranker_training.py), so both read them from here."""

# Codes from the index-path neighbourhood added as candidates even if neither retriever found them.
NEIGHBOURHOOD_CODES = 10

# Fused candidates kept per line for re-ranking and specialization (at least the re-ranker's
# depth; at 100 the gold code of 94% of held-out index terms is among them, 88% at 30).
KEEP_PER_LINE = 100
