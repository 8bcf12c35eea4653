"""The README's scale-out path, run for real (see conftest.py for the cluster).

One `deid` deployment run on the Dask cluster, during which one Dask worker is killed (and a
fresh one started); one `deid` run of the same export and key with the thread runner (the
one-machine default); then `gate` and `corpus` deployment runs on the Dask run's batch.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from tests.phi_scan import PhiScanner, planted_values
from tests.scale import services as svc
from tests.scale.conftest import CHUNK_NOTES, KEY

RUN_TIMEOUT = 900
# The module's cluster and runs start in the first test: its timeout covers them.
pytestmark = [pytest.mark.scale, pytest.mark.slow, pytest.mark.timeout(2400)]


def _detect_markers(work: Path) -> int:
    return len(list(work.glob("deid/*/markers/detect-*.json")))


def _run_deid(cluster, export: Path, batches: Path, job_env: dict, on_poll=None) -> dict:
    params = {"sources": [str(export / "export.jsonl")], "batches_dir": str(batches),
              "gold": str(export / "gold" / "gold.jsonl")}
    run_id = cluster.api.create_run("deid", "deid", params, {"env": job_env} if job_env else None)
    return cluster.api.wait(run_id, RUN_TIMEOUT, on_poll)


def _only_batch(batches: Path) -> Path:
    (batch,) = [p for p in batches.iterdir() if (p / "manifest.json").is_file()]
    return batch


@pytest.fixture(scope="module")
def runs(cluster, export):
    chunks = -(-sum(1 for _ in open(export / "export.jsonl")) // CHUNK_NOTES)
    kill = {}

    def kill_a_worker_mid_detect(run):
        done = _detect_markers(cluster.root / "work")
        if not kill and 2 <= done < chunks - 2:
            victim = cluster.dask_workers[0]
            victim.stop(sig=signal.SIGKILL)
            kill.update(markers_at_kill=done, chunks=chunks, exit=victim.process.returncode)
            cluster.dask_workers.append(svc.start_dask_worker(cluster.services, cluster.scheduler, "w3"))

    dask_run = _run_deid(cluster, export, cluster.root / "batches-dask", {}, kill_a_worker_mid_detect)
    threads_run = _run_deid(cluster, export, cluster.root / "batches-threads",
                            {"CHARTFORGE__DEID__FLOW__TASK_RUNNER": "threads",
                             "CHARTFORGE__PATHS__WORK_DIR": str(cluster.root / "work-threads")})
    batch = _only_batch(cluster.root / "batches-dask") if dask_run["state_type"] == "COMPLETED" else None

    gate_run = corpus_run = None
    if batch is not None:
        store = cluster.root / "review.sqlite"
        _review_round(batch, store, export / "gold" / "gold.jsonl")
        gate_id = cluster.api.create_run("gate", "gate", {"batch_dir": str(batch), "store_path": str(store),
                                                          "decided_by": "scale-steward"})
        gate_run = cluster.api.wait(gate_id, RUN_TIMEOUT)
        corpus_id = cluster.api.create_run("corpus", "corpus", {"name": "scale", "deid": [str(batch)], "synth": [],
                                                                "datasets_dir": str(cluster.root / "datasets"),
                                                                "probe": False})
        corpus_run = cluster.api.wait(corpus_id, RUN_TIMEOUT)
    return SimpleNamespace(dask=dask_run, threads=threads_run, kill=kill, batch=batch, gate=gate_run,
                           corpus=corpus_run)


def _review_round(batch: Path, store_path: Path, gold: Path) -> None:
    """The reviewers' part, done in the test: a round and the simulated reviewer's decisions."""
    from review import queue
    from review.auth import add_user
    from review.sampling import SampleSettings
    from review.simulated_reviewer import review_queue
    from review.store import open_store

    store = open_store(store_path)
    add_user(store, "sim", "a-long-enough-password-1", "reviewer", actor="scale-test")
    queue.open_round(store, batch, SampleSettings(pilot_size=30), 1, "scale-steward", 0.02)
    review_queue(store, "sim", gold)


def _state(run) -> str:
    return f"{run['state_type']}: {(run.get('state') or {}).get('message')}"


def test_deid_deployment_runs_its_chunks_on_the_dask_workers(cluster, runs):
    assert runs.dask["state_type"] == "COMPLETED", _state(runs.dask)
    assert runs.dask["deployment_id"] == cluster.api.deployment_id("deid", "deid")
    # Prefect's task engine logs each task run's end in the process that ran it.
    ran_on = {s.name for s in cluster.dask_workers if "detect PHI" in svc.tail(s.log, 10**7)}
    assert len(ran_on) >= 2, ran_on
    detect_runs = [t for t in cluster.api.task_runs(runs.dask["id"]) if t["name"].startswith("detect PHI")]
    assert {t["state_type"] for t in detect_runs} == {"COMPLETED"}


def test_counts_reconcile_and_every_note_is_published_once(runs, export):
    manifest = json.loads((runs.batch / "manifest.json").read_text())
    recon = manifest["reconciliation"]
    gold_ids = [json.loads(line)["id"] for line in open(export / "gold" / "gold.jsonl")]
    notes = pq.read_table(runs.batch / "notes.parquet", columns=["note_id"]).column("note_id").to_pylist()
    assert recon["balanced"] and recon["read"] == len(gold_ids) >= 5 * CHUNK_NOTES  # several chunks
    assert len(notes) == len(set(notes)) == recon["published"] and set(notes) == set(gold_ids)
    assert manifest["stages"]["detect"]["notes"] == manifest["stages"]["verify"]["notes"] == len(notes)


def test_a_dask_worker_killed_mid_run_loses_and_duplicates_nothing(runs):
    assert runs.kill, "the run ended before a worker could be killed mid-detect"
    assert runs.kill["exit"] == -signal.SIGKILL and runs.kill["markers_at_kill"] < runs.kill["chunks"]
    assert runs.dask["state_type"] == "COMPLETED", _state(runs.dask)
    notes = pq.read_table(runs.batch / "notes.parquet", columns=["note_id"]).column("note_id").to_pylist()
    assert len(notes) == len(set(notes))  # nothing duplicated; nothing lost: the next test


def test_dask_batch_is_byte_identical_to_a_local_threads_run(cluster, runs):
    assert runs.threads["state_type"] == "COMPLETED", _state(runs.threads)
    threads_batch = _only_batch(cluster.root / "batches-threads")
    # the same batch: task_runner and dask_address say how it ran, not what it holds
    assert runs.batch.name == threads_batch.name
    assert (runs.batch / "notes.parquet").read_bytes() == (threads_batch / "notes.parquet").read_bytes()
    assert (runs.batch / "flags.parquet").read_bytes() == (threads_batch / "flags.parquet").read_bytes()


def test_gate_and_corpus_deployments_run_on_the_batch(cluster, runs):
    assert runs.gate["state_type"] == "COMPLETED", _state(runs.gate)
    gate = json.loads((runs.batch / "gate.json").read_text())
    assert gate["flow_run_id"] == runs.gate["id"] and gate["status"] in ("passed", "failed")
    if gate["status"] == "passed":
        assert runs.corpus["state_type"] == "COMPLETED", _state(runs.corpus)
        (version,) = (cluster.root / "datasets" / "scale").iterdir()
        manifest = json.loads((version / "manifest.json").read_text())
        assert manifest["flow_run_ids"]["corpus"] == runs.corpus["id"]
    else:  # the corpus must refuse a batch that failed its gate (E301), naming no content
        assert runs.corpus["state_type"] == "FAILED" and "E301" in runs.corpus["state"]["message"]


def test_no_planted_phi_in_postgres_logs_results_or_artifacts(cluster, runs, export):
    scanner = PhiScanner(planted_values(export / "gold"))
    dump = cluster.postgres.dump(cluster.root / "prefect.sql")
    blobs = {"pg_dump": dump.read_bytes(),
             "api logs": json.dumps(cluster.api.logs()),
             "api artifacts": json.dumps(cluster.api.artifacts()),
             "flow runs": json.dumps([cluster.api.flow_run(r["id"]) for r in (runs.dask, runs.threads)])}
    blobs |= {f"log {s.name}": s.log.read_bytes() for s in cluster.services.started}
    blobs |= {str(p): p.read_bytes() for p in runs.batch.iterdir() if p.is_file() and p.name != "notes.parquet"}
    assert b"deid-batch-counts" in blobs["api artifacts"].encode() and b"stage detect" in blobs["api logs"].encode()
    assert len(blobs["pg_dump"]) > 10_000  # the database was there to grep
    found = scanner.scan(blobs)
    assert found == [], f"{len(found)} planted values outside the work area: {[n for n, _ in found][:5]}"
    assert not any(KEY.encode() in (b if isinstance(b, bytes) else b.encode()) for b in blobs.values())
