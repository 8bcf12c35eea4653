"""The ``chartforge`` command.

Subcommands live beside this file (``chartforge/cli/ingest.py``, ``deid.py`` …): the CLI is an
entry point on top of the stages (docs/architecture.md), never imported by them. They are
imported only when invoked, so ``chartforge --help`` is instant and never loads a model.
To add a subcommand, add one line to ``SUBCOMMANDS``: name -> ("module:attribute", help).

Exit codes (every subcommand): 0 success; 1 the job ran but its check failed (a gate
failed, a verification found a change, a goal was missed); 2 usage or configuration
error; 3 input error (some records quarantined is *not* an error: see the summary). Each
E-code carries its class in chartforge/errors.py; ``chartforge.cli.common.Group`` maps it.
"""

from __future__ import annotations

import importlib
import sys

import click

from chartforge import __version__
from chartforge.cli.common import Group
from chartforge.offline import configure_offline_environment

configure_offline_environment()

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "codebooks": ("chartforge.cli.codebooks:codebooks", "ICD-10-CM/CPT lookup, validation, NCCI edits and code retrieval."),
    "corpus": ("chartforge.cli.corpus:corpus", "Build, inspect, verify and evaluate versioned fine-tuning datasets."),
    "demo": ("chartforge.demo:demo", "Run the whole pipeline on bundled demo data."),
    "deid": ("chartforge.cli.deid:deid", "Detect PHI in notes, evaluate against gold, de-identify batches."),
    "demo-data": ("chartforge.cli.demodata:demo_data", "Generate a synthetic EHR export with planted PHI and gold spans."),
    "ingest": ("chartforge.cli.ingest:ingest", "Read EHR exports (CSV, JSONL, Parquet, FHIR R4) into Parquet notes."),
    "review": ("chartforge.cli.review:review", "Review queue, reviewers' web UI and the residual-PHI gate."),
    "synth": ("chartforge.cli.synth:synth", "Synthetic notes from seed codes, labelled with evidence lines; eval, transfer."),
}

class LazyGroup(Group):
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
    except ChartforgeError as exc:  # E001-E006: the configuration is a usage error
        raise click.UsageError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    from chartforge.errors import ChartforgeError

    try:
        return cli.main(args=argv, prog_name="chartforge", standalone_mode=True) or 0
    except ChartforgeError as exc:  # escaped a group that is not a cli.common.Group
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
