"""The notebooks' shape as a learner meets it: code light enough to read, code the learner writes,
checks out of the way, and colours that come from the palette of roles.

- At most ``MAX_VISIBLE_LINES`` visible code lines per notebook (cells whose source is collapsed
  with ``"jupyter": {"source_hidden": true}`` do not count).
- A collapsed cell holds checks only: it makes at least one check (``assert`` or ``claim``), and
  no visible cell below it reads a name it defines, so nothing a learner should read hides there.
- From 01 on, every notebook has an exercise in which the learner writes a function: its
  Exercises section defines a function, and a check of ``sgd_lib.exercises.FUNCTION_TASKS`` runs it.
- No notebook cell passes a literal colour: colours come from ``sgd_lib.plotting`` (``color(role)``,
  ``shades(role, n)``), so one colour means one thing everywhere.
- Every claim stays guarded: the notebooks make at least ``MIN_CHECKS`` checks in all.
- The README's before-and-after table shows each notebook as it is now.

Run this file as a script to print, per notebook, the words of prose, the visible code lines, the
checks and the exercises in which the learner writes a function.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from sgd_lib.exercises import FUNCTION_TASKS

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TUTORIAL = sorted(NOTEBOOKS.glob("[01][0-9]_*.ipynb"))
ALL = TUTORIAL + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
MAX_VISIBLE_LINES = 120
#: The checks (asserts and claims) of the first edition's notebooks, which the second keeps at least.
MIN_CHECKS = 227
COLOUR_KEYWORDS = {
    "color",
    "colors",
    "c",
    "mec",
    "mfc",
    "markeredgecolor",
    "markerfacecolor",
    "facecolor",
    "edgecolor",
    "fc",
    "ec",
    "cmap",
    "colormap",
    "foreground",
    "facecolors",
    "edgecolors",
}
#: A Matplotlib format string that names a colour ("k--", "ro", "C1-").
FORMAT_COLOUR = re.compile(
    r"^(?=.*(?:[bgrcmykw]|C\d))[-.:,o v^<>1234sp*hH+xXDd|_]*(?:[bgrcmykw]|C\d)[-.:,o v^<>1234sp*hH+xXDd|_]*$"
)
CHECK_CALL = re.compile(r"^check_(\d\d)_(\d+)\(answer\)", re.MULTILINE)


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _hidden(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def _tree(cell: dict) -> ast.Module:
    """A code cell's syntax tree (IPython magics and shell lines left out)."""
    lines = [line for line in _source(cell).splitlines() if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def visible_code_lines(cells: list[dict]) -> int:
    """Non-blank code lines in cells whose source is not collapsed."""
    return sum(
        1
        for cell in cells
        if cell["cell_type"] == "code" and not _hidden(cell)
        for line in _source(cell).splitlines()
        if line.strip()
    )


def checks(cell: dict) -> int:
    """The asserts and ``claim(...)`` calls of a code cell."""
    count = 0
    for node in ast.walk(_tree(cell)):
        if isinstance(node, ast.Assert):
            count += 1
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "claim":
            count += 1
    return count


def _defined(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[0])
    return names


def _read(tree: ast.Module) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def hidden_cell_problems(cells: list[dict]) -> list[str]:
    """Collapsed cells that make no check, or define a name that a visible cell below reads."""
    problems = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code" or not _hidden(cell):
            continue
        if checks(cell) == 0:
            problems.append(f"cell {index} is collapsed but checks nothing")
        defined = _defined(_tree(cell))
        for later, below in enumerate(cells[index + 1 :], start=index + 1):
            if below["cell_type"] == "code" and not _hidden(below):
                used = defined & _read(_tree(below)) - _defined_before_use(below)
                if used:
                    problems.append(f"cell {index} is collapsed but visible cell {later} reads {sorted(used)}")
    return problems


def _defined_before_use(cell: dict) -> set[str]:
    """Names a cell assigns itself (so reading them later in the cell does not depend on a hidden cell)."""
    tree = _tree(cell)
    first_store: dict[str, int] = {}
    first_load: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            table = first_store if isinstance(node.ctx, ast.Store) else first_load
            table[node.id] = min(table.get(node.id, 10**9), node.lineno * 1000 + node.col_offset)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            first_store[node.name] = min(first_store.get(node.name, 10**9), node.lineno * 1000)
    return {name for name, at in first_store.items() if at < first_load.get(name, 10**9)}


def _literals(node: ast.AST) -> list[ast.Constant]:
    """Constants in ``node`` and in the containers it builds, not in the calls it makes (``color("sgd")``)."""
    if isinstance(node, ast.Constant):
        return [node]
    if isinstance(node, ast.Call):
        return []
    if isinstance(node, ast.Dict):  # {label: colour}: the keys are labels, only the values can be colours
        return [found for value in node.values for found in _literals(value)]
    return [found for child in ast.iter_child_nodes(node) for found in _literals(child)]


def literal_colours(cell: dict) -> list[str]:
    """Literal colours a code cell passes to Matplotlib: keyword values and format strings."""
    found = []
    for node in ast.walk(_tree(cell)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg in COLOUR_KEYWORDS:
                found += [
                    repr(c.value)
                    for c in _literals(keyword.value)
                    if isinstance(c.value, str) or (isinstance(c.value, float) and keyword.arg != "c")
                ]
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name in {"plot", "semilogy", "semilogx", "loglog", "errorbar", "step"}:
            found += [
                repr(a.value)
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str) and FORMAT_COLOUR.match(a.value)
            ]
        if name in {"get_cmap", "colormaps"} or (isinstance(node.func, ast.Attribute) and node.func.attr == "get_cmap"):
            found.append("a colormap by name")
    return found


def function_exercises(cells: list[dict]) -> list[str]:
    """Ids of the exercises in which the learner writes a function that a check then runs."""
    after, defines, ids = False, False, []
    for cell in cells:
        text = _source(cell)
        if cell["cell_type"] == "markdown" and re.search(r"(?im)^#+ .*exercise", text):
            after = True
        if not after or cell["cell_type"] != "code":
            continue
        defines = defines or re.search(r"^\s*def \w+\(", text, re.M) is not None
        for match in CHECK_CALL.finditer(text):
            exercise_id = f"{match.group(1)}.{match.group(2)}"
            if defines and exercise_id in FUNCTION_TASKS:
                ids.append(exercise_id)
    return ids


@pytest.mark.parametrize("path", TUTORIAL, ids=lambda p: p.stem)
def test_visible_code_stays_short(path):
    lines = visible_code_lines(_cells(path))
    assert lines <= MAX_VISIBLE_LINES, f"{path.name}: {lines} visible code lines (at most {MAX_VISIBLE_LINES})"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_collapsed_cells_hold_checks_only(path):
    problems = hidden_cell_problems(_cells(path))
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", [p for p in TUTORIAL if not p.name.startswith("00")], ids=lambda p: p.stem)
def test_the_learner_writes_a_function(path):
    assert function_exercises(_cells(path)), (
        f"{path.name}: no exercise in which the learner writes a function that a check of FUNCTION_TASKS runs"
    )


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_cell_passes_a_literal_colour(path):
    found = {
        index: colours
        for index, cell in enumerate(_cells(path))
        if cell["cell_type"] == "code" and (colours := literal_colours(cell))
    }
    assert not found, f"{path.name}: literal colours (cell index: colours): {found}; use plotting.color(role)"


def test_every_claim_stays_guarded():
    total = sum(checks(cell) for path in TUTORIAL for cell in _cells(path) if cell["cell_type"] == "code")
    assert total >= MIN_CHECKS, f"{total} checks in the notebooks, fewer than the {MIN_CHECKS} of the first edition"


def test_the_shape_checks_find_what_they_should():
    def code(text, hidden=False):
        return {
            "cell_type": "code",
            "source": text,
            "metadata": {"jupyter": {"source_hidden": True}} if hidden else {},
        }

    cells = [
        code("import numpy as np\nx = np.arange(3)\n"),
        code("y = x * 2\nassert y.sum() == 6\n", hidden=True),
        code("print(y)\n"),
        code("z = 1\n", hidden=True),
        code("y = 3\nprint(y)\n"),
    ]
    assert visible_code_lines(cells) == 5
    assert hidden_cell_problems(cells) == [
        "cell 1 is collapsed but visible cell 2 reads ['y']",
        "cell 3 is collapsed but checks nothing",
    ]
    assert checks(code("assert a\nclaim(b, 'c')\nsgd_lib.claims.claim(d, 'e')\n")) == 3
    assert literal_colours(
        code(
            "ax.plot(x, y, 'k--', color='C1')\nax.axhline(0, color=plotting.color('reference'))\n"
            "ax.plot(x, y, 'o-')\nax.scatter(x, y, c=values)\nplt.get_cmap('plasma')\n"
            "plot_lines(x, y, lines, colors={'a guess': plotting.color('by hand'), 'b': 'C2'})\n"
        )
    ) == ["'C1'", "'k--'", "a colormap by name", "'C2'"]


def shape(path: Path) -> tuple[int, int, int, int]:
    """A notebook's words of prose, visible code lines, checks and function exercises."""
    cells = _cells(path)
    words = sum(len(_source(c).split()) for c in cells if c["cell_type"] == "markdown")
    count = sum(checks(c) for c in cells if c["cell_type"] == "code")
    return words, visible_code_lines(cells), count, len(function_exercises(cells))


def shape_table() -> str:
    """Per notebook: words of prose, visible code lines, checks and function exercises (markdown table)."""
    rows = ["| notebook | words | visible code lines | checks | learner-written functions |", "|---|---|---|---|---|"]
    for path in TUTORIAL:
        words, lines, count, functions = shape(path)
        rows.append(f"| `{path.stem}` | {words:,} | {lines} | {count} | {functions} |")
    return "\n".join(rows)


#: A row of the README's before-and-after table: `name` | before → after | ... (four columns).
README_ROW = re.compile(r"^\| `(\d\d_\w+)` \|" + r" [\d,]+ → ([\d,]+) \|" * 4 + r"$", re.MULTILINE)


def test_the_readme_table_shows_the_notebooks_as_they_are():
    readme = (NOTEBOOKS.parent / "README.md").read_text(encoding="utf-8")
    stated = {name: tuple(int(v.replace(",", "")) for v in after) for name, *after in README_ROW.findall(readme)}
    assert sorted(stated) == [path.stem for path in TUTORIAL], "the README's table has one row per notebook"
    wrong = {path.stem: (stated[path.stem], shape(path)) for path in TUTORIAL if stated[path.stem] != shape(path)}
    assert not wrong, f"README (stated, actual) words, lines, checks, functions; run this file to print them: {wrong}"


if __name__ == "__main__":
    print(shape_table())
