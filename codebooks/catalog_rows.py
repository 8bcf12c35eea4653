"""Row-level problems in user-supplied catalog files: raise (strict) or quarantine.

Nothing is silently dropped: in lenient mode every skipped row is kept with its file, row
number and reason, and commands report the count; reasons never quote row content beyond
the field name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from chartforge.errors import ChartforgeError


@dataclass(frozen=True)
class RejectedRow:
    file: str
    row: int
    reason: str


@dataclass
class RowErrors:
    strict: bool = True
    rejected: list[RejectedRow] = field(default_factory=list)

    def reject(self, file: Path | str, row: int, reason: str) -> None:
        if self.strict:
            raise ChartforgeError.make("E401", file=file, row=row, reason=reason)
        self.rejected.append(RejectedRow(str(file), row, reason))
