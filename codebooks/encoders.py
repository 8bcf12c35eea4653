"""Pick the encoder a setting names: ``contextual`` (MiniLM) or ``static`` (its distillation).

Kept apart from encoder.py because the static encoder is built from the contextual one
(static_encoder.py imports encoder.py): the choice between them sits above both, so no two
modules import each other.
"""

from __future__ import annotations

from pathlib import Path

from codebooks.encoder import ContextualEncoder


def get_encoder(kind: str, cache_dir: Path, progress: bool = True):
    """``contextual`` (MiniLM) or ``static`` (its per-token distillation, see static_encoder.py)."""
    if kind == "contextual":
        return ContextualEncoder()
    if kind == "static":
        from codebooks.static_encoder import load_static_encoder

        return load_static_encoder(cache_dir, progress=progress)
    raise ValueError(f"unknown encoder {kind!r} (expected 'contextual' or 'static')")
