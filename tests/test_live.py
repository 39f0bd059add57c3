"""The live path of every lecture runs: its ``live`` cells alone, in order, from a fresh kernel in
quick mode, each within a minute (``tools.lecture``, what an instructor runs in front of the class).
The stored notebooks are only read.

By default the lectures of the 90-minute path (00 to 03); ``COURSE_LIVE_NOTEBOOKS=all`` runs every
lesson's live path (as before a release), or names prefixes (``"04 05"``).
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from tools import lecture

ROOT = Path(__file__).resolve().parents[1]
ALL = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHOSEN = os.environ.get("COURSE_LIVE_NOTEBOOKS", "00 01 02 03")
NOTEBOOKS = ALL if CHOSEN == "all" else [p for p in ALL if p.name[:2] in CHOSEN.split()]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_live_cells_run_alone_in_quick_mode(path, tmp_path):
    stored = path.read_bytes()
    source = nbformat.read(path, as_version=4)
    if not lecture.live_cells(source):
        pytest.fail(f"{path.name} has no cell tagged 'live'")
    scratch = tmp_path / path.name
    nbformat.write(lecture.lecture_notebook(source), scratch)
    times = lecture.run(scratch)  # raises on an error or a cell over lecture.CELL_SECONDS
    assert len(times) == len(lecture.live_cells(source)) + 1  # + the quick-mode cell
    assert path.read_bytes() == stored


def test_a_live_cell_that_needs_an_untagged_one_fails(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("print(x)")]
    nb.cells[1].metadata["tags"] = ["live"]
    scratch = tmp_path / "toy.ipynb"
    nbformat.write(lecture.lecture_notebook(nb), scratch)
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="NameError"):
        lecture.run(scratch)


def test_a_slow_live_cell_fails(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(3)")]
    nb.cells[0].metadata["tags"] = ["live"]
    scratch = tmp_path / "toy.ipynb"
    nbformat.write(lecture.lecture_notebook(nb), scratch)
    from nbclient.exceptions import CellTimeoutError

    with pytest.raises(CellTimeoutError):
        lecture.run(scratch, cell_seconds=1)


def test_the_scratch_notebook_keeps_headings_and_live_cells_only():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Data\n\nlong prose"),
                nbformat.v4.new_markdown_cell("Run this:"),
                nbformat.v4.new_code_cell("a = 1"), nbformat.v4.new_code_cell("b = 2"),
                nbformat.v4.new_markdown_cell("## Solutions"), nbformat.v4.new_code_cell("c = 3")]
    nb.cells[2].metadata["tags"] = ["live"]
    nb.cells[5].metadata["tags"] = ["live"]
    scratch = lecture.lecture_notebook(nb)
    assert [c.source for c in scratch.cells[1:]] == ["## Data", "Run this:", "a = 1"]
    assert lecture.QUICK_ENV_VAR in scratch.cells[0].source
