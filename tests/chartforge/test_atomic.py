import json
import os

import pytest

from chartforge.atomic import atomic_open, sha256_file, write_json


def test_failed_write_leaves_previous_file_intact(tmp_path):
    target = tmp_path / "out.json"
    write_json(target, {"v": 1})
    with pytest.raises(RuntimeError):
        with atomic_open(target) as handle:
            handle.write('{"v": 2, "half')
            raise RuntimeError("killed mid-write")
    assert json.loads(target.read_text()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left behind


def test_file_mode_is_applied(tmp_path):
    target = tmp_path / "secret"
    with atomic_open(target, file_mode=0o600) as handle:
        handle.write("x")
    assert os.stat(target).st_mode & 0o777 == 0o600


def test_sha256_file_changes_with_content(tmp_path):
    target = tmp_path / "f"
    target.write_text("a")
    first = sha256_file(target)
    target.write_text("b")
    assert sha256_file(target) != first
