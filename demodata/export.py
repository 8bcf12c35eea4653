"""One call that writes a whole demo export: used by the CLI, the test fixture and the bench."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from demodata.generator import DemoGenerator, PatientRecord
from demodata.report import write_readme
from demodata.writers import FORMATS, ExportStats, ExportWriter


def generate_export(out: Path, patients: int, seed: int, formats: tuple[str, ...] = FORMATS,
                    row_group_rows: int = 2000, workers: int = 1,
                    progress: Callable[[Iterable[PatientRecord]], Iterable[PatientRecord]] | None = None
                    ) -> ExportStats:
    """Generate ``patients`` patients into ``out``; ``progress`` may wrap the patient stream (tqdm)."""
    records = DemoGenerator(seed).patients(patients, workers=workers)
    if progress is not None:
        records = progress(records)
    with ExportWriter(Path(out), formats, seed, row_group_rows) as writer:
        for record in records:
            writer.add(record)
    write_readme(Path(out), writer.stats, patients, seed, formats)
    return writer.stats
