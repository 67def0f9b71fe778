"""Build the static site: every notebook as an HTML page whose explorers work without a kernel.

Each notebook is converted by nbconvert with the widget state it stores; the pages load the
widget renderer (``@jupyter-widgets/html-manager``), require.js, MathJax and anywidget's module from
their own folder, copied here from ``site/node_modules`` (``make site-js``) and from the
installed ``anywidget`` package. Nothing is loaded from another host.

Run: ``make site`` (writes ``_site/``), or ``python site/build.py OUT NOTEBOOK...``.
"""

from __future__ import annotations

import functools
import re
import shutil
import sys
from pathlib import Path

import anywidget
import nbformat
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
RENDERER = HERE / "node_modules" / "@jupyter-widgets" / "html-manager" / "dist"
REQUIRE = HERE / "node_modules" / "requirejs" / "require.js"
MATHJAX = HERE / "node_modules" / "mathjax"
#: What of MathJax 2 the pages use: its TeX input, its CommonHTML output with the TeX web fonts, English.
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX", "jax/element",
                 "jax/output/CommonHTML", "localization/en", "fonts/HTML-CSS/TeX/woff"]
MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
ANYWIDGET = Path(anywidget.__file__).parent / "nbextension" / "index.js"


#: Where the pages find the renderer; it loads its icon fonts from there and from the folder above.
RENDERER_URL = "@jupyter-widgets/html-manager/dist/embed-amd.js"
LINK = re.compile(r'href="(?!https?:)([^"#]+)\.ipynb(#[^"]*)?"')
FONTS = (".woff", ".woff2", ".ttf", ".eot", ".svg")


def vendor(out: Path) -> None:
    """Copy the renderer (with the fonts it loads), require.js, anywidget's module and MathJax into ``out``."""
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
    for part in MATHJAX_PARTS:
        source, target = MATHJAX / part, out / "mathjax" / part
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy(source, target)


@functools.cache
def _exporter(root: str) -> HTMLExporter:
    return HTMLExporter(template_name="sgd", extra_template_basedirs=[str(HERE / "template")],
                        widget_renderer_url=root + RENDERER_URL, require_js_url=root + "require.js",
                        mathjax_url=root + MATHJAX_URL)


def page(notebook: Path, out: Path, root: str = "") -> Path:
    """Convert one notebook; the page goes to ``out`` under the notebook's name. ``root`` leads to the site's top."""
    body, _ = _exporter(root).from_notebook_node(nbformat.read(notebook, as_version=4), resources={"sgd_root": root})
    body = LINK.sub(r'href="\1.html\2"', body)  # links between notebooks become links between pages
    out.mkdir(parents=True, exist_ok=True)
    target = out / (notebook.stem + ".html")
    target.write_text(body, encoding="utf-8")
    return target


def build(out: Path, notebooks: list[Path], solutions: list[Path] = ()) -> list[Path]:
    """The site in ``out``: the vendored scripts, a page per notebook, and the solutions' pages under solutions/."""
    vendor(out)
    return [page(notebook, out) for notebook in notebooks] + [page(n, out / "solutions", "../") for n in solutions]


if __name__ == "__main__":
    root = HERE.parent
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "_site"
    if len(sys.argv) > 2:
        written = build(out, [Path(a) for a in sys.argv[2:]])
    else:
        written = build(out, sorted((root / "notebooks").glob("*.ipynb")),
                        sorted((root / "notebooks" / "solutions").glob("*.ipynb")))
    print(f"{len(written)} pages in {out}")
