"""devsets/splits.py: the split is a pure function of the text."""

import hashlib

from devsets.splits import DEV, TEST, split_of, text_key


def test_key_is_sha256_prefix_and_split_is_stable():
    text = "HISTORY: The patient was seen by Dr. XYZ."
    key = text_key(text)
    assert key == hashlib.sha256(text.encode()).hexdigest()[:16]
    bucket = int(hashlib.sha256(f"split:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    assert split_of(key) == (DEV if bucket < 0.6 else TEST)
    assert split_of(key, dev_share=1.0) == DEV and split_of(key, dev_share=0.0) == TEST
