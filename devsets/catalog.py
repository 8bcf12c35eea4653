"""Every evaluation set by name, as gold records ``{"id", "text", "spans": [{start, end, label}]}``.

| name | what | label map | source |
|---|---|---|---|
| ``demo`` | the demo generator's gold (``--demo-seed``, 101 by default: never tuned on) | identity/strict | generated |
| ``pii_synth`` | Presidio's synthetic PII sentences | pii_synth | ../shared/data/pii_synth |
| ``mtsamples-dev`` / ``mtsamples-test`` | MTSamples hide-in-plain-sight, by split | identity/strict | ../shared/data/mtsamples (+ us_hospitals) |
| ``nursing-dev`` / ``nursing-test`` | generated nursing notes, seed 1 / the held-out seed | identity/strict | generated |
| ``codiesp`` | CodiEsp train+dev case reports: no PHI, every flag is false | identity | ../shared/data/codiesp |

``load(name)`` returns an ``EvalSource``; a set whose source file is missing raises E504 with
one line naming the file. ``sample`` keeps a deterministic subset (by a hash of the record id).
"""

from __future__ import annotations

import functools
import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from chartforge.contracts import files
from chartforge.errors import ChartforgeError

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"  # ../shared/data beside the clone
SETS = ("demo", "pii_synth", "mtsamples-dev", "mtsamples-test", "nursing-dev", "nursing-test", "codiesp")
DEV_SETS = ("demo", "pii_synth", "mtsamples-dev", "nursing-dev", "codiesp")
NURSING_NOTES = 600
DEMO_PATIENTS = 60


@dataclass
class EvalSource:
    name: str
    records: list[dict]
    label_map: str | None  # None: the profile's map (identity = safe_harbor, strict)
    has_phi: bool = True   # False: a set of real text without PHI (every flag is false)
    description: str = ""


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise ChartforgeError.make("E504", path=path, reason=f"{what} source is missing; see ../shared/data/README.md")
    return path


def sample_records(records: list[dict], size: int | None) -> list[dict]:
    """The ``size`` records with the smallest hash of their id (the same ones on every run)."""
    if not size or size >= len(records):
        return records
    ranked = sorted(records, key=lambda r: hashlib.sha256(str(r["id"]).encode()).hexdigest())
    keep = {r["id"] for r in ranked[:size]}
    return [r for r in records if r["id"] in keep]


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@functools.lru_cache(maxsize=2)
def _mtsamples_built(data_dir: Path) -> tuple[dict, ...]:
    """Both splits, built once per process (dev and test come from one pass over the notes)."""
    from devsets.mtsamples.build import build

    source = _require(data_dir / "mtsamples" / "mtsamples.jsonl", "MTSamples")
    return tuple(build(source, data_dir / "us_hospitals" / "hospitals.csv"))


def _mtsamples(data_dir: Path, split: str, sample: int | None) -> list[dict]:
    if not sample:
        return [dict(r) for r in _mtsamples_built(data_dir) if r["split"] == split]
    from devsets.mtsamples.build import build, read_notes
    from devsets.splits import split_of

    source = _require(data_dir / "mtsamples" / "mtsamples.jsonl", "MTSamples")
    keys = [note["key"] for note in read_notes(source)[0] if split_of(note["key"]) == split]
    chosen = set(sorted(keys, key=lambda k: hashlib.sha256(f"mts-{k}".encode()).hexdigest())[:sample])
    return build(source, data_dir / "us_hospitals" / "hospitals.csv", keep=chosen.__contains__)


def _demo(seed: int, patients: int) -> list[dict]:
    from demodata.export import generate_export

    with tempfile.TemporaryDirectory(prefix="devsets-demo-") as tmp:
        generate_export(Path(tmp), patients, seed, formats=("jsonl",))
        return _read_jsonl(Path(tmp) / "gold" / files.GOLD)


# What published case reports still write in PHI shape: a hospital ("Hospital Ramón y Cajal"), a
# town, a month with its year ("in January 2006"), a titled name, an age over 89 ("a 91-year-old
# woman"). The MTSamples annotator marks them as DONT_CARE regions, with the day-first numeric
# dates it does not read (devsets/case_reports.py): a flag there is neither right nor wrong, so
# CodiEsp's false flags count flags on clinical language only (all flags per 1,000 words are
# reported as well).
_CASE_REPORT_KINDS = {"date", "month_year", "facility", "town", "clinician", "person", "phone", "age_over_89"}


def _case_report_regions(records: list[dict], data_dir: Path) -> list[dict]:
    from devsets.case_reports import day_first_dates
    from devsets.mtsamples.annotate import Annotator, load_hospital_gazetteer
    from devsets.mtsamples.build import lowercase_vocabulary
    from devsets.values import given_names

    hospitals = data_dir / "us_hospitals" / "hospitals.csv"
    towns, names = load_hospital_gazetteer(hospitals) if hospitals.is_file() else (frozenset(), ())
    annotator = Annotator(towns, names, lowercase_vocabulary(records), given_names())
    for record in records:
        found, _ = annotator.annotate(record["text"])
        record["spans"] = [{"start": f.start, "end": f.end, "label": "DONT_CARE", "kind": f.kind}
                           for f in found if f.kind in _CASE_REPORT_KINDS]
        record["spans"] += [{"start": start, "end": end, "label": "DONT_CARE", "kind": "date"}
                            for start, end in day_first_dates(record["text"])
                            if not any(s["start"] < end and start < s["end"] for s in record["spans"])]
    return records


def load(name: str, data_dir: Path = DEFAULT_DATA_DIR, sample: int | None = None, demo_seed: int = 101,
         nursing_notes: int = NURSING_NOTES, nursing_seed: int | None = None) -> EvalSource:
    from devsets.nursing import DEV_SEEDS, TEST_SEED

    data_dir = Path(data_dir)
    if name == "demo":
        source = EvalSource(name, _demo(demo_seed, DEMO_PATIENTS), None,
                            description=f"demo generator gold, seed {demo_seed}, {DEMO_PATIENTS} patients")
    elif name == "pii_synth":
        path = _require(data_dir / "pii_synth" / "synth_dataset_v2.jsonl", "pii_synth")
        source = EvalSource(name, _read_jsonl(path), "pii_synth", description="Presidio synthetic PII sentences")
    elif name in ("mtsamples-dev", "mtsamples-test"):
        split = name.split("-")[1]
        from devsets.mtsamples.build import GOLD_VERSION

        source = EvalSource(name, _mtsamples(data_dir, split, sample), None,
                            description=f"MTSamples with surrogates, {split} split, gold v{GOLD_VERSION}")
    elif name in ("nursing-dev", "nursing-test"):
        from devsets.nursing.generator import generate

        seed = nursing_seed if nursing_seed is not None else (DEV_SEEDS[0] if name == "nursing-dev" else TEST_SEED)
        source = EvalSource(name, generate(seed, nursing_notes), None,
                            description=f"generated nursing notes, seed {seed}, {nursing_notes} notes")
    elif name == "codiesp":
        records = []
        for split in ("train", "dev"):
            path = _require(data_dir / "codiesp" / f"{split}.jsonl", "CodiEsp")
            records += [{"id": r["id"], "text": r["text"], "spans": []} for r in _read_jsonl(path)]
        source = EvalSource(name, _case_report_regions(records, data_dir), None, has_phi=False,
                            description="CodiEsp train+dev case reports, no PHI")
    else:
        raise KeyError(name)
    source.records = sample_records(source.records, sample)
    return source
