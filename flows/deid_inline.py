"""The whole deid chain without Prefect: the same stage functions, one after another.

flows/deid.py runs these stages as Prefect tasks (mapped over chunks); this runner is what
unit tests and resume tests call, and it shares the work dir and stage markers with the flow.
It sits with the flows (an orchestrator above the stages): the review sample step is
review's (review/batch_sample.py), and deid never imports review.
"""

from __future__ import annotations

import os
from pathlib import Path

from chartforge.config import get_config
from deid.batch import gold_stage, publish_stage
from deid.batch_plan import plan_batch
from deid.pipeline_steps import (chunk_count, chunk_stage, detect_stage, ingest_stage,
                                 mrn_map_stage, surrogate_stage, verify_stage)
from review.batch_sample import review_stage


def run_pipeline(sources: list[str | os.PathLike], mode: str = "surrogate", batches_dir=None, gold=None,
                 detector=None, verifier=None, config=None) -> dict:
    """Run (or resume) a batch; returns {"batch_dir", "stages": {stage: marker}}.

    ``config``: a chartforge.config.Config (default: the process configuration, read once here).
    """
    config = config or get_config()
    plan = plan_batch(sources, mode, batches_dir, gold, config)
    work = Path(plan.work)
    stages = {"ingest": ingest_stage(work),
              "chunk": chunk_stage(work, config.settings.deid.flow.chunk_notes)}
    chunks = range(chunk_count(work))
    stages.update({f"detect-{c}": detect_stage(work, c, detector) for c in chunks})
    stages["mrn-map"] = mrn_map_stage(work)
    stages.update({f"surrogate-{c}": surrogate_stage(work, c) for c in chunks})
    stages.update({f"verify-{c}": verify_stage(work, c, verifier) for c in chunks})
    stages["review"] = review_stage(work, config.settings.review)
    gold_record = gold_stage(work)
    if gold_record:
        stages["gold"] = gold_record
    stages["publish"] = publish_stage(work)
    return {"batch_id": plan.batch_id, "batch_dir": stages["publish"]["batch_dir"], "stages": stages}
