"""Export text shown in a terminal is data: never Rich markup, never a control sequence."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from review.display import plain

HOSTILE = "[/bold]x[link=https://evil.example]y\x1b]8;;https://evil.example\x07click\x1b[2J\u202eZ"


def _render(*renderables) -> str:
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="standard")
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue()


def test_markup_is_printed_literally_and_controls_become_visible_placeholders():
    table = Table("stratum")
    table.add_row(plain(HOSTILE))
    out = _render(plain(HOSTILE), table)
    assert out.count("[/bold]x[link=https://evil.example]y") == 2
    assert "\x07" not in out and "\u202e" not in out and "\x1b]8" not in out and "\x1b[2J" not in out
    assert "\ufffd]8;;https://evil.example\ufffdclick" in out


def test_plain_keeps_lengths_so_offsets_still_fit():
    text = "a\x1bb\u202ec\nd\te"
    shown = plain(text)
    assert len(shown.plain) == len(text) and shown.plain == "a\ufffdb\ufffdc\nd\te"
    assert plain(HOSTILE, one_line=True).plain.count("\n") == 0
