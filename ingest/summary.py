"""Per-file and total counts; they must reconcile: read = written + duplicates + quarantined."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

COUNTS = ("read", "written", "duplicates", "quarantined")


@dataclass
class FileSummary:
    file: str
    format: str | None = None
    encoding: str | None = None
    encoding_detected: bool = False
    read: int = 0
    written: int = 0
    duplicates: int = 0
    quarantined: int = 0
    errors: Counter = field(default_factory=Counter)  # error code -> count

    @property
    def reconciled(self) -> bool:
        return self.read == self.written + self.duplicates + self.quarantined

    def as_dict(self) -> dict:
        data = asdict(self)
        data["errors"] = dict(sorted(self.errors.items()))
        data["reconciled"] = self.reconciled
        return data


@dataclass
class IngestSummary:
    files: list[FileSummary] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    default_source: str = ""

    def total(self) -> dict:
        total = {name: sum(getattr(f, name) for f in self.files) for name in COUNTS}
        errors = Counter()
        for f in self.files:
            errors.update(f.errors)
        total["errors"] = dict(sorted(errors.items()))
        total["reconciled"] = total["read"] == total["written"] + total["duplicates"] + total["quarantined"]
        return total

    def as_dict(self) -> dict:
        return {"files": [f.as_dict() for f in self.files], "total": self.total(),
                "outputs": self.outputs, "default_source": self.default_source}


def render_table(summary: IngestSummary):
    """A rich table: one line per file, then the total; ``ok`` = read reconciles with the other counts."""
    from rich.table import Table

    table = Table(title="chartforge ingest", show_footer=True)
    total = summary.total()
    table.add_column("file", footer="total", overflow="fold")
    table.add_column("format", no_wrap=True)
    table.add_column("encoding", no_wrap=True)
    for name in COUNTS:
        table.add_column(name, justify="right", footer=str(total[name]), no_wrap=True, min_width=len(name))
    table.add_column("ok", footer="yes" if total["reconciled"] else "NO", no_wrap=True)
    for f in summary.files:
        encoding = (f.encoding or "-") + (" (detected)" if f.encoding_detected else "")
        table.add_row(f.file, f.format or "-", encoding, *(str(getattr(f, n)) for n in COUNTS),
                      "yes" if f.reconciled else "NO")
    return table
