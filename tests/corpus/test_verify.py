"""`verify` re-hashes every file and fails on any change."""

import os

from click.testing import CliRunner

from chartforge.cli import cli
from corpus.verify import verify_version


def _tamper(path, data: bytes):
    os.chmod(path.parent, 0o755)
    os.chmod(path, 0o644)
    path.write_bytes(data)
    os.chmod(path, 0o444)
    os.chmod(path.parent, 0o555)


def test_an_intact_version_verifies(built):
    assert verify_version(built.path) == []


def test_a_modified_data_file_is_detected(built, tmp_path):
    target = built.path / "test.jsonl"
    _tamper(target, target.read_bytes().replace(b'"I10"', b'"I11"', 1) + b"\n")
    problems = verify_version(built.path)
    assert problems == ["test.jsonl changed (sha256 differs from the manifest)"]
    result = CliRunner().invoke(cli, ["corpus", "verify", f"demo/{built.version}", "--datasets-dir",
                                      str(tmp_path / "datasets")])
    assert result.exit_code == 1 and "test.jsonl changed" in result.output


def test_an_edited_manifest_an_extra_file_and_write_permission_are_detected(built):
    manifest = built.path / "manifest.json"
    _tamper(manifest, manifest.read_bytes().replace(b'"demo"', b'"demo2"', 1))
    os.chmod(built.path, 0o755)
    (built.path / "extra.txt").write_text("x")
    problems = verify_version(built.path)
    assert "manifest.json changed (hash differs from manifest.sha256)" in problems
    assert "extra.txt is not in the manifest" in problems
    assert "extra.txt is writable" in problems and "the version directory is writable" in problems
