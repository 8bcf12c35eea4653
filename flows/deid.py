"""Prefect flow ``deid``: ingest -> NER de-ID + regex scrub -> surrogates -> verification
-> review sample (+ gold evaluation) -> publish a de-identified batch.

Orchestration only: every task calls one stage function of ``deid`` on files in the
batch's protected work dir. What crosses Prefect is paths, chunk numbers and counts: task
parameters never hold note text, results are not persisted, no task is cached by its
inputs, and a failing stage's message is replaced by its exception type (E251) because an
exception from a library may quote the note it choked on. Stages skip themselves when
their inputs are unchanged (chartforge.stage_markers), so a rerun after a crash resumes.
"""

from __future__ import annotations

from chartforge.offline import configure_offline_environment

configure_offline_environment()

from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task, unmapped  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402

from chartforge.config import get_config  # noqa: E402
from chartforge.errors import ChartforgeError, Errors  # noqa: E402
from deid import batch, pipeline_steps  # noqa: E402
from deid.batch_plan import plan_batch  # noqa: E402
from review import batch_sample  # noqa: E402
from flows.task_runners import RunnerFromConfig  # noqa: E402


class TransientStageError(ChartforgeError):
    """An I/O error in a stage: worth a retry (a full disk, an NFS hiccup)."""


def _phi_safe(stage: str, function, *args):
    """Run a stage; re-raise any non-chartforge error without its (possibly PHI-quoting) message."""
    try:
        return function(*args)
    except ChartforgeError:
        raise  # catalogue messages name files and rows, never content
    except OSError as exc:
        raise TransientStageError("E251", Errors.E251.format(stage=stage, kind=type(exc).__name__)) from None
    except Exception as exc:  # noqa: BLE001
        raise ChartforgeError.make("E251", stage=stage, kind=type(exc).__name__) from None


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result(raise_on_failure=True)
    except TransientStageError:
        return True
    except Exception:  # noqa: BLE001 - deterministic failures would fail again
        return False
    return False


def _report(stage: str, record: dict) -> dict:
    """Log and return only the stage's counts (never paths of notes or text)."""
    get_run_logger().info("stage %s %s: %s", stage, "skipped (unchanged inputs)" if record["skipped"] else "done",
                          record["counts"])
    return {"skipped": record["skipped"], "counts": record["counts"]}


_PHI_TASK = {"persist_result": False, "cache_policy": NO_CACHE, "retry_condition_fn": _retry_transient}


@task(name="plan batch", **_PHI_TASK)
def plan_task(sources: list[str], mode: str, batches_dir: str | None, gold: str | None, config) -> str:
    return _phi_safe("plan", lambda: plan_batch(sources, mode, batches_dir, gold, config).work)


@task(name="ingest", **_PHI_TASK)
def ingest_task(work: str) -> dict:
    return _report("ingest", _phi_safe("ingest", pipeline_steps.ingest_stage, Path(work)))


@task(name="chunk", **_PHI_TASK)
def chunk_task(work: str, chunk_notes: int) -> dict:
    return _report("chunk", _phi_safe("chunk", pipeline_steps.chunk_stage, Path(work), chunk_notes))


@task(name="detect PHI", **_PHI_TASK)
def detect_task(work: str, chunk: int) -> dict:
    report = _report(f"detect-{chunk}", _phi_safe("detect", pipeline_steps.detect_stage, Path(work), chunk))
    return {**report, "chunk": chunk}


@task(name="MRN map", **_PHI_TASK)
def mrn_map_task(work: str) -> dict:
    return _report("mrn-map", _phi_safe("mrn-map", pipeline_steps.mrn_map_stage, Path(work)))


@task(name="surrogates", **_PHI_TASK)
def surrogate_task(work: str, chunk: int) -> dict:
    report = _report(f"surrogate-{chunk}", _phi_safe("surrogate", pipeline_steps.surrogate_stage, Path(work), chunk))
    return {**report, "chunk": chunk}


@task(name="verify", **_PHI_TASK)
def verify_task(work: str, upstream: dict) -> dict:
    chunk = upstream["chunk"]  # the surrogate task's report: verify starts as soon as its chunk is rewritten
    report = _report(f"verify-{chunk}", _phi_safe("verify", pipeline_steps.verify_stage, Path(work), chunk))
    return {**report, "chunk": chunk}


