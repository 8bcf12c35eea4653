"""`chartforge review next`: the review queue in a terminal, same store and rules as the web UI.

Keys (then Enter): c clean · f flag text (type the exact text still PHI, then its
category number) · n submit findings · u undo · q quit. The note is shown on the
reviewer's own terminal only; nothing is logged. Note text and note type are printed as
data (review.display.plain): never parsed as Rich markup, control sequences made visible.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from chartforge.console import line, make_console, styled
from chartforge.contracts.spans import LABELS
from review import queue
from review.display import plain
from review.notes import load_note
from chartforge.settings.sections import ReviewSection
from review.store.base import AlreadyDecided, Finding, ReviewStore

def note_text(text: str, surrogates, flags, findings) -> Text:
    rendered = plain(text)  # controls shown as U+FFFD, one for one: the spans still fit
    for span in surrogates:
        rendered.stylize("bold on blue", span.start, span.end)
    for span in flags:
        rendered.stylize("black on yellow", span.start, span.end)
    for span in findings:
        rendered.stylize("bold white on red", span.start, span.end)
    return rendered


def _choose_spans(text: str, value: str, ask: Callable) -> list[tuple[int, int]]:
    """Offsets of the typed value in the note; several occurrences: pick one, or 0 for all."""
    starts, at = [], text.find(value) if value else -1
    while at >= 0:
        starts.append(at)
        at = text.find(value, at + 1)
    if len(starts) > 1:
        pick = ask(f"{len(starts)} occurrences; which one (1-{len(starts)}, 0 = all)",
                   type=click.IntRange(0, len(starts)), default=0)
        starts = starts if pick == 0 else [starts[pick - 1]]
    return [(s, s + len(value)) for s in starts]


def run_terminal_review(store: ReviewStore, username: str, ask: Callable = click.prompt,
                        console: Console | None = None,
                        lease_minutes: int = ReviewSection.lease_minutes) -> int:
    """Review until the queue is empty or the reviewer quits; returns the decisions made.

    ``lease_minutes``: [review] lease_minutes (the CLI passes the configured value)."""
    console = console or make_console()
    lease_seconds = lease_minutes * 60
    made = 0
    while True:
        item = queue.next_item(store, username, lease_seconds)
        progress = queue.progress(store, username)
        if item is None:
            console.print(line(("Queue empty.", "bold"), f" {progress.complete}/{progress.total} complete."))
            return made
        info = store.get_round(item.round_id)
        note = load_note(Path(info.batch_dir), item.note_id)
        findings: list[Finding] = []
        while True:
            # The note type is export text: data, never markup (review.display).
            console.rule(Text.assemble(f"{item.phase} · ", plain(note.note_type, one_line=True),
                                       f" · item {item.item_id[:8]} · {progress.complete}/{progress.total} complete"))
            console.print(note_text(note.text, note.surrogates, note.flags, findings))
            console.print(line(("surrogate", "blue"), " ", ("verification flag", "yellow"), " ", ("your finding", "red")))
            command = ask("c clean · f flag · n submit · u undo · q quit", default="").strip().lower()
            if command == "q":
                return made
            if command == "u":
                if findings:
                    findings.pop()
                    continue
                if store.undo_last(item.round_id, username, queue.now_iso()):
                    console.print("undone")
                    break
                console.print("nothing to undo")
                continue
            if command == "f":
                value = ask("text that is still PHI (exact)", default="")
                spans = _choose_spans(note.text, value, ask)
                if not spans:
                    console.print(styled("not found in the note", "red"))
                    continue
                console.print("  ".join(f"{i}={label}" for i, label in enumerate(LABELS, start=1)))
                number = ask("category", type=click.IntRange(1, len(LABELS)))
                findings.extend(Finding(s, e, LABELS[number - 1]) for s, e in spans)
                continue
            if command in ("c", "n"):
                if (command == "c") == bool(findings):
                    console.print(styled("c marks a note clean (no findings); n submits findings", "yellow"))
                    continue
                try:
                    store.record_decision(item.item_id, username, "clean" if command == "c" else "phi",
                                          sorted(set(findings), key=lambda f: (f.start, f.end)), queue.now_iso())
                    made += 1
                except AlreadyDecided:
                    console.print(styled("already decided; u to undo", "yellow"))
                break
