"""The autouse guard of tests/conftest.py: only `evaluation` tests may read ../shared."""

import pytest

from tests import conftest


def _opens(path):
    """What the guard records for one open event (then its state as the fixture left it)."""
    saved = dict(conftest._shared_guard)
    conftest._shared_guard.update(active=True, opened=[])
    try:
        conftest._audit("open", (str(path), "r", 0))
        return list(conftest._shared_guard["opened"])
    finally:
        conftest._shared_guard.update(active=saved["active"], opened=[])


def test_an_open_under_shared_is_recorded(tmp_path):
    assert _opens(conftest.SHARED_DIR / "data" / "codiesp" / "dev.jsonl") == [
        str(conftest.SHARED_DIR / "data" / "codiesp" / "dev.jsonl")]
    assert _opens(tmp_path / "notes.jsonl") == []


def test_the_guard_is_off_outside_a_test():
    conftest._shared_guard["active"] = False
    try:
        conftest._audit("open", (str(conftest.SHARED_DIR / "x"), "r", 0))
        assert conftest._shared_guard["opened"] == []
    finally:
        conftest._shared_guard["active"] = True


@pytest.mark.evaluation
def test_an_evaluation_test_may_read_shared():
    path = conftest.SHARED_DIR / "DESIGN.md"
    if not path.is_file():
        pytest.skip("../shared is absent")
    with open(path, encoding="utf-8") as handle:
        assert handle.read(1)