def _mapped(futures) -> dict:
    """One summary for a mapped stage: how many chunks ran or were skipped (counts: manifest)."""
    reports = [future.result() for future in futures]
    return {"skipped": all(r["skipped"] for r in reports),
            "counts": {"chunks": len(reports), "ran": sum(not r["skipped"] for r in reports)}}


@task(name="review sample", **_PHI_TASK)
def review_task(work: str, review_section) -> dict:
    return _report("review", _phi_safe("review", batch_sample.review_stage, Path(work), review_section))


@task(name="gold evaluation", **_PHI_TASK)
def gold_task(work: str) -> dict | None:
    record = _phi_safe("gold", batch.gold_stage, Path(work))
    return _report("gold", record) if record else None


@task(name="publish batch", **_PHI_TASK)
def publish_task(work: str, run_id: str | None) -> dict:
    record = _phi_safe("publish", batch.publish_stage, Path(work), run_id)
    return {**_report("publish", record), "batch_dir": record["batch_dir"]}


def _counts_artifact(batch_id: str, manifest: dict) -> None:
    """Counts only: per stage and per label, never a value from a note."""
    stages = manifest["stages"]
    rows = [{"stage": name, **{k: v for k, v in counts.items() if not isinstance(v, dict)}}
            for name, counts in stages.items()]
    create_table_artifact(key="deid-batch-counts", table=rows, description=f"deid batch {batch_id}: counts per stage")
    labels = sorted(set(stages["detect"].get("by_label", {})) | set(stages["verify"].get("flags_by_label", {})))
    lines = [f"# deid batch `{batch_id}`", "", "| label | detected | replaced | flagged |", "|---|---:|---:|---:|"]
    lines += [f"| {label} | {stages['detect'].get('by_label', {}).get(label, 0)} | "
              f"{stages['surrogate'].get('by_label', {}).get(label, 0)} | "
              f"{stages['verify'].get('flags_by_label', {}).get(label, 0)} |" for label in labels]
    recon = manifest["reconciliation"]
    lines += ["", f"read {recon['read']} = published {recon['published']} + duplicates {recon['duplicates']} "
                  f"+ quarantined {recon['quarantined']} ({'balanced' if recon['balanced'] else 'NOT balanced'})"]
    if "gold" in manifest:
        lines.append(f"gold: {manifest['gold']['missed']} of {manifest['gold']['spans']} spans missed "
                     f"(miss rate {manifest['gold']['miss_rate']:.4f})")
    create_markdown_artifact(key="deid-batch-summary", markdown="\n".join(lines))


@flow(name="deid", persist_result=False, log_prints=False,
      task_runner=RunnerFromConfig(lambda settings: settings.deid.flow, "deid.flow"))
def deid_flow(sources: list[str], mode: str = "surrogate", batches_dir: str | None = None,
              gold: str | None = None) -> dict:
    """De-identify EHR exports (or an ingest dir) into a batch; returns counts and the batch path."""
    config = get_config()  # the flow is an entry point: it reads the configuration once, at run start
    settings = config.settings.deid.flow
    retry = {"retries": settings.retries, "retry_delay_seconds": settings.retry_delay_seconds}
    work = plan_task.with_options(**retry)(sources, mode, batches_dir, gold, config)
    stages = {"ingest": ingest_task.with_options(**retry)(work)}
    stages["chunk"] = chunk_task.with_options(**retry)(work, settings.chunk_notes)
    chunks = list(range(stages["chunk"]["counts"]["chunks"]))
    detected = detect_task.with_options(**retry).map(unmapped(work), chunks)
    detected.wait()
    stages["detect"] = _mapped(detected)  # raises the first chunk failure, after every chunk ran
    stages["mrn-map"] = mrn_map_task.with_options(**retry)(work)
    rewritten = surrogate_task.with_options(**retry).map(unmapped(work), chunks)
    verified = verify_task.with_options(**retry).map(unmapped(work), rewritten)
    verified.wait()
    stages["surrogate"], stages["verify"] = _mapped(rewritten), _mapped(verified)
    stages["review"] = review_task.with_options(**retry)(work, config.settings.review)
    gold_record = gold_task.with_options(**retry)(work)
    if gold_record:
        stages["gold"] = gold_record
    run_id = flow_run.get_id()
    published = publish_task.with_options(**retry)(work, str(run_id) if run_id else None)
    stages["publish"] = published
    manifest = batch.read_manifest(Path(published["batch_dir"]))
    _counts_artifact(manifest["batch_id"], manifest)
    return {"batch_id": manifest["batch_id"], "batch_dir": published["batch_dir"], "stages": stages,
            "manifest": manifest}
