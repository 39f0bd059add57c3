"""The live path of a lecture: a scratch notebook of the cells tagged ``live``, run in quick mode.

    python -m tools.lecture 01          # writes lecture/01_....ipynb (git-ignored)
    python -m tools.lecture 01 --run    # ... and runs it in a fresh kernel, timing each cell

The scratch notebook holds the lesson's headings, the markdown right before each live cell, and
the live code cells in order, after one cell that switches quick mode on. The instructor runs it
from the top in front of the class and shows everything else from the stored notebook (or its
slides): the stored notebooks are never executed or written by this tool.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import nbformat

from course_utils.session import QUICK_ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LECTURE = ROOT / "lecture"
LIVE_TAG = "live"
CELL_SECONDS = 60  # the most one live cell may take on the developers' host
QUICK_CELL = (
    "# The live lecture runs in quick mode: fewer, smaller examples and epochs.\n"
    f'import os\nos.environ["{QUICK_ENV_VAR}"] = "1"'
)


def live_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The code cells tagged ``live``, in order."""
    return [cell for cell in notebook.cells
            if cell.cell_type == "code" and LIVE_TAG in cell.metadata.get("tags", [])]


def lecture_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The scratch notebook: a quick-mode cell, then headings and the live cells with no outputs."""
    cells = [nbformat.v4.new_code_cell(QUICK_CELL)]
    previous = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("#"):
            if cell.source.lstrip().startswith("## Solutions"):
                break
            heading = cell.source.lstrip().splitlines()[0]
            cells.append(nbformat.v4.new_markdown_cell(heading))
        elif cell.cell_type == "code" and LIVE_TAG in cell.metadata.get("tags", []):
            if previous is not None and previous.cell_type == "markdown" \
                    and not previous.source.lstrip().startswith("#"):
                cells.append(nbformat.v4.new_markdown_cell(previous.source))
            cells.append(nbformat.v4.new_code_cell(cell.source))
        previous = cell
    scratch = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
    for i, cell in enumerate(scratch.cells):
        cell.id = f"live-{i}"
    return scratch


def write(prefix: str) -> Path:
    """Write the scratch notebook of the stored notebook whose name starts with ``prefix``."""
    matches = sorted(NOTEBOOKS.glob(f"{prefix}*.ipynb"))
    if len(matches) != 1:
        raise ValueError(f"prefix: expected one notebook in {NOTEBOOKS} starting with "
                         f"{prefix!r}, found {len(matches)}")
    source = nbformat.read(matches[0], as_version=4)
    if not live_cells(source):
        raise ValueError(f"{matches[0].name} has no cell tagged {LIVE_TAG!r}")
    LECTURE.mkdir(exist_ok=True)
    path = LECTURE / matches[0].name
    nbformat.write(lecture_notebook(source), path)
    return path


def run(path: Path, cell_seconds: float = CELL_SECONDS) -> list[tuple[int, float]]:
    """Execute a scratch notebook in a fresh kernel (in its own folder, where Jupyter starts it)
    and return (cell number, seconds) per code cell; a cell over ``cell_seconds``
    or an error raises."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    times: list[tuple[int, float]] = []
    started: dict[int, float] = {}

    def before(cell, cell_index, **_):
        started[cell_index] = time.perf_counter()

    def after(cell, cell_index, **_):
        if cell.cell_type == "code":
            times.append((cell_index, time.perf_counter() - started[cell_index]))

    client = NotebookClient(
        notebook, timeout=int(cell_seconds), kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_execute=before, on_cell_executed=after,
    )
    previous_mode = os.environ.get(QUICK_ENV_VAR)
    os.environ[QUICK_ENV_VAR] = "1"
    try:
        client.execute()
    finally:
        if previous_mode is None:
            os.environ.pop(QUICK_ENV_VAR, None)
        else:
            os.environ[QUICK_ENV_VAR] = previous_mode
    slow = [(i, s) for i, s in times if s > cell_seconds]
    if slow:
        raise RuntimeError(f"{path.name}: live cells over {cell_seconds} s: {slow}")
    return times


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.lecture", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("prefixes", nargs="+", help="notebook name prefixes, e.g. 01 02")
    parser.add_argument("--run", action="store_true", help="run the live cells and time them")
    args = parser.parse_args(argv)
    for prefix in args.prefixes:
        path = write(prefix)
        print(f"wrote {path.relative_to(ROOT)}")
        if args.run:
            for index, seconds in run(path):
                print(f"  cell {index}: {seconds:5.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
