"""`chartforge demo`: the whole mission on bundled demo data.

It runs, one after another, the commands a data steward would type (each is printed
before it runs), so the demo doubles as a worked example of the steward's workflow:

    demo-data -> deid run -> review sample -> [simulated review] -> review gate
      (round 2, when the gate failed: review export-findings -> site lexicon -> deid run
       -> review sample -> [simulated review] -> review gate)
              -> synth run -> corpus build -> corpus baseline -> corpus eval

The review step uses the *simulated reviewer* (``review/simulated_reviewer.py``), which
decides from the planted gold spans of the generated export: a demo/test device, never a
substitute for people. When round 1's gate fails, the steward's loop runs once: the PHI the
reviewers found joins a site lexicon (deid/site_lexicon.py), the same export is de-identified
again (a new batch: the lexicon is part of the batch id), re-sampled, reviewed and gated. The
demo uses a lexicon of its own in the protected work area (``demo_lexicon_path``), emptied at
the start, so a site's real lexicon is never touched and every demo starts from round 1.

The gate's verdict is honest: when the last round's batch fails it, the demo shows the corpus
build refusing that batch and builds from the synthetic run alone, and the summary says in
plain words whether real notes reached the corpus. At the end it prints a summary and writes
``report.html`` with charts.
"""

from __future__ import annotations

from chartforge.contracts import files
from chartforge.contracts.files import MANIFEST as MANIFEST_FILE

import hashlib
import json
import os
import secrets
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

SIMULATED_REVIEWER = "demo-simulated-reviewer"
LEXICON_ENV = "CHARTFORGE__DEID__SITE_LEXICON"  # [deid] site_lexicon for the demo's commands


@dataclass
class StageResult:
    name: str
    command: str
    returncode: int
    seconds: float
    expected_failure: bool = False


class DemoRun:
    """Runs the stages and remembers what happened, for the summary and the report."""

    def __init__(self, out: Path, env: dict[str, str] | None = None, output=None):
        self.out = out
        self.env = dict(env or {})  # set for every command the demo runs (shown once, at the start)
        self.output = output  # a file for the commands' stdout and stderr (default: the terminal)
        self.results: list[StageResult] = []
        self.rounds: list[dict] = []  # {"round", "batch_dir"} per review round, for the summary

    def chartforge(self, name: str, *args: str, allow_failure: bool = False) -> int:
        shown = " ".join(shlex.quote(str(a)) for a in ("chartforge", *args))
        click.secho(f"\n$ {shown}", fg="cyan", bold=True)
        started = time.perf_counter()
        returncode = subprocess.run([sys.executable, "-m", "chartforge", *map(str, args)],
                                    env={**os.environ, **self.env}, stdout=self.output,
                                    stderr=subprocess.STDOUT if self.output else None).returncode
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

        summary = collect_summary(self.out, self.results, self.rounds)
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


def demo_lexicon_path(out: Path, work_dir: str | os.PathLike) -> Path:
    """The demo's own site lexicon: in the protected work area (it holds the demo's planted PHI),
    one per output directory."""
    tag = hashlib.sha256(str(Path(out).resolve()).encode("utf-8")).hexdigest()[:12]
    return Path(work_dir) / "demo" / tag / "site_lexicon.yaml"


def review_round(run: DemoRun, number: int, export_file: Path, batches: Path, store: Path, gold: Path,
                 seed: int) -> tuple[Path, int]:
    """deid run -> review sample -> simulated review -> gate; returns the batch and the gate's exit code."""
    suffix = "" if number == 1 else f" (round {number})"
    run.chartforge(f"de-identify (Prefect flow deid){suffix}", "deid", "run", export_file, "--out", batches,
                   "--gold", gold)
    batch = newest_dir(batches, MANIFEST_FILE)
    run.chartforge(f"draw review sample{suffix}", "review", "sample", batch, "--store", store, "--seed", seed)
    run.in_process(f"simulated review{suffix}",
                   "DEMO DEVICE: simulated reviewer answers the queue from the planted gold",
                   lambda: simulate_review(store, gold))
    gate_rc = run.chartforge(f"residual-PHI gate{suffix}", "review", "gate", batch, "--store", store,
                             "--by", "demo-steward", allow_failure=True)
    run.rounds.append({"round": number, "batch_dir": str(batch)})
    return batch, gate_rc


def review_rounds(run: DemoRun, export_file: Path, out: Path, store: Path, gold: Path, seed: int,
                  lexicon: Path) -> tuple[Path, int]:
    """Round 1; when its gate fails, the steward's loop once: findings -> site lexicon -> the
    same export de-identified again (a new batch) -> re-sample -> simulated review -> gate.
    Returns the last round's batch and gate exit code."""
    batch, gate_rc = review_round(run, 1, export_file, out / "batches", store, gold, seed)
    if gate_rc == 0:
        click.secho("\nRound 1 passed the residual-PHI gate: no second round needed.", fg="green")
        return batch, gate_rc
    click.secho("\nRound 1 failed the residual-PHI gate. The steward's loop: the PHI the reviewers found "
                "becomes always-PHI entries of the site lexicon, and the same export is de-identified again.",
                fg="yellow")
    run.chartforge("findings -> site lexicon", "review", "export-findings", batch, "--store", store,
                   "--lexicon", lexicon)
    return review_round(run, 2, export_file, out / "batches-round2", store, gold, seed)


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-output"),
              show_default=True, help="Directory for every artifact of the demo run.")
@click.option("--patients", type=int, default=30, show_default=True, help="Demo patients to generate.")
@click.option("--synth-notes", type=int, default=300, show_default=True, help="Synthetic notes to generate.")
@click.option("--seed", type=int, default=7, show_default=True, help="Seed for the generators and samplers.")
def demo(out: Path, patients: int, synth_notes: int, seed: int):
    """Run the whole pipeline on a generated demo export; print a summary and write report.html."""
    out.mkdir(parents=True, exist_ok=True)
    from chartforge.config import get_config

    export, store = out / "export", out / "review.sqlite"
    datasets, synth_runs = out / "datasets", out / "synth"
    gold = export / "gold" / files.GOLD
    lexicon = demo_lexicon_path(out, Path(get_config().settings.paths.work_dir).resolve())
    lexicon.unlink(missing_ok=True)  # every demo starts at round 1, with no site lexicon
    run = DemoRun(out, env={LEXICON_ENV: str(lexicon)})
    click.secho(f"# the demo's site lexicon (0600, protected work area; a site's own lexicon is untouched): "
                f"{lexicon}", fg="magenta")

    run.chartforge("generate demo EHR export", "demo-data", "--patients", patients, "--seed", seed,
                   "--out", export)
    batch, gate_rc = review_rounds(run, export / "fhir" / files.FHIR_BUNDLE, out, store, gold, seed, lexicon)
    run.chartforge("synthetic run (Prefect flow synth)", "synth", "run", "--notes", synth_notes, "--seed", seed,
                   "--batch", batch, "--out", synth_runs, "--prefect")
    synth_run = newest_dir(synth_runs, MANIFEST_FILE)
    if gate_rc == 0:
        run.chartforge("corpus build", "corpus", "build", "--name", "demo", "--deid", batch,
                       "--synth", synth_run, "--datasets-dir", datasets, "--probe")
    else:
        click.secho(f"\nRound {len(run.rounds)}'s batch failed the residual-PHI gate: the corpus build must refuse it.",
                    fg="yellow")
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
