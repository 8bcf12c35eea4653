"""The ``chartforge`` command.

Subcommands live in their stage packages (``ingest/cli.py``, ``deid/cli.py`` …) and are
imported only when invoked, so ``chartforge --help`` is instant and never loads a model.
To add a subcommand, add one line to ``SUBCOMMANDS``: name -> ("module:attribute", help).

Exit codes (every subcommand): 0 success; 1 the job ran but its check failed (a gate
failed, a verification found a change, a goal was missed); 2 usage or configuration
error; 3 input error (some records quarantined is *not* an error: see the summary).
"""

from __future__ import annotations

import importlib
import sys

import click

from chartforge import __version__
from chartforge.offline import configure_offline_environment

configure_offline_environment()

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "codebooks": ("codebooks.cli:codebooks", "ICD-10-CM/CPT lookup, validation, NCCI edits and code retrieval."),
    "corpus": ("corpus.cli:corpus", "Build, inspect, verify and evaluate versioned fine-tuning datasets."),
    "demo": ("chartforge.demo:demo", "Run the whole pipeline on bundled demo data."),
    "deid": ("deid.cli:deid", "Detect PHI in notes, evaluate against gold, de-identify batches."),
    "demo-data": ("demodata.cli:demo_data", "Generate a synthetic EHR export with planted PHI and gold spans."),
    "ingest": ("ingest.cli:ingest", "Read EHR exports (CSV, JSONL, Parquet, FHIR R4) into Parquet notes."),
    "review": ("review.cli:review", "Review queue, reviewers' web UI and the residual-PHI gate."),
    "synth": ("synth.cli:synth", "Synthetic notes from seed codes, labelled with evidence lines; eval, transfer."),
}

EXIT_OK, EXIT_CHECK_FAILED, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx, name):
        if name not in SUBCOMMANDS:
            return None
        target, _ = SUBCOMMANDS[name]
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def format_commands(self, ctx, formatter):
        rows = [(name, SUBCOMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chartforge")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="TOML file overriding chartforge/chartforge.toml (else $CHARTFORGE_CONFIG or ./chartforge.toml).")
def cli(config_path):
    """chartforge: EHR export -> de-identified and synthetic, versioned fine-tuning corpus.

    The data steward's path: demo-data (or a real export) -> ingest -> deid run ->
    review -> synth run -> corpus build. Every subcommand has --help.
    """
    from chartforge.config import load_config, set_config
    from chartforge.errors import ChartforgeError

    try:
        set_config(load_config(config_path))
    except ChartforgeError as exc:
        raise click.UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    from chartforge.errors import ChartforgeError

    try:
        return cli.main(args=argv, prog_name="chartforge", standalone_mode=True) or 0
    except ChartforgeError as exc:  # an input error that escaped a subcommand
        click.echo(f"error: {exc}", err=True)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
