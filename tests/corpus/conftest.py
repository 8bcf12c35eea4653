"""Fixtures: a small gated batch and synthetic run, and one built version shared per module."""

from __future__ import annotations

import pytest

from corpus.build import build_corpus
from tests.corpus.factories import write_deid_batch, write_synth_run


@pytest.fixture
def batch(tmp_path):
    return write_deid_batch(tmp_path / "batches", "b1", [f"P{i:03d}" for i in range(40)])


@pytest.fixture
def run(tmp_path):
    return write_synth_run(tmp_path / "runs", "r1", [f"g{i % 12}" for i in range(36)])


@pytest.fixture
def built(tmp_path, batch, run):
    return build_corpus("demo", [str(batch)], [str(run)], root=tmp_path / "datasets")
