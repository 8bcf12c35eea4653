"""Prefect flow ``gate``: run the residual-PHI gate when the steward closes review.

Orchestration only: the work is :func:`review.gate.run_gate`. Parameters are paths and a
user name (never note content); the task's result is not persisted and carries only
counts and the bound.

    python -m flows.gate BATCH --store STORE --by STEWARD
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chartforge.offline import configure_offline_environment

configure_offline_environment()

from prefect import flow, task  # noqa: E402


@task(name="residual-phi-gate", persist_result=False)
def gate_task(batch_dir: str, store_path: str, decided_by: str) -> dict:
    from review.gate import run_gate
    from review.store import open_store

    from prefect.runtime import flow_run

    result, payload = run_gate(open_store(Path(store_path)), Path(batch_dir), decided_by,
                               flow_run_id=str(flow_run.id) if flow_run.id else None)
    return {k: payload[k] for k in ("status", "reviewed", "findings", "upper_bound", "target", "round_id")}


@flow(name="gate", persist_result=False)
def gate_flow(batch_dir: str, store_path: str, decided_by: str) -> dict:
    """Compute the bound from the round's reviews and write BATCH/gate.json."""
    return gate_task(batch_dir, store_path, decided_by)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.gate", description=gate_flow.__doc__)
    parser.add_argument("batch_dir")
    parser.add_argument("--store", required=True)
    parser.add_argument("--by", required=True)
    args = parser.parse_args(argv)
    outcome = gate_flow(args.batch_dir, args.store, args.by)
    return 0 if outcome["status"] == "passed" else 1


if __name__ == "__main__":
    sys.exit(main())
