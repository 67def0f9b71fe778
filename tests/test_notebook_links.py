"""Links between the notebooks lead somewhere: to a notebook that exists and, with an anchor, to one of its headings.

JupyterLab (and nbconvert) give each markdown heading an anchor: its text with spaces turned into
hyphens (``## The stability limit`` -> ``#The-stability-limit``), formatting marks left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb")) + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]*?\.ipynb)?(#[^)\s]*)?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "markdown"
    ]


def anchor(heading: str) -> str:
    """The anchor JupyterLab gives a heading."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return text.strip().replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor(h) for text in _markdown(path) for h in HEADING.findall(re.sub(r"```.*?```", "", text, flags=re.S))}


def links(path: Path) -> list[tuple[Path, str | None]]:
    """(target notebook, anchor or None) of every link to a notebook or an anchor in ``path``."""
    found = []
    for text in _markdown(path):
        for target, fragment in LINK.findall(re.sub(r"```.*?```", "", text, flags=re.S)):
            if not target and not fragment:
                continue
            if target.startswith(("http:", "https:")):
                continue
            found.append(((path.parent / target).resolve() if target else path, fragment[1:] if fragment else None))
    return found


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_link_leads_to_a_notebook_and_heading(path):
    broken = []
    for target, fragment in links(path):
        if not target.exists():
            broken.append(f"{target.name} (no such notebook)")
        elif fragment is not None and fragment not in anchors(target):
            broken.append(f"{target.name}#{fragment}")
    assert not broken, f"{path.name}: broken links: {broken}"


def test_anchors_are_the_headings_with_hyphens():
    assert anchor("The stability limit") == "The-stability-limit"
    assert anchor("Why `fit` stops") == "Why-fit-stops"
