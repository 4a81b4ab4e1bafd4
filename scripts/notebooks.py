"""Execute the lecture notebooks headlessly with the Rust kernel and check what they show.

    python scripts/notebooks.py check      # execute copies, check outputs (used by `make test`)
    python scripts/notebooks.py execute    # execute in place: refresh the committed outputs

`check` fails when
  - a committed notebook's code differs from the code its outputs came from (each code cell
    stores the SHA-256 of the source it was executed with: run `make notebooks` after editing),
  - a cell raises an error, panics or prints to stderr (unless tagged `expect-error`),
  - a cell tagged `chart` shows no image/png (`animation`: no image/gif),
  - a number the notebook prints as `name: value` is outside the range in the cell's
    metadata `"expect": {"name": [low, high]}`,
  - an output is larger than 1 MB.
Notebooks run one at a time (a failure in one does not hide the others) in the kernel of
scripts/kernel.py, whose build directory outlives the run, so later runs reuse the compiled crate.
"""
import hashlib
import json
import os
import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
MAX_OUTPUT_BYTES = 1_000_000


def source_hash(cell):
    return hashlib.sha256(cell.source.encode()).hexdigest()


def notebooks(names):
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def execute(path, workdir):
    """Runs the notebook at `path` with its folder as working directory; returns the executed
    notebook and per-cell wall times in seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=1800,
        kernel_name="rust",
        allow_errors=True,
        record_timing=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    times = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        t = cell.metadata.get("execution", {})
        start, end = t.get("iopub.execute_input"), t.get("shell.execute_reply")
        if start and end:
            times.append(parse_time(end) - parse_time(start))
    return nb, times


def parse_time(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def text_of(cell, stream):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == stream)


def problems_in(nb, name):
    """Everything wrong with an executed notebook, as readable lines."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{name}, cell {i + 1} ({cell.source.strip().splitlines()[0][:60] if cell.source.strip() else 'empty'})"
        tags = set(cell.metadata.get("tags", []))
        stderr = text_of(cell, "stderr")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if "expect-error" not in tags:
            for o in errors:
                problems.append(f"{where}: error {o.get('ename', '')}: {o.get('evalue', '')[:500]}")
            if stderr.strip():
                problems.append(f"{where}: wrote to stderr: {stderr.strip()[:500]}")
        elif not (errors or stderr.strip()):
            problems.append(f"{where}: tagged expect-error but showed no error")
        if "panicked at" in stderr:
            problems.append(f"{where}: panicked: {stderr.strip()[:500]}")
        mimes = {m for o in cell.outputs if o.output_type in ("display_data", "execute_result") for m in o.get("data", {})}
        if "chart" in tags and "image/png" not in mimes:
            problems.append(f"{where}: tagged chart but shows no image/png (outputs: {sorted(mimes)})")
        if "animation" in tags and "image/gif" not in mimes:
            problems.append(f"{where}: tagged animation but shows no image/gif")
        stdout = text_of(cell, "stdout") + "".join(
            o.get("data", {}).get("text/plain", "") for o in cell.outputs if o.output_type == "execute_result"
        )
        for key, (low, high) in cell.metadata.get("expect", {}).items():
            found = re.findall(rf"^{re.escape(key)}\s*[:=]\s*(-?[0-9.]+(?:e-?[0-9]+)?)", stdout, re.M)
            if not found:
                problems.append(f"{where}: printed no '{key}: value' line")
            for v in map(float, found):
                if not low <= v <= high:
                    problems.append(f"{where}: {key} = {v} is outside the expected [{low}, {high}]")
        for o in cell.outputs:
            size = len(json.dumps(o))
            if size > MAX_OUTPUT_BYTES:
                problems.append(f"{where}: an output of {size / 1e6:.1f} MB (keep outputs under 1 MB)")
    return problems


def stale_cells(path):
    """Code cells whose source changed since their outputs were produced."""
    nb = nbformat.read(path, as_version=4)
    stale = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            recorded = cell.metadata.get("mlp_companion", {}).get("source_sha256")
            if recorded != source_hash(cell):
                stale.append(i + 1)
    return stale


def finish_for_commit(nb):
    """Records each code cell's source hash and drops volatile timing metadata."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
            cell.metadata.setdefault("mlp_companion", {})["source_sha256"] = source_hash(cell)
    return nb


def report_times(name, seconds, cells):
    if cells:
        print(f"  {name}: {seconds:.1f} s in all, {len(cells)} code cells, "
              f"first cell {cells[0]:.1f} s, median cell {statistics.median(cells):.2f} s")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("check", "execute"):
        print(__doc__)
        return 2
    mode, names = sys.argv[1], sys.argv[2:]
    # The project's kernelspec: evcxr started by scripts/kernel.py, which keeps the build
    # directory outside the clone (a fresh clone reuses it) and compiles cells unoptimised.
    kernelspec = ROOT / ".jupyter" / "kernels" / "rust" / "kernel.json"
    if not kernelspec.exists():
        print("the project's kernelspec is missing: run `bash scripts/setup.sh` first")
        return 1
    jupyter_path = [str(ROOT / ".jupyter"), os.environ.get("JUPYTER_PATH", "")]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in jupyter_path if p)
    paths = notebooks(names)
    if not paths:
        print("no notebooks found in", NOTEBOOK_DIR)
        return 1
    all_problems = []
    total = time.time()
    for path in paths:
        if mode == "check":
            stale = stale_cells(path)
            if stale:
                all_problems.append(f"{path.name}: cells {stale} changed since the notebook was executed; "
                                    "run `make notebooks` and commit the result")
        print(f"executing {path.name} ...", flush=True)
        start = time.time()
        nb, cells = execute(path, path.parent)
        report_times(path.name, time.time() - start, cells)
        problems = problems_in(nb, path.name)
        if problems and mode == "check":
            # evcxr's kernel very rarely loses a cell's output (evcxr issue #353): run the
            # notebook once more and report the first attempt, so a real failure still fails.
            for p in problems:
                print("  first run:", p[:300])
            print(f"executing {path.name} again ...", flush=True)
            nb, cells = execute(path, path.parent)
            problems = problems_in(nb, path.name)
        all_problems += problems
        if mode == "execute":
            if problems:
                print(f"  not written: {len(problems)} problem(s)")
            else:
                nbformat.write(finish_for_commit(nb), path)
                print(f"  written ({path.stat().st_size / 1e3:.0f} kB)")
    print(f"all notebooks: {time.time() - total:.1f} s")
    for p in all_problems:
        print("FAIL", p)
    print(f"notebooks: {len(paths) - len({p.split(',')[0].split(':')[0] for p in all_problems})} passed, "
          f"{len({p.split(',')[0].split(':')[0] for p in all_problems})} failed")
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
