"""The gold the learned de-ID model (deid/learned/) trains on, from deid/learned/training.yaml
``data``: the demo generator, the nursing generator's training seeds, the MTSamples
hide-in-plain-sight dev split less the sample ``deid eval --suite --sets mtsamples-dev --sample N``
scores, and pii_synth's dev part. **Test splits are refused here**, so a config edit cannot
train on them. Returns ``[(source name, records, label map name)]`` for deid.learned.train.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def _hash_rank(record_id: str) -> str:
    return hashlib.sha256(str(record_id).encode()).hexdigest()


def gold_records(data: dict, data_dir: Path | None = None) -> list[tuple[str, list[dict], str]]:
    """``[(source name, records, label map name)]`` for every source named in ``data``."""
    from devsets import catalog
    from devsets.nursing import TEST_SEED
    from devsets.splits import split_of

    data_dir = Path(data_dir) if data_dir else catalog.DEFAULT_DATA_DIR
    out = []
    if "demo" in data:
        for seed in data["demo"]["seeds"]:
            if seed == 101:
                raise ValueError("demo seed 101 is the evaluation seed of deid eval --suite")
            out.append((f"demo-{seed}", catalog._demo(seed, data["demo"]["patients"]), "identity"))
    if "nursing" in data:
        from devsets.nursing.generator import generate

        for seed in data["nursing"]["seeds"]:
            if seed == TEST_SEED:
                raise ValueError("the nursing test seed is never trained on")
            out.append((f"nursing-{seed}", generate(seed, data["nursing"]["notes"]), "identity"))
    if "mtsamples" in data:
        spec = data["mtsamples"]
        if spec.get("split", "dev") != "dev":
            raise ValueError("the learned model trains on the MTSamples dev split only")
        records = catalog.load("mtsamples-dev", data_dir=data_dir).records
        held = {r["id"] for r in sorted(records, key=lambda r: _hash_rank(r["id"]))[:spec.get("hold_out_sample", 0)]}
        out.append(("mtsamples-dev", [r for r in records if r["id"] not in held], "identity"))
    if "pii_synth" in data:
        if data["pii_synth"].get("part", "dev") != "dev":
            raise ValueError("the learned model trains on pii_synth's dev part only")
        records = catalog.load("pii_synth", data_dir=data_dir).records
        out.append(("pii_synth", [r for r in records if split_of(str(r["id"])) == "dev"], "pii_synth"))
    return out
