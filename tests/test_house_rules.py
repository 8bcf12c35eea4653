"""Issue 17's house rules that the import graph does not show (tools/house_rules.py).

Both lists below only shrink: a module that starts reading the process configuration, or
spells an artifact file name, fails; so does a listed module that no longer does (delete it
from the list, so it cannot quietly come back).
"""

from __future__ import annotations

from pathlib import Path

from tools import house_rules as hr
from tools.artifact_names import NOT_ARTIFACTS

# Stage modules still reading get_config() themselves (issue 17 item 1: passed down, package by
# package; none left). Entry points (chartforge.cli, chartforge.demo*, flows) may read it.
STILL_READING_CONFIG: set[str] = set()

# Modules below the entry points calling one of those readers without handing it a
# configuration: they would read the process configuration just the same (none left).
STILL_FALLING_BACK: set[str] = set()


# Modules still spelling an artifact file name instead of using chartforge.contracts.files
# (issue 17 item 2: none left; keep it empty).
STILL_SPELLING_ARTIFACT_NAMES: set[str] = set()


def test_no_new_module_below_the_entry_points_reads_the_process_configuration():
    readers = set(hr.config_reads())
    assert readers - STILL_READING_CONFIG == set(), "pass the settings down from the entry point instead"
    assert STILL_READING_CONFIG - readers == set(), "no longer reads get_config(): drop it from the list"


def test_no_new_module_calls_a_reader_without_a_configuration():
    callers = set(hr.config_fallbacks())
    assert callers - STILL_FALLING_BACK == set(), "hand the reader the configuration your caller passed down"
    assert STILL_FALLING_BACK - callers == set(), "no longer falls back: drop it from the list"


def test_artifact_file_names_are_spelled_in_the_contracts_only():
    spelling = set(hr.artifact_literals(allowed=NOT_ARTIFACTS))
    assert spelling - STILL_SPELLING_ARTIFACT_NAMES == set(), "use chartforge.contracts.files (or tools/artifact_names.py)"
    assert STILL_SPELLING_ARTIFACT_NAMES - spelling == set(), "no longer spells one: drop it from the list"


def test_every_allowed_name_is_still_used_somewhere():
    """An allow-list entry nobody spells any more is dead: remove it."""
    used = {value for hits in hr.artifact_literals().values() for _, value in hits}
    assert NOT_ARTIFACTS - used == set()


def test_consoles_print_data_as_data():
    """Made by chartforge.console.make_console (markup off); no markup tags in literals."""
    assert hr.console_markup() == {}


def test_run_chunk_names():
    from chartforge.contracts import files

    assert files.generated_chunk(3) == "generated-0003.jsonl" and files.labelled_chunk(12) == "labelled-0012.jsonl"
    assert files.generated_chunk("*") == "generated-*.jsonl"


def test_the_checks_find_what_they_look_for(tmp_path: Path):
    from tools.import_graph import PACKAGES

    for package in PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").touch()
    (tmp_path / "deid" / "stage.py").write_text(
        '"""Writes notes.parquet."""\nfrom chartforge import config\n'
        'def f():\n    return config.get_config()["deid"], "flags.parquet", ".json", "rules.yaml"\n')
    (tmp_path / "deid" / "settings.py").write_text(
        "from chartforge.config import get_config\n"
        "def from_config(config=None):\n    return (config or get_config())['deid']\n")
    (tmp_path / "review" / "use.py").write_text(
        "from deid import settings\nsettings.from_config()\nsettings.from_config(cfg)\n"
        "settings.from_config(config=cfg)\n")
    (tmp_path / "flows" / "run.py").write_text("from chartforge.config import get_config\nget_config()\n"
                                               "from deid.settings import from_config\nfrom_config()\n")
    (tmp_path / "chartforge" / "config.py").write_text("def get_config():\n    return get_config()\n")
    assert hr.config_reads(tmp_path) == {"deid.stage": [4], "deid.settings": [3]}
    assert hr.config_fallbacks(tmp_path) == {"review.use": [(2, "from_config")]}
    assert hr.artifact_literals(tmp_path) == {"deid.stage": [(4, "flags.parquet")]}
    assert hr.artifact_literals(tmp_path, frozenset({"flags.parquet"})) == {}
    (tmp_path / "corpus" / "show.py").write_text(
        '"""Prints [bold]x[/bold]."""\nfrom rich.console import Console\nconsole = Console()\n'
        'console.print(f"[red]error:[/red] {1}")\n')
    assert hr.console_markup(tmp_path) == {"corpus.show": [(3, "Console("), (4, "[/red]")]}


def test_the_command_prints_both_counts(capsys):
    assert hr.main([]) == 0
    out = capsys.readouterr().out
    assert f"get_config() callers outside entry points: {len(STILL_READING_CONFIG)} modules" in out
    assert "artifact file-name literals outside chartforge/contracts/files.py:" in out
    assert "consoles made outside chartforge/console.py or markup tags in literals: 0 modules" in out
