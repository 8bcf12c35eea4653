"""Two house rules of issue 17 that an import graph does not show, counted statically (``ast``).

    python -m tools.house_rules            # the counts and every offending line
    python -m tools.house_rules --root ../old

* **Settings are passed down.** Entry points (``chartforge.cli``, ``chartforge.demo*``,
  ``flows``) load the configuration once and hand a section to the stages; a stage or base
  module never calls ``get_config()`` (the process-wide configuration) itself.
  A call from below the entry points to a function that falls back on ``get_config()`` when
  it is given no configuration (as ``SynthSettings.from_config()`` once did) reads it just the same, so
  those calls are counted too (``config_fallbacks``).
* **Artifact file names are spelled once**, in ``chartforge/contracts/files.py``: a string
  literal naming a ``.parquet`` / ``.json`` / ``.jsonl`` file anywhere else is counted, unless
  it is one of ``NOT_ARTIFACTS`` (files no stage exchanges: rule files, caches, fixtures).
  bench/'s scripts are read too.
* **Printed data is data.** Rich drops any ``[word]`` it reads as a style tag, and our strings
  hold brackets (ICD-10-CM titles, configuration sections, stage names), so a console is made by
  ``chartforge.console.make_console`` (markup off) and nowhere else, and no string literal carries
  a markup closing tag (``[/bold]``): styled words are ``rich.text.Text`` (``console_markup``).

tests/test_house_rules.py fails on a new offender, and on an allow-list entry that is no longer
needed, so the lists only shrink.
"""

from __future__ import annotations

import argparse
import ast
import functools
import re
import sys
from pathlib import Path

from tools.import_graph import ROOT, module_files, rank

CONFIG_DEFINED_IN = "chartforge.config"
ARTIFACT_NAME = re.compile(r"^[A-Za-z0-9_*-][A-Za-z0-9_.*-]*\.(parquet|json|jsonl)$")
CONTRACT_FILES = "chartforge.contracts.files"
CONSOLE_FACTORY = "chartforge.console"
MARKUP_CLOSING_TAG = re.compile(r"\[/[a-z]*\]")


def is_entry_point(module: str) -> bool:
    return rank(module)[0] == 2


def _calls(tree: ast.AST, name: str) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if called == name:
                lines.append(node.lineno)
    return lines


@functools.lru_cache(maxsize=4)
def _parsed_cached(root: Path, stamp: tuple) -> list:
    return [(module, path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for module, path in module_files(root).items()]


def _parsed(root: Path) -> list:
    files = module_files(root)
    return _parsed_cached(root, tuple((str(p), p.stat().st_mtime_ns) for p in files.values()))


def _parsed_bench(root: Path) -> list:
    """bench/'s scripts: not part of the import graph (nothing imports them), but they read and
    write the same artifacts, so they spell file names through the contracts too."""
    return [(f"bench.{path.stem}", path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
            for path in sorted((root / "bench").glob("*.py"))]


def config_reads(root: Path = ROOT) -> dict[str, list[int]]:
    """module -> lines calling ``get_config()``, for every module below the entry points."""
    found = {}
    for module, _, tree in _parsed(root):
        if is_entry_point(module) or module == CONFIG_DEFINED_IN:
            continue
        lines = _calls(tree, "get_config")
        if lines:
            found[module] = sorted(lines)
    return found


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _passes_a_config(call: ast.Call) -> bool:
    return bool(call.args) or any(k.arg in ("config", "section", "settings") for k in call.keywords)


def _bare_calls(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    """(line, name) of the calls to one of ``names`` that hand it no configuration."""
    return sorted((node.lineno, _called_name(node)) for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and _called_name(node) in names and not _passes_a_config(node))


def config_fallbacks(root: Path = ROOT) -> dict[str, list[tuple[int, str]]]:
    """module -> (line, name) of every call, below the entry points, to a function that reads
    ``get_config()`` itself when it is handed no configuration (as ``SynthSettings.from_config()`` once did),
    made without one (no positional argument, no ``config=`` / ``section=`` / ``settings=``).
    One level, by name: following such calls further would match every ``load()``."""
    readers = {node.name for module, _, tree in _parsed(root)
               if not is_entry_point(module) and module != CONFIG_DEFINED_IN
               for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _calls(node, "get_config")}
    found = {}
    for module, _, tree in _parsed(root):
        if is_entry_point(module) or module == CONFIG_DEFINED_IN:
            continue
        hits = _bare_calls(tree, readers)
        if hits:
            found[module] = hits
    return found


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def artifact_literals(root: Path = ROOT, allowed: frozenset[str] = frozenset()) -> dict[str, list[tuple[int, str]]]:
    """module -> (line, literal) of every string literal that is an artifact file name (bench/ too)."""
    found = {}
    for module, _, tree in _parsed(root) + _parsed_bench(root):
        if module == CONTRACT_FILES:
            continue
        docstrings = _docstring_ids(tree)
        hits = sorted((node.lineno, node.value) for node in ast.walk(tree)
                      if isinstance(node, ast.Constant) and isinstance(node.value, str)
                      and id(node) not in docstrings and ARTIFACT_NAME.match(node.value)
                      and node.value not in allowed)
        if hits:
            found[module] = hits
    return found


def console_markup(root: Path = ROOT) -> dict[str, list[tuple[int, str]]]:
    """module -> (line, what) of every ``Console(...)`` made outside chartforge.console and every
    string literal holding a markup closing tag (docstrings excepted; bench/ is not read)."""
    found = {}
    for module, _, tree in _parsed(root):
        if module == CONSOLE_FACTORY:
            continue
        docstrings = _docstring_ids(tree)
        hits = [(line, "Console(") for line in _calls(tree, "Console")]
        hits += [(node.lineno, MARKUP_CLOSING_TAG.search(node.value).group()) for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)
                 and id(node) not in docstrings and MARKUP_CLOSING_TAG.search(node.value)]
        if hits:
            found[module] = sorted(hits)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.house_rules", description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to read (default: this one)")
    args = parser.parse_args(argv)
    reads = config_reads(args.root)
    print(f"get_config() callers outside entry points: {len(reads)} modules, "
          f"{sum(len(v) for v in reads.values())} calls")
    for module, lines in sorted(reads.items()):
        print(f"  {module}: lines {', '.join(map(str, lines))}")
    fallbacks = config_fallbacks(args.root)
    print(f"calls below the entry points to a get_config() fallback, no configuration given: "
          f"{len(fallbacks)} modules, {sum(len(v) for v in fallbacks.values())} calls")
    for module, hits in sorted(fallbacks.items()):
        print(f"  {module}: " + ", ".join(f"{line} {name}()" for line, name in hits))
    from tools.artifact_names import NOT_ARTIFACTS

    literals = artifact_literals(args.root, NOT_ARTIFACTS)
    print(f"artifact file-name literals outside chartforge/contracts/files.py: {len(literals)} modules, "
          f"{sum(len(v) for v in literals.values())} literals")
    for module, hits in sorted(literals.items()):
        print(f"  {module}: " + ", ".join(f"{line} {value!r}" for line, value in hits))
    markup = console_markup(args.root)
    print(f"consoles made outside chartforge/console.py or markup tags in literals: {len(markup)} modules, "
          f"{sum(len(v) for v in markup.values())} places")
    for module, hits in sorted(markup.items()):
        print(f"  {module}: " + ", ".join(f"{line} {what}" for line, what in hits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
