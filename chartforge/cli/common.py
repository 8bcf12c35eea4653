"""The one error handler of every chartforge CLI.

A stage's click group is ``@click.group(cls=Group)``: a :class:`ChartforgeError` that
escapes a command is printed as one ``error: [E…] …`` line on stderr and the process exits
with the code's exit class from the catalogue (chartforge/errors.py: 2 usage, 3 input,
1 check failed). Commands therefore raise; they do not map codes to exit statuses themselves.
"""

from __future__ import annotations

import click

from chartforge.errors import EXIT_CHECK, EXIT_INPUT, EXIT_OK, EXIT_USAGE, ChartforgeError

__all__ = ["EXIT_CHECK", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "Group", "fail"]


def fail(exc: ChartforgeError) -> None:
    """Print one error line and exit with the error's class (for code outside a Group)."""
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(exc.exit_code)


class Group(click.Group):
    """A click group that maps a ChartforgeError from any subcommand to its exit class."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChartforgeError as exc:
            fail(exc)
