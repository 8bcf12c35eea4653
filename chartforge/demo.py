"""`chartforge demo`: the whole mission on bundled demo data.

It runs, one after another, exactly the commands a data steward would type (each is
printed before it runs), so the demo doubles as a worked example of the steward's
workflow. A stage whose command fails stops the demo with that command's exit code.

The review step uses the demo's *simulated reviewer*, which decides from the planted
gold spans of the generated export: a demo/test device, never a substitute for people.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click


@dataclass
class Stage:
    name: str
    argv: list[str]
    seconds: float = 0.0
    returncode: int | None = None
    notes: list[str] = field(default_factory=list)


def _chartforge(*args: str) -> list[str]:
    return [sys.executable, "-m", "chartforge", *args]


def plan_stages(out: Path, patients: int, seed: int) -> list[Stage]:
    """The steward's commands, in order, with every output under ``out``."""
    export = out / "export"
    return [
        Stage("generate demo EHR export", _chartforge(
            "demo-data", "--patients", str(patients), "--seed", str(seed), "--out", str(export))),
        Stage("ingest (FHIR bundle)", _chartforge(
            "ingest", str(export / "fhir" / "bundle.json"), "--out", str(out / "ingested"))),
    ]


def run_stage(stage: Stage) -> int:
    shown = " ".join(shlex.quote(a) for a in ["chartforge", *stage.argv[3:]])
    click.secho(f"\n$ {shown}", fg="cyan", bold=True)
    started = time.perf_counter()
    stage.returncode = subprocess.run(stage.argv).returncode
    stage.seconds = time.perf_counter() - started
    return stage.returncode


def print_summary(stages: list[Stage], out: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="chartforge demo")
    table.add_column("stage")
    table.add_column("exit", justify="right")
    table.add_column("seconds", justify="right")
    for stage in stages:
        code = "-" if stage.returncode is None else str(stage.returncode)
        table.add_row(stage.name, code, f"{stage.seconds:.1f}")
    console = Console()
    console.print(table)
    console.print(f"Results are in [bold]{out.resolve()}[/bold]")


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-output"),
              show_default=True, help="Directory for every artifact of the demo run.")
@click.option("--patients", type=int, default=40, show_default=True, help="Demo patients to generate.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed for the demo generator.")
def demo(out: Path, patients: int, seed: int):
    """Run the whole pipeline on a generated demo export and print where the results are."""
    out.mkdir(parents=True, exist_ok=True)
    stages = plan_stages(out, patients, seed)
    for stage in stages:
        if run_stage(stage) != 0:
            print_summary(stages, out)
            raise SystemExit(stage.returncode)
    print_summary(stages, out)
