"""A rich progress bar over the bytes of all sources (rows vary too much in size to count)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                           TransferSpeedColumn)


class ByteProgress:
    def __init__(self, sources: list[Path], console: Console):
        total = sum(p.stat().st_size for p in sources)
        self._progress = Progress(TextColumn("ingest {task.description}"), BarColumn(), DownloadColumn(),
                                  TransferSpeedColumn(), TimeRemainingColumn(), console=console, transient=True)
        self._task = self._progress.add_task("", total=total)

    def __enter__(self) -> "ByteProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.stop()

    def start_file(self, path: Path) -> None:
        self._progress.update(self._task, description=path.name)

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)
