from __future__ import annotations

import pytest

from chartforge.config import load_config
from tests.ingest import exports


@pytest.fixture
def config():
    """The packaged defaults only (no user file, no environment overrides)."""
    return load_config(environ={})


@pytest.fixture
def export_dir(tmp_path):
    """The same four notes in every supported format."""
    directory = tmp_path / "export"
    directory.mkdir()
    for name, writer in exports.WRITERS.items():
        writer(directory / name, exports.records())
    return directory
