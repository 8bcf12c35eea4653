"""Every registered subcommand is reachable and documents itself."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from chartforge.cli import SUBCOMMANDS, cli


def test_root_help_lists_every_subcommand():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in SUBCOMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_each_subcommand_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_console_script_runs_and_rejects_bad_config(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[nosuchsection]\nx = 1\n")
    # The group callback loads the configuration before any subcommand runs: usage error (2).
    proc = subprocess.run([sys.executable, "-m", "chartforge", "--config", str(bad), "demo",
                           "--out", str(tmp_path / "x")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "E002" in proc.stderr
    assert not (tmp_path / "x").exists()  # nothing ran
