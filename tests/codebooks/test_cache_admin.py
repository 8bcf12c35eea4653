"""Cache listing and pruning: stale entries go, recently used ones and unknown files stay."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest
from click.testing import CliRunner

from codebooks import cache_admin
from chartforge.cli.codebooks import codebooks
from codebooks.encoder import VectorStore

DAY = 86400


def _age(path, days):
    stamp = time.time() - days * DAY
    for file in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(file, (stamp, stamp))


@pytest.fixture
def cache(tmp_path):
    old_index = tmp_path / "index-00000000000000aa"
    old_index.mkdir()
    (old_index / "manifest.json").write_text("{}")
    (old_index / "dense.faiss").write_bytes(b"x" * 1000)
    fresh_index = tmp_path / "index-00000000000000bb"
    fresh_index.mkdir()
    (fresh_index / "manifest.json").write_text("{}")
    (tmp_path / "reranker-00000000000000cc.pkl").write_bytes(b"x" * 10)
    (tmp_path / "vectors-0000000000dd.npy").write_bytes(b"x" * 10)
    (tmp_path / "vectors-0000000000dd.keys.json").write_text("[]")
    (tmp_path / "notes.txt").write_text("a developer's own file")
    _age(old_index, 30)
    _age(tmp_path / "reranker-00000000000000cc.pkl", 30)
    _age(tmp_path / "vectors-0000000000dd.npy", 30)
    _age(tmp_path / "vectors-0000000000dd.keys.json", 30)
    _age(tmp_path / "notes.txt", 30)
    return tmp_path


def test_entries_are_recognised_sized_and_ordered_by_last_use(cache):
    entries = cache_admin.cache_entries(cache)
    assert [e.kind for e in entries][0] == "index" and entries[0].name.endswith("bb")
    by_name = {e.name: e for e in entries}
    assert "notes.txt" not in by_name  # not ours: never listed, never pruned
    assert by_name["index-00000000000000aa"].size_bytes == 1002
    vectors = by_name["vectors-0000000000dd.npy"]
    assert len(vectors.paths) == 2  # the .npy and its keys live and die together


def test_prune_removes_only_entries_unused_for_the_window(cache):
    stale = cache_admin.stale_entries(cache, 7 * DAY)
    assert sorted(e.kind for e in stale) == ["index", "reranker", "vectors"]
    for entry in stale:
        cache_admin.remove(entry)
    left = sorted(p.name for p in cache.iterdir())
    assert left == ["index-00000000000000bb", "notes.txt"]


def test_a_load_marks_the_entry_as_used(tmp_path):
    class Encoder:
        id = "test-encoder"
        cached = True

        def encode(self, texts, batch_size=128, progress=False):
            return np.ones((len(texts), 384), np.float32)

    VectorStore(tmp_path, Encoder()).get(["chest pain"])
    (entry,) = cache_admin.cache_entries(tmp_path)
    _age(tmp_path / entry.name, 30)
    for path in entry.paths:
        _age(path, 30)
    assert cache_admin.stale_entries(tmp_path, 7 * DAY)
    VectorStore(tmp_path, Encoder())  # reading the store is a use
    assert not cache_admin.stale_entries(tmp_path, 7 * DAY)


@pytest.mark.parametrize("text, seconds", [("7d", 7 * DAY), ("12h", 43200), ("0s", 0), ("2w", 14 * DAY), (" 1.5 h", 5400)])
def test_durations(text, seconds):
    assert cache_admin.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "7", "d", "7 days", "-1d"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        cache_admin.parse_duration(text)


def test_prune_command_dry_run_keeps_files_and_real_run_frees_them(cache, monkeypatch):
    from chartforge.config import load_config

    # the command hands the configured [codebooks] cache_dir down, as `chartforge --config` sets it
    monkeypatch.setattr("chartforge.config._active", load_config(environ={"CHARTFORGE__CODEBOOKS__CACHE_DIR": str(cache)}))
    runner = CliRunner()
    dry = runner.invoke(codebooks, ["cache", "prune", "--unused-for", "7d", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would remove" in dry.output and (cache / "index-00000000000000aa").exists()
    real = runner.invoke(codebooks, ["cache", "prune", "--unused-for", "7d"])
    assert real.exit_code == 0, real.output
    assert not (cache / "index-00000000000000aa").exists() and (cache / "index-00000000000000bb").exists()
    assert "3 entries" in real.output
    listing = runner.invoke(codebooks, ["cache", "list"])
    assert listing.exit_code == 0 and "index-00000000000000bb" in listing.output
    bad = runner.invoke(codebooks, ["cache", "prune", "--unused-for", "soon"])
    assert bad.exit_code == 2
