"""``build_corpus``: gated batches + synthetic runs -> one published, read-only version.

Steps: load and gate-check every input (refuse before any work), compute the version
hash; if that version exists, stop (a build is idempotent); else build records, assign
splits, remove cross-split near-duplicates, write every file into a hidden temporary
directory beside the target, make it read-only and rename it into place (atomic: a
killed build leaves no partial version).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from chartforge.atomic import sha256_file, write_json
from chartforge.config import Config
from chartforge.contracts import files
from chartforge.errors import ChartforgeError
from codebooks.paths import section_of
from corpus.card import render_card
from corpus.codes import CodeLookup, get_lookup
from corpus.dedupe import find_cross_split_duplicates
from corpus.inputs import Input, load_deid_batch, load_synth_run, read_rows
from corpus.manifest import MANIFEST, MANIFEST_HASH, build_manifest
from corpus.records import Outcome, deid_record, instruction_text, synth_record
from corpus.settings import ProbeSettings, corpus_settings, probe_settings
from corpus.splits import SPLITS, assign_splits
from corpus.store import check_name, datasets_dir, make_read_only, make_writable
from corpus.tables import write_split
from corpus.version import dataset_version


@dataclass
class BuildResult:
    name: str
    version: str
    path: Path
    created: bool  # False: this version already existed (nothing was written)


def load_inputs(deid: list[str], synth: list[str], config: Config | None = None) -> list[Input]:
    return [load_deid_batch(ref, config) for ref in deid] + [load_synth_run(ref, config) for ref in synth]


def collect_records(inputs: list[Input], lookup, progress=None) -> tuple[Outcome, dict]:
    outcome, records_in, origin = Outcome(), {}, {}
    for item in inputs:
        rows = read_rows(item)
        records_in[item.id] = records_in.get(item.id, 0) + len(rows)
        make = deid_record if item.kind == "deid" else synth_record
        before = len(outcome.records)
        for row in rows:
            make(row, item.id, lookup, outcome)
            if progress is not None:
                progress()
        for record in outcome.records[before:]:
            if record.id in origin:
                raise ChartforgeError.make("E605", record=record.id, first=origin[record.id], second=item.id)
            origin[record.id] = item.id
    return outcome, records_in


STALE_BUILD_SECONDS = 3600


def build_probe(version_dir: Path, settings: ProbeSettings) -> dict:
    """The probe's summary for the manifest, or why it was not run (one line): the real notes
    are optional data beside a clone, never a reason to refuse a build."""
    from corpus.probe import probe, summary

    if settings.real is None or not settings.real.is_file():
        return {"missing": f"corpus utility probe skipped: real coded notes {settings.real or '(none configured)'} "
                           "not found ([corpus.probe] real)"}
    if not (version_dir / files.split_jsonl("train")).stat().st_size:
        return {"missing": "corpus utility probe skipped: the train split is empty"}
    return summary(probe(version_dir, settings.real, settings.real_train, settings.model, settings.cache_dir))


def remove_stale_builds(name_dir: Path) -> None:
    """Temporary directories of builds killed mid-way (an hour old: not a build in progress)."""
    if not name_dir.is_dir():
        return
    for tmp in name_dir.glob(".build-*"):
        if tmp.is_dir() and time.time() - tmp.stat().st_mtime > STALE_BUILD_SECONDS:
            make_writable(tmp)
            shutil.rmtree(tmp)


def _publish(tmp: Path, target: Path) -> bool:
    make_read_only(tmp)
    try:
        os.rename(tmp, target)
        return True
    except OSError:  # a concurrent build published the same version first
        make_writable(tmp)
        shutil.rmtree(tmp)
        if target.is_dir():
            return False
        raise


def build_corpus(name: str, deid: list[str], synth: list[str], *, config: Config | None = None,
                 root: Path | None = None, flow_run_id: str | None = None, progress=None,
                 lookup: CodeLookup | None = None, probe: bool | None = None) -> BuildResult:
    """Build (or find) the version of ``name`` for these inputs; ``progress()`` ticks per note.
    ``config``: the entry point's configuration (None: the packaged defaults).
    ``probe`` (default ``[corpus.probe] at_build``): run the corpus utility probe on the new
    version and keep its figures in the manifest and the card."""
    check_name(name)
    settings = corpus_settings(config)
    inputs = load_inputs(deid, synth, config)
    codebooks = section_of(config)
    lookup = lookup or get_lookup(codebooks)
    version = dataset_version(inputs, settings.as_dict(), instruction_text(), lookup.version)
    name_dir = (root or datasets_dir(config)) / name
    target = name_dir / version
    if target.is_dir():
        return BuildResult(name, version, target, created=False)

    outcome, records_in = collect_records(inputs, lookup, progress)
    assign_splits(outcome.records, settings)
    near_duplicates = find_cross_split_duplicates(outcome.records, settings)
    removed = {pair["removed"] for pair in near_duplicates}
    records = [r for r in outcome.records if r.id not in removed]
    if sum(records_in.values()) != len(records) + len(outcome.excluded) + len(removed):
        # Every note read is published, excluded or removed as a duplicate: never lost.
        raise RuntimeError("corpus counts do not reconcile (a bug): refusing to publish")

    remove_stale_builds(name_dir)
    name_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".build-{version}-", dir=name_dir))
    try:
        for split in SPLITS:
            write_split(tmp, split, [r for r in records if r.split == split])
        manifest = build_manifest(
            codebooks=codebooks,
            name=name, version=version, directory=tmp, records=records, inputs=inputs,
            records_in=records_in, outcome=outcome, near_duplicates=near_duplicates,
            settings=settings.as_dict(), codebook_version=lookup.version, flow_run_id=flow_run_id)
        if probe if probe is not None else probe_settings(config).at_build:
            manifest["probe"] = build_probe(tmp, probe_settings(config))
        (tmp / "README.md").write_text(render_card(manifest), encoding="utf-8")
        manifest["files"]["README.md"] = {"sha256": sha256_file(tmp / "README.md"),
                                          "bytes": (tmp / "README.md").stat().st_size}
        write_json(tmp / MANIFEST, manifest)
        (tmp / MANIFEST_HASH).write_text(f"{sha256_file(tmp / MANIFEST)}  {MANIFEST}\n", encoding="utf-8")
        created = _publish(tmp, target)
    except BaseException:
        if tmp.exists():
            make_writable(tmp)
            shutil.rmtree(tmp)
        raise
    return BuildResult(name, version, target, created=created)
