"""The import graph of chartforge, its layers, upward imports and file-level cycles.

    python -m tools.import_graph            # summary: edges between packages, upward imports, cycles
    python -m tools.import_graph --edges    # also every file-to-file import
    python -m tools.import_graph --dot graph.dot   # Graphviz file of the package graph
    python -m tools.import_graph --root ../old     # another checkout (git worktree add ../old 75ae0f2)

Read statically (``ast``), so nothing is imported and no model loads. Every import counts,
also one inside a function: a lazy import still ties the importer to the imported module.
Imports under ``if TYPE_CHECKING:`` are left out (they never run).

Layers (docs/architecture.md), lowest first:

* **base** - ``chartforge`` (contracts, settings, config, errors, I/O helpers) imports no stage;
* **stages** - ``demodata``, ``ingest``, ``deid``, ``devsets``, ``review``, ``codebooks``,
  ``synth``, ``corpus``, in that order: a stage imports the base and stages before it;
* **entry points** - ``chartforge.cli`` (the CLI), ``chartforge.demo*`` and ``flows``.

An *upward* import goes from a module to one in a higher layer, or from a stage to a later
stage. A *cycle* is a strongly connected set of files (Tarjan) bigger than one file.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["chartforge", "demodata", "ingest", "deid", "devsets", "review", "codebooks", "synth", "corpus", "flows"]
STAGE_ORDER = ["demodata", "ingest", "deid", "devsets", "review", "codebooks", "synth", "corpus"]
ENTRY_PREFIXES = ("chartforge.cli", "chartforge.demo", "chartforge.__main__", "flows")


def rank(module: str) -> tuple[int, int]:
    """(layer, position inside the layer): 0 base, 1 stages (by STAGE_ORDER), 2 entry points."""
    if module.startswith(ENTRY_PREFIXES):
        return (2, 0)
    top = module.split(".")[0]
    if top in STAGE_ORDER:
        return (1, STAGE_ORDER.index(top))
    return (0, 0)


def layer_name(module: str) -> str:
    layer, position = rank(module)
    return ("base", STAGE_ORDER[position] if layer == 1 else "", "entry")[layer] or "base"


def module_files(root: Path = ROOT) -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(parts)] = path
    return files


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported_names(tree: ast.AST, module: str, is_package: bool):
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.body:
                for inner in ast.walk(child):
                    skip.add(id(inner))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            for alias in node.names:
                yield f"{prefix}.{alias.name}"
                yield prefix


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def build_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> the project modules it imports (longest known module name of each import)."""
    files = module_files(root)
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for name in _imported_names(tree, module, path.name == "__init__.py"):
            target = _resolve(name, files)
            # A package's __init__ reached only as the prefix of "from pkg import mod" is no edge.
            if target and target != module and not (target == name.rsplit(".", 1)[0] and f"{name}" in files):
                targets.add(target)
        graph[module] = targets
    return graph


def upward_imports(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    found = []
    for source, targets in graph.items():
        for target in targets:
            if _is_parent_package(target, source):
                continue
            if rank(target) > rank(source):
                found.append((source, target))
    return sorted(found)


def _is_parent_package(target: str, source: str) -> bool:
    return source.startswith(target + ".")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one file (iterative Tarjan).

    Edges to a module's own parent packages are left out: importing ``pkg.sub`` runs
    ``pkg/__init__``, which is not a design dependency of the file on its package.
    """
    edges = {m: sorted(t for t in ts if not _is_parent_package(t, m) and not _is_parent_package(m, t))
             for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def package_edges(graph: dict[str, set[str]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for source, targets in graph.items():
        for target in targets:
            a, b = layer_name(source), layer_name(target)
            if a != b:
                counts[(a, b)] += 1
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.import_graph", description=__doc__.split("\n")[0])
    parser.add_argument("--edges", action="store_true", help="print every file-to-file import too")
    parser.add_argument("--dot", type=Path, help="write the package graph as Graphviz dot")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="checkout to read (default: this one), e.g. a worktree of an older commit")
    args = parser.parse_args(argv)
    graph = build_graph(args.root)
    print(f"{len(graph)} modules, {sum(len(t) for t in graph.values())} imports between them")
    print("\nimports between layers / stages (importer -> imported: files):")
    edges = package_edges(graph)
    for (a, b), n in sorted(edges.items(), key=lambda item: (rank_of(item[0][0]), item[0][1])):
        print(f"  {a:>10} -> {b:<10} {n}")
    up = upward_imports(graph)
    print(f"\nupward imports: {len(up)}")
    for source, target in up:
        print(f"  {source} -> {target}")
    found = cycles(graph)
    print(f"\nfile cycles: {len(found)}")
    for component in found:
        print("  " + " <-> ".join(component))
    if args.edges:
        print("\nall imports:")
        for source in sorted(graph):
            for target in sorted(graph[source]):
                print(f"  {source} -> {target}")
    if args.dot:
        lines = ["digraph chartforge {", "  rankdir=BT;"]
        lines += [f'  "{a}" -> "{b}" [label="{n}"{", color=red" if rank_of(b) > rank_of(a) else ""}];'
                  for (a, b), n in sorted(edges.items())]
        args.dot.write_text("\n".join(lines + ["}"]) + "\n", encoding="utf-8")
        print(f"\nwrote {args.dot}")
    return 0


def rank_of(name: str) -> tuple[int, int]:
    if name == "base":
        return (0, 0)
    if name == "entry":
        return (2, 0)
    return (1, STAGE_ORDER.index(name))


if __name__ == "__main__":
    sys.exit(main())
