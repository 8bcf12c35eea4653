"""Find planted PHI values in blobs (files, database dumps, logs, API responses).

A value counts as found only as a whole token: ZIP "45154" inside a timestamp's microseconds or
"mark" inside "markdown" are not leaks; a leaked value sits in a JSON string or a log line as a
token. An all-digit value right after a "." is a number's fraction, not a leak: a database dump is
full of timestamps ("13:05:12.582875") and an MRN "582875" is no more there than in "0.582875".
Values shorter than ``min_chars`` are left out: "92" or "3/4" occur by chance in any
binary file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

_TOKEN = re.compile(rb"[A-Za-z0-9]+")


def planted_values(gold_dir: Path, min_chars: int = 4) -> list[str]:
    """The demo export's planted PHI strings (gold/phi_values.json)."""
    values = json.loads((Path(gold_dir) / "phi_values.json").read_text(encoding="utf-8"))
    if isinstance(values, dict):
        values = [v for group in values.values() for v in (group if isinstance(group, list) else [group])]
    return sorted({v for v in values if isinstance(v, str) and len(v) >= min_chars})


class PhiScanner:
    """Scans many blobs for many values: each blob is tokenized once, then a value is searched
    only when all its tokens occur in the blob (a regex per value per blob takes minutes on a
    Prefect database dump)."""

    def __init__(self, values: list[str]):
        if not values:
            raise ValueError("no planted values to scan for")
        self.values = list(values)
        self._patterns = {v: re.compile((rb"(?<![A-Za-z0-9.])" if v.isdigit() else rb"(?<![A-Za-z0-9])")
                                        + re.escape(v.encode("utf-8")) + rb"(?![A-Za-z0-9])") for v in self.values}
        self._tokens = {v: set(_TOKEN.findall(v.encode("utf-8"))) for v in self.values}

    def find(self, blob: bytes | str) -> list[str]:
        """The planted values that occur in ``blob`` as whole tokens."""
        data = blob.encode("utf-8") if isinstance(blob, str) else blob
        tokens = set(_TOKEN.findall(data))
        return [v for v, pattern in self._patterns.items() if self._tokens[v] <= tokens and pattern.search(data)]

    def scan(self, blobs: dict[str, bytes | str]) -> list[tuple[str, str]]:
        """(blob name, value) for every hit, sorted; an empty list means nothing leaked."""
        return sorted({(name, value) for name, blob in blobs.items() for value in self.find(blob)})

    def scan_files(self, paths) -> list[tuple[str, str]]:
        return self.scan({str(p): Path(p).read_bytes() for p in paths})
