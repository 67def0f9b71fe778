"""The library's layers: the numerical core imports no drawing, and no two modules import each other.

Bottom up: ``checks`` and ``claims``; ``data``, ``model``, ``losses``, ``schedules``; ``optimizers``,
``evaluation``, ``history``, ``tfjs`` (TF.js's fit replayed in float32); ``dynamics`` (the update rules on a
quadratic bowl) and ``noise`` (gradient noise at the optimum); the ``training`` package (``fit``, its engines
and their bookkeeping); ``plotting``; the explorers (``widgets``); ``exercises`` may use anything. The graph of
imports between the modules of ``sgd_lib`` is read from their source and must be free of cycles, and every
arrow must point down. A private name (``_x``) is imported only inside a package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sgd_lib"
LEVEL = {
    "checks": 0,
    "claims": 0,
    "data": 1,
    "model": 1,
    "losses": 1,
    "schedules": 1,
    "optimizers": 2,
    "evaluation": 2,
    "history": 2,
    "tfjs": 2,
    "dynamics": 3,
    "noise": 3,
    "training": 4,
    "plotting": 5,
    "widgets": 6,
    "exercises": 7,
    "__init__": 8,
}
CORE = {
    "checks",
    "data",
    "model",
    "losses",
    "schedules",
    "optimizers",
    "evaluation",
    "history",
    "dynamics",
    "noise",
    "training",
    "tfjs",
}
DRAWING = {"matplotlib", "ipywidgets", "PIL", "IPython"}


def _modules() -> dict[str, Path]:
    """Dotted names (``widgets.line``) of every module of the package, with their files."""
    return {".".join(path.relative_to(PACKAGE).with_suffix("").parts): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path) -> tuple[set[str], set[str]]:
    """(modules of sgd_lib, outside top-level packages) that a module imports."""
    package = name.split(".")[:-1] if not name.endswith("__init__") else name.split(".")[:-1]
    inside, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join(base + ([node.module] if node.module else []))
            if node.module is None:  # from . import nb01
                inside |= {".".join(base + [alias.name]) for alias in node.names}
            else:
                inside.add(target)
        elif isinstance(node, ast.ImportFrom) and node.module:
            outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            outside |= {alias.name.split(".")[0] for alias in node.names}
    return inside, outside


def _top(name: str) -> str:
    return name.split(".")[0]


GRAPH = {name: _imports(name, path) for name, path in _modules().items()}


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if _top(n) in CORE))
def test_the_numerical_core_imports_no_drawing(name):
    inside, outside = GRAPH[name]
    assert not (outside & DRAWING), f"{name} imports {outside & DRAWING}"
    assert not {_top(m) for m in inside} & {"plotting", "widgets", "exercises"}, f"{name} imports {inside}"


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_every_import_points_down(name):
    inside, _ = GRAPH[name]
    for target in inside:
        if _top(target) == _top(name):  # inside one package: checked by the cycle test
            continue
        assert LEVEL[_top(target)] < LEVEL[_top(name)], f"{name} imports {target}, which is not below it"


def test_there_is_no_import_cycle():
    known = set(GRAPH)

    def resolve(target: str) -> str | None:
        if target in known:
            return target
        return f"{target}.__init__" if f"{target}.__init__" in known else None

    edges = {name: {resolve(t) for t in inside} - {None} for name, (inside, _) in GRAPH.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in edges[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in edges:
        if node not in state:
            visit(node, [])


def test_the_fast_path_does_not_import_the_reference_loop():
    inside, _ = GRAPH["training.fast"]
    assert "training.loop" not in inside and "training" not in inside


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_private_name_crosses_modules(name):
    # Inside a package (training/, plotting/, widgets/, exercises/) private names may be shared: level 2 imports
    # ("..") may not.
    path = _modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    crossing = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level and (node.level > 1 or "." not in name)
        for alias in node.names
        if alias.name.startswith("_")
    ]
    crossing += [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.level
        and (node.level > 1 or "." not in name)
        and node.module
        and any(part.startswith("_") for part in node.module.split("."))
    ]
    assert not crossing, f"{name} imports private names from other modules: {crossing}"


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if _top(n) in CORE | {"plotting"}))
def test_the_core_and_plotting_are_read_in_short_pieces(name):
    # No module of the numerical core or of plotting over 400 lines, no function (with its docstring) over 60.
    source = _modules()[name].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400, f"{name} has {len(source.splitlines())} lines"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= 60, f"{name}.{node.name} has {length} lines"
