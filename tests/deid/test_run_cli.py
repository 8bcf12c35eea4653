import os

from click.testing import CliRunner

from chartforge.cli import cli
from tests.deid.pipeline_fixtures import write_ingest_dir


def test_loose_key_file_is_a_config_error_without_the_key(tmp_path):
    key = tmp_path / "deid.key"
    key.write_text("super-secret-key-value\n")
    os.chmod(key, 0o644)
    source = write_ingest_dir(tmp_path / "ingested")
    env = {"CHARTFORGE__DEID__SURROGATES__KEY_FILE": str(key), "CHARTFORGE_DEID_KEY": "",
           "CHARTFORGE__PATHS__WORK_DIR": str(tmp_path / "work")}
    result = CliRunner().invoke(cli, ["deid", "run", str(source), "--out", str(tmp_path / "b")], env=env)
    assert result.exit_code == 2
    assert "E204" in result.output and "super-secret" not in result.output
    assert not (tmp_path / "b").exists()


def test_help_lists_modes():
    result = CliRunner().invoke(cli, ["deid", "run", "--help"])
    assert result.exit_code == 0 and "surrogate|mask" in result.output and "--gold" in result.output
