"""The notebooks' prose: every number it quotes is printed (or written) by a cell above it.

A learner should never read a number that no cell shows. For every markdown cell of
every stored notebook (solutions included), each number in its prose must appear, in
the same form, in the code or the printed output of a cell above it. "The same form"
means as a whole token: "13,476" is backed by a printed "13,476" or "13476", but "0.94"
is not backed by a printed "0.9387"; print the rounded value, or quote the printed one.

Not checked: LaTeX, inline code, fenced code blocks (the original's TF.js code),
headings, link targets, and notebook, section and exercise numbers. Numbers taken as
given are the original's own settings, in ``GIVEN``. One-digit integers are too common
("4 batches", "step 2") to be checked this way.

Each notebook's markdown has a word budget of its own, ``WORD_BUDGETS``, and the ten core
notebooks (00-09) one together, ``WORD_BUDGET``.
Run this file as a script to print the words per notebook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TUTORIAL = sorted(NOTEBOOKS.glob("*.ipynb"))
ALL = TUTORIAL + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))

#: The original's own settings: learning rate 0.1, 100 epochs, batches of 32, 99 points.
GIVEN = {"0.1", "100", "32", "99"}
#: The most words the markdown of each notebook may have: what the first edition used, plus room for
#: the derivations of the second (partial derivatives and the least-squares line in 03, the parabola and
#: the curvature in 04, the remainder batch in 06, the noise law in 08, momentum's map in 09).
WORD_BUDGETS = {
    "00": 1_100,
    "01": 950,
    "02": 950,
    "03": 1_700,
    "04": 1_800,
    "05": 1_450,
    "06": 1_450,
    "07": 1_350,
    "08": 1_350,
    "09": 1_900,
    "10": 1_150,
}
#: The most words the markdown of the ten core notebooks (00-09) may have together.
WORD_BUDGET = 14_000
CORE = [path for path in TUTORIAL if int(path.name[:2]) <= 9]

NUMBER = re.compile(
    r"(?<![\w.,])"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+(?:e[-+]?\d+)?|\d+e[-+]?\d+|\d{2,})"
    r"(?![\w]|\.\d|,\d{3})"
)
SKIPPED = re.compile(
    r"```.*?```"  # fenced code: the original's TF.js
    r"|\$\$.*?\$\$|\$[^$\n]*\$"  # LaTeX
    r"|`[^`\n]*`"  # inline code
    r"|\]\([^)]*\)"  # link targets (the link text is prose)
    r"|(?i:exercises?\s+\d\d\.\d+)"
    r"|\b\d\d\s*·"  # a notebook's title, "05 · Training"
    r"|(?i:notebooks?\s+\d\d(?:\s*(?:,|and|or|to|-|–)\s*\d\d)*)"
    r"|(?m:^[ \t]*#[^\n]*$)",  # headings (one line each)
    re.DOTALL,
)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _shown(cell: dict) -> str:
    """A code cell's code and everything it printed or displayed as text."""
    parts = [_source(cell)]
    for output in cell.get("outputs", []):
        text = output.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
        for mime in ("text/plain", "text/markdown", "text/html"):
            value = output.get("data", {}).get(mime, "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def _tokens(text: str) -> set[str]:
    """Every number in ``text``, as a whole token, with thousands separators removed."""
    plain = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return set(re.findall(r"(?<![\d.])\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\d])", plain)) | set(
        re.findall(r"(?<![\d.])\d+\.\d+(?![\d])", plain)
    )


def unbacked_numbers(cells: list[dict]) -> list[tuple[int, str]]:
    """(cell index, number) for each number in prose that no cell above prints or writes."""
    seen: set[str] = set()
    misses = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") == "code":
            seen |= _tokens(_shown(cell))
            continue
        if cell.get("cell_type") != "markdown":
            continue
        prose = SKIPPED.sub(" ", _source(cell))
        for number in NUMBER.findall(prose):
            plain = number.replace(",", "")
            if plain not in GIVEN and plain not in seen:
                misses.append((index, number))
    return misses


def markdown_words(path: Path) -> int:
    """Words (whitespace-separated tokens) in a notebook's markdown cells."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(len(_source(cell).split()) for cell in cells if cell.get("cell_type") == "markdown")


@pytest.mark.parametrize("path", ALL, ids=[str(p.relative_to(NOTEBOOKS)) for p in ALL])
def test_every_number_in_prose_is_printed_above_it(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    misses = unbacked_numbers(cells)
    assert not misses, (
        f"{path.relative_to(NOTEBOOKS.parent)}: numbers in prose that no cell above prints or writes "
        f"(cell index: number): {', '.join(f'{i}: {n}' for i, n in misses)}"
    )


def test_the_tutorial_keeps_to_its_word_budget():
    assert len(CORE) == 10, [path.name for path in CORE]
    assert set(WORD_BUDGETS) == {path.name[:2] for path in TUTORIAL}
    counts = {path.stem: markdown_words(path) for path in CORE}
    total = sum(counts.values())
    assert total <= WORD_BUDGET, f"{total} words of markdown in 00-09, budget {WORD_BUDGET}: {counts}"
    over = {path.stem: words for path in TUTORIAL if (words := markdown_words(path)) > WORD_BUDGETS[path.name[:2]]}
    assert not over, f"notebooks over their word budget ({WORD_BUDGETS}): {over}"


def test_the_checker_finds_what_it_should():
    code = {
        "cell_type": "code",
        "source": "kappa = 13476.2\n",
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "condition number 13,476; R^2 0.9387\n"}],
    }
    prose = {
        "cell_type": "markdown",
        "source": (
            "The condition number is 13,476 and R² is 0.9387, not 0.94; about 13,500 is not printed. "
            "The original's 0.1 and 100 epochs are given, as are notebook 04 and Exercise 05.2. "
            "`0.777` is code and $2.5$ is math, 1,234,567.5 is not printed, and 12 is not either.\n"
            "```javascript\nconst lr = 0.333;\n```\n## 4.4 A heading with 123\nAnd 0.25 under it is prose."
        ),
    }
    assert [number for _, number in unbacked_numbers([code, prose])] == ["0.94", "13,500", "1,234,567.5", "12", "0.25"]
    assert unbacked_numbers([prose, code])[:2] == [(0, "13,476"), (0, "0.9387")]  # printed below is too late


if __name__ == "__main__":
    for path in TUTORIAL:
        print(f"{path.stem:<20} {markdown_words(path):>6}  (budget {WORD_BUDGETS[path.name[:2]]})")
    print(f"{'total of 00-09':<20} {sum(markdown_words(p) for p in CORE):>6}  (budget {WORD_BUDGET})")
