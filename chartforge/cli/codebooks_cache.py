"""``chartforge codebooks cache``: list the cache's entries and prune those no longer used.

Kept apart from chartforge/cli/codebooks.py (look-up, search, evaluation) because it only manages
files: it never loads a model or a code set.
"""

from __future__ import annotations

import datetime as dt
import sys

import click
from rich.table import Table

from chartforge.cli.common import EXIT_USAGE
from chartforge.console import line, make_console
from codebooks.cache_admin import cache_entries, parse_duration, remove, stale_entries

console = make_console()


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _when(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def _table(title: str, entries) -> Table:
    table = Table(title=title)
    table.add_column("entry", overflow="fold")
    table.add_column("kind")
    table.add_column("size", justify="right")
    table.add_column("last used", no_wrap=True)
    for entry in entries:
        table.add_row(entry.name, entry.kind, _size(entry.size_bytes), _when(entry.last_used))
    return table


@click.group("cache")
def cache():
    """List or prune the retrieval cache (indexes, re-rankers, vectors)."""


@cache.command("list")
def list_command():
    """Every cache entry with its size and when it was last used."""
    from chartforge.config import get_config
    from codebooks.paths import cache_dir

    directory = cache_dir(get_config().settings.codebooks)
    entries = cache_entries(directory)
    console.print(_table(f"codebooks cache: {directory}", entries))
    console.print(f"{len(entries)} entries, {_size(sum(e.size_bytes for e in entries))}")


@cache.command("prune")
@click.option("--unused-for", default="7d", show_default=True,
              help="Remove entries not used for this long: a number and s/m/h/d/w (e.g. 12h, 7d).")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def prune_command(unused_for, dry_run):
    """Remove cache entries no load has used for --unused-for (a new setting builds a new
    entry and leaves the old one unread; a pruned entry that is needed again is rebuilt)."""
    from chartforge.config import get_config
    from codebooks.paths import cache_dir

    try:
        seconds = parse_duration(unused_for)
    except ValueError as exc:
        console.print(line(("error:", "red"), f" --unused-for {unused_for!r}: {exc}"))
        sys.exit(EXIT_USAGE)
    directory = cache_dir(get_config().settings.codebooks)
    stale = stale_entries(directory, seconds)
    freed = sum(e.size_bytes for e in stale)
    if not stale:
        console.print(f"nothing unused for {unused_for} in {directory}")
        return
    console.print(_table(("would remove" if dry_run else "removing") + f" (unused for {unused_for})", stale))
    if not dry_run:
        for entry in stale:
            remove(entry)
    console.print(f"{len(stale)} entries, {_size(freed)} {'would be freed' if dry_run else 'freed'}")
