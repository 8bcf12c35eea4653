"""What every reader gets: the ingest configuration and a byte counter for the progress bar."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


class CountingReader(io.RawIOBase):
    """A binary file that reports every byte it hands out (progress over bytes, not rows)."""

    def __init__(self, raw, on_bytes: Callable[[int], None]):
        self._raw = raw
        self._on_bytes = on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._on_bytes(count)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class ReadContext:
    mapping: dict
    chunk_rows: int = 5000
    csv_encoding: str = "utf-8"
    encoding_tie_breakers: tuple[str, ...] = ("cp1252",)
    on_bytes: Callable[[int], None] = lambda n: None
    # Facts a reader learned about a file (e.g. the encoding it detected), for the summary.
    file_notes: dict = field(default_factory=dict)

    def open_binary(self, path: Path, buffer_size: int = 1 << 20) -> io.BufferedReader:
        return io.BufferedReader(CountingReader(open(path, "rb", buffering=0), self.on_bytes),
                                 buffer_size=buffer_size)

    def note(self, path: Path, key: str, value) -> None:
        self.file_notes.setdefault(str(path), {})[key] = value
