"""The regex scrub layer: structured identifiers matched on raw text after NER, independent
of it (patterns in data/scrub_patterns.yaml). Returns Spans with ``source="scrub.<name>"``."""

from __future__ import annotations

from deid.recognizers.base import compile_patterns
from deid.resources import data_file, load_data
from deid.spans import Span


class Scrubber:
    def __init__(self, path: str | None = None):
        spec = load_data(path or data_file(__file__, "data/scrub_patterns.yaml"))
        self.patterns = compile_patterns(spec)

    def scrub(self, text: str) -> list[Span]:
        spans = []
        for pattern in self.patterns:
            for match in pattern.pattern.finditer(text):
                if "phi" in match.re.groupindex and match.start("phi") >= 0:
                    start, end = match.start("phi"), match.end("phi")
                else:
                    start, end = match.start(), match.end()
                if start < end:
                    spans.append(Span(start, end, pattern.label, pattern.score, f"scrub.{pattern.name}"))
        return spans
