"""Turns the executed notebooks into a printable HTML handout with every chart.

    python scripts/handout.py            # handout/handout.html and handout/handout-no-code.html

The three parts are joined into one document in order; the second file hides all code cells
(for slides or printing). The notebooks are used as committed: run `make notebooks` first if
you changed them.
"""
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent


def main():
    parts = sorted((ROOT / "notebooks").glob("*.ipynb"))
    merged = nbformat.read(parts[0], as_version=4)
    for path in parts[1:]:
        merged.cells += nbformat.read(path, as_version=4).cells
    merged.metadata["title"] = "Multilayer Neural Networks, Parts 1-3 (mlp_companion)"
    out = ROOT / "handout"
    out.mkdir(exist_ok=True)
    for name, hide_code in [("handout.html", False), ("handout-no-code.html", True)]:
        exporter = HTMLExporter(exclude_input=hide_code, exclude_input_prompt=True, exclude_output_prompt=True)
        html, _ = exporter.from_notebook_node(merged)
        (out / name).write_text(html, encoding="utf-8")
        images = html.count("data:image/png") + html.count("data:image/gif")
        print(f"wrote {out / name} ({len(html) / 1e6:.1f} MB, {images} images)")


if __name__ == "__main__":
    main()
