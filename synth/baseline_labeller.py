"""The synth labeller behind the corpus baseline's interface: numbered lines in, a record's
``output`` out (contracts §6), evidence as published line numbers.

Its own module above synth/pipeline.py (it builds the labeller the pipeline builds), so
label/labeller.py never imports the pipeline that imports it.
"""

from __future__ import annotations

from chartforge.contracts.lines import evidence_number
from synth import pipeline, terms
from synth.settings import SynthSettings


class RetrievalLabeller:
    """Adapter for the corpus baseline (corpus/baseline.py): numbered lines in, a record's
    ``output`` shape out (contracts §6), evidence as 1-based line numbers."""

    def __init__(self, config, top_k: int = 10, retrieval: bool = True):
        """``config``: the configuration the entry point loaded and handed down."""
        settings = SynthSettings.from_config(config, k=top_k, retrieval=retrieval)
        self.labeller = pipeline.make_labeller(settings, terms.full_index(settings.index_terms_file()),
                                               pipeline.load_catalog(settings.codebooks))

    def label(self, lines: list[str]) -> dict:
        result = self.labeller.label("\n".join(lines))
        # split_lines drops blank lines: map positions back to the caller's line numbers
        kept = [i for i, line in enumerate(lines) if line.strip()]

        def shift(items):
            return [{**c, "evidence": [evidence_number(kept[i]) for i in c["evidence"]]} for c in items]

        return {"icd10cm": shift(result.icd10cm), "cpt": shift(result.cpt)}
