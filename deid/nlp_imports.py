"""Import spaCy, thinc and Presidio without torch and transformers.

thinc imports torch whenever it is installed (for PyTorch-wrapped layers), and Presidio's
NLP-engine package imports transformers (for its Hugging Face engine), which imports torch
again. chartforge's detectors use neither: spaCy's NER and the learned tagger are thinc
models on numpy. Importing them anyway cost every process that detects PHI ~330 MB of
resident memory and ~5 CPU-seconds of start-up (a fresh `import deid.detect`: 446 -> 118 MB
RSS, 6.9 -> 1.9 CPU-s; the flow's peak RSS: `python -m bench.deid_flow`), in a Dask worker
and the flow's process alike. Here torch and transformers are hidden while the three
libraries import (their guards fall back to "not installed"), then unhidden: code that
really uses torch later in the same process still imports it.

Call ``import_nlp_libraries()`` before the first import of spacy or presidio_analyzer (the
recognizers package and deid/engine.py do); if something imported them earlier, it is a no-op.
"""

from __future__ import annotations

import importlib
import sys

HIDDEN = ("torch", "transformers")
LIBRARIES = ("thinc.api", "spacy", "presidio_analyzer")


def import_nlp_libraries() -> None:
    if all(name in sys.modules for name in LIBRARIES):
        return
    hidden = [name for name in HIDDEN if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes `import torch` raise ImportError
    try:
        for name in LIBRARIES:
            importlib.import_module(name)
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
