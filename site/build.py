"""Build the static site: every notebook as an HTML page whose explorers work without a kernel.

Each notebook is converted by nbconvert with the widget state it stores; the pages load the
widget renderer (``@jupyter-widgets/html-manager``), require.js and anywidget's module from
their own folder, copied here from ``site/node_modules`` (``make site-js``) and from the
installed ``anywidget`` package. Nothing is loaded from another host.

Run: ``make site`` (writes ``_site/``), or ``python site/build.py OUT NOTEBOOK...``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import anywidget
import nbformat
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
RENDERER = HERE / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist"
REQUIRE = HERE / "node_modules" / "requirejs" / "require.js"
ANYWIDGET = Path(anywidget.__file__).parent / "nbextension" / "index.js"


#: Where the pages find the renderer; it loads its icon fonts from there and from the folder above.
RENDERER_URL = "@jupyter-widgets/html-manager/dist/embed-amd.js"
FONTS = (".woff", ".woff2", ".ttf", ".eot", ".svg")


def vendor(out: Path) -> None:
    """Copy the renderer (with the fonts it loads), require.js and anywidget's module into ``out``."""
    if not RENDERER.is_dir() or not REQUIRE.is_file():
        sys.exit("the widget renderer is missing: run `make site-js` (it needs npm)")
    dist = out / Path(RENDERER_URL).parent
    dist.mkdir(parents=True, exist_ok=True)
    for path in RENDERER.iterdir():
        if path.name == "embed-amd.js" or path.suffix in FONTS:
            shutil.copy(path, dist / path.name)
            if path.suffix in FONTS:
                shutil.copy(path, out / "@jupyter-widgets" / path.name)
    shutil.copy(REQUIRE, out / "require.js")
    shutil.copy(ANYWIDGET, out / "anywidget.js")


def page(notebook: Path, out: Path) -> Path:
    """Convert one notebook; the page goes to ``out`` under the notebook's name."""
    exporter = HTMLExporter(template_name="sgd", extra_template_basedirs=[str(HERE / "template")],
                            widget_renderer_url=RENDERER_URL, require_js_url="require.js",
                            mathjax_url="", exclude_input_prompt=False)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target = out / (notebook.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def build(out: Path, notebooks: list[Path]) -> list[Path]:
    vendor(out)
    return [page(notebook, out) for notebook in notebooks]


if __name__ == "__main__":
    root = HERE.parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "_site"
    notebooks = [Path(a) for a in sys.argv[2:]] or sorted((root / "notebooks").glob("*.ipynb"))
    for written in build(out, notebooks):
        print(written)
