"""ingest/progress.py: the bar reaches the total bytes of the sources."""

import io

from rich.console import Console

from ingest.progress import ByteProgress
from tests.ingest.helpers import run


def test_progress_reaches_every_byte_of_every_source(export_dir, tmp_path, config):
    sources = [export_dir / "export.jsonl", export_dir / "documentreference.ndjson", export_dir / "export.csv"]
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    with ByteProgress(sources, console) as progress:
        run(sources, tmp_path / "out", config, progress=progress)
        task = progress._progress.tasks[0]
        assert task.completed == task.total == sum(p.stat().st_size for p in sources)
    assert "ingest" in console.file.getvalue()
