"""The house plan holds (docs/architecture.md): three layers, imports only downward, no cycles.

Read statically with tools/import_graph.py (ast; nothing is imported). Every import counts,
a lazy one inside a function too. `python -m tools.import_graph` prints the same figures.
"""

from pathlib import Path

import pytest

from tools import import_graph as ig


@pytest.fixture(scope="module")
def graph():
    return ig.build_graph()


def test_graph_covers_every_package(graph):
    tops = {module.split(".")[0] for module in graph}
    assert tops == set(ig.PACKAGES)
    assert len(graph) > 200


def test_base_imports_no_stage_and_no_entry_point(graph):
    base = [m for m in graph if ig.rank(m) == (0, 0)]
    assert "chartforge.contracts.schemas" in base and "chartforge.settings" in base
    offenders = [(m, t) for m in base for t in graph[m] if ig.rank(t) != (0, 0)]
    assert offenders == []


def test_stages_never_import_flows_or_an_entry_point(graph):
    offenders = [(m, t) for m in graph if ig.rank(m)[0] == 1 for t in graph[m] if ig.rank(t)[0] == 2]
    assert offenders == []


def test_no_upward_import(graph):
    assert ig.upward_imports(graph) == []


def test_no_import_cycle_between_files(graph):
    assert ig.cycles(graph) == []


def test_deid_and_review_do_not_import_each_other_both_ways(graph):
    deid_to_review = [(m, t) for m in graph if m.startswith("deid.") for t in graph[m] if t.startswith("review")]
    assert deid_to_review == []


def test_stage_clis_live_with_the_entry_points():
    root = ig.ROOT
    assert not [p for p in root.glob("*/cli.py")], "a stage CLI belongs in chartforge/cli/"
    assert (root / "chartforge" / "cli" / "deid.py").is_file()


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for package in ig.PACKAGES:
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    return tmp_path


def test_the_checker_finds_an_upward_import_and_a_cycle(tmp_path):
    root = _tree(tmp_path, {
        "deid/batch.py": "def f():\n    from review.sampling import draw\n",  # lazy, still counted
        "review/sampling.py": "from deid.spans import Span\n",
        "deid/spans.py": "",
        "chartforge/errors.py": "from flows.deid import deid_flow\n",
        "flows/deid.py": "",
        "synth/a.py": "from synth import b\n",
        "synth/b.py": "from synth.a import x\n",
        "synth/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from corpus.x import y\n",
        "corpus/x.py": "",
    })
    graph = ig.build_graph(root)
    assert ig.upward_imports(graph) == [("chartforge.errors", "flows.deid"), ("deid.batch", "review.sampling")]
    assert ig.cycles(graph) == [["synth.a", "synth.b"]]


def test_the_command_prints_the_figures(capsys):
    assert ig.main([]) == 0
    out = capsys.readouterr().out
    assert "upward imports: 0" in out
    assert "file cycles: 0" in out
