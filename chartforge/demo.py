"""`chartforge demo`: the whole mission on bundled demo data.

It runs, one after another, the commands a data steward would type (each is printed
before it runs), so the demo doubles as a worked example of the steward's workflow:

    demo-data -> deid run -> review sample -> [simulated review] -> review gate
              -> synth run -> corpus build -> corpus baseline -> corpus eval

The review step uses the *simulated reviewer* (``review/simulated_reviewer.py``), which
decides from the planted gold spans of the generated export: a demo/test device, never a
substitute for people. The gate's verdict is honest: when the de-identified batch fails
it, the demo shows the corpus build refusing that batch and builds from the synthetic run
alone. At the end it prints a summary and writes ``report.html`` with charts.
"""

from __future__ import annotations

from chartforge.contracts import files
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE

import json
import secrets
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

SIMULATED_REVIEWER = "demo-simulated-reviewer"


@dataclass
class StageResult:
    name: str
    command: str
    returncode: int
    seconds: float
    expected_failure: bool = False


class DemoRun:
    """Runs the stages and remembers what happened, for the summary and the report."""

    def __init__(self, out: Path):
        self.out = out
        self.results: list[StageResult] = []

    def chartforge(self, name: str, *args: str, allow_failure: bool = False) -> int:
        shown = " ".join(shlex.quote(str(a)) for a in ("chartforge", *args))
        click.secho(f"\n$ {shown}", fg="cyan", bold=True)
        started = time.perf_counter()
        returncode = subprocess.run([sys.executable, "-m", "chartforge", *map(str, args)]).returncode
        self.results.append(StageResult(name, shown, returncode, time.perf_counter() - started, allow_failure))
        if returncode != 0 and not allow_failure:
            self.finish(failed=True)
            raise SystemExit(returncode)
        return returncode

    def in_process(self, name: str, label: str, func):
        click.secho(f"\n# {label}", fg="magenta", bold=True)
        started = time.perf_counter()
        value = func()
        self.results.append(StageResult(name, label, 0, time.perf_counter() - started))
        return value

    def finish(self, failed: bool = False) -> None:
        from chartforge.demo_report import collect_summary, print_summary, write_html_report

        summary = collect_summary(self.out, self.results)
        (self.out / files.DEMO_SUMMARY).write_text(json.dumps(summary, indent=2, sort_keys=True, default=str))
        print_summary(summary)
        report = write_html_report(self.out, summary)
        click.echo(f"\nReport: {report.resolve()}")
        click.echo(f"Results are in {self.out.resolve()}" + (" (the demo stopped early)" if failed else ""))


def newest_dir(parent: Path, marker: str) -> Path:
    """The most recently written run directory under ``parent`` that holds ``marker``."""
    candidates = [p.parent for p in parent.glob(f"*/{marker}")]
    if not candidates:
        raise click.ClickException(f"no directory with {marker} under {parent}")
    return max(candidates, key=lambda p: (p / marker).stat().st_mtime)


def simulate_review(store_path: Path, gold: Path) -> dict:
    """DEMO DEVICE: answer the whole queue from the planted gold (see module docstring)."""
    from review import simulated_reviewer
    from review.auth import add_user
    from review.store import open_store

    store = open_store(store_path)
    if store.get_user(SIMULATED_REVIEWER) is None:
        add_user(store, SIMULATED_REVIEWER, secrets.token_urlsafe(24), "reviewer", actor="chartforge-demo")
    counts = simulated_reviewer.review_queue(store, SIMULATED_REVIEWER, gold)
    click.echo(f"simulated reviewer decided {counts['clean']} clean, {counts['phi']} with residual PHI")
    return counts


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-output"),
              show_default=True, help="Directory for every artifact of the demo run.")
@click.option("--patients", type=int, default=30, show_default=True, help="Demo patients to generate.")
@click.option("--synth-notes", type=int, default=300, show_default=True, help="Synthetic notes to generate.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed for the generators and samplers.")
def demo(out: Path, patients: int, synth_notes: int, seed: int):
    """Run the whole pipeline on a generated demo export; print a summary and write report.html."""
    out.mkdir(parents=True, exist_ok=True)
    export, batches, store = out / "export", out / "batches", out / "review.sqlite"
    datasets, synth_runs = out / "datasets", out / "synth"
    gold = export / "gold" / files.GOLD
    run = DemoRun(out)

    run.chartforge("generate demo EHR export", "demo-data", "--patients", patients, "--seed", seed,
                   "--out", export)
    run.chartforge("de-identify (Prefect flow deid)", "deid", "run", export / "fhir" / files.FHIR_BUNDLE,
                   "--out", batches, "--gold", gold)
    batch = newest_dir(batches, MANIFEST_FILE)
    run.chartforge("draw review sample", "review", "sample", batch, "--store", store, "--seed", seed)
    run.in_process("simulated review", "DEMO DEVICE: simulated reviewer answers the queue from the planted gold",
                   lambda: simulate_review(store, gold))
    gate_rc = run.chartforge("residual-PHI gate", "review", "gate", batch, "--store", store,
                             "--by", "demo-steward", allow_failure=True)
    run.chartforge("synthetic run (Prefect flow synth)", "synth", "run", "--notes", synth_notes, "--seed", seed,
                   "--batch", batch, "--out", synth_runs, "--prefect")
    synth_run = newest_dir(synth_runs, MANIFEST_FILE)
    if gate_rc == 0:
        run.chartforge("corpus build", "corpus", "build", "--name", "demo", "--deid", batch,
                       "--synth", synth_run, "--datasets-dir", datasets, "--probe")
    else:
        click.secho("\nThe batch failed the residual-PHI gate: the corpus build must refuse it.", fg="yellow")
        run.chartforge("corpus build refuses the gate-failed batch", "corpus", "build", "--name", "demo",
                       "--deid", batch, "--synth", synth_run, "--datasets-dir", datasets, allow_failure=True)
        run.chartforge("corpus build (synthetic run only)", "corpus", "build", "--name", "demo",
                       "--synth", synth_run, "--datasets-dir", datasets, "--probe")
    # The retrieval-only labeller: the rule labeller wrote the synthetic labels, so it would
    # score a meaningless 1.0 on a corpus that holds synthetic records only.
    run.chartforge("baseline predictions (retrieval-only labeller)", "corpus", "baseline", "--version", "demo",
                   "--labeller", "retrieval", "--out", out / files.BASELINE_PRED, "--datasets-dir", datasets)
    run.chartforge("trainer metrics", "corpus", "eval", "--version", "demo", "--pred", out / files.BASELINE_PRED,
                   "--report", out / files.BASELINE_EVAL, "--datasets-dir", datasets)
    run.finish()
