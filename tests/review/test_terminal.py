"""`review next` in a terminal: a hostile note type or note text is shown as data."""

from __future__ import annotations

import io

from rich.console import Console

from review import queue
from review.sampling import SampleSettings
from review.terminal import run_terminal_review
from tests.review.batches import batch_from_gold

HOSTILE_TYPE = "[/bold]x[link=https://evil.example]y\x1b]8;;https://evil.example\x07z"


def test_hostile_note_type_and_text_are_printed_literally(tmp_path, store):
    gold = [{"id": f"{i:016x}", "patient_id": "p", "note_type": HOSTILE_TYPE, "spans": [],
             "text": "Seen today [red]x[/red] \x1b[2J\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 ok.\n"}
            for i in range(3)]
    batch = batch_from_gold(gold, tmp_path / "batch-hostile")
    info, _ = queue.open_round(store, batch.path, SampleSettings(pilot_size=3, seed=1), 1, "sue", 0.5)
    console = Console(file=io.StringIO(), width=300, force_terminal=True, color_system="standard")
    answers = iter(["c", "q"])
    assert run_terminal_review(store, "ann", ask=lambda *a, **k: next(answers), console=console) == 1
    out = console.file.getvalue()
    assert "[/bold]x[link=https://evil.example]y" in out and "[red]x[/red]" in out
    assert "\x07" not in out and "\x1b]8" not in out and "\x1b[2J" not in out
    assert [d.verdict for d in store.decisions(info.round_id)] == ["clean"]
    # The next item is shown too (a crash on the leased item would repeat on every start).
    answers = iter(["q"])
    assert run_terminal_review(store, "ann", ask=lambda *a, **k: next(answers), console=console) == 0
