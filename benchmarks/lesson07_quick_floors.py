"""Lesson 07 in quick mode over five seeds: what its health checks can assert at quick sizes.

Run from the repository root (about five minutes on a 2-core CPU)::

    python benchmarks/lesson07_quick_floors.py

Executes the stored notebook in quick mode (``COURSE_QUICK=1``) in a fresh kernel once per seed,
with its ``SEED`` and its quick ``SEEDS`` (model weights and batch order; the clips keep their own
seeds) set to 0 to 4 and its health checks and asserts switched off (so that a seed below a margin
still reports), and prints the quantities that quick mode's margins bound. The results and the
margins chosen from them are in ``benchmarks/lesson07_recipe.md`` (section "Quick mode").
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_pretrained_cnn_and_video_files.ipynb"
SEEDS = (0, 1, 2, 3, 4)
REPORT = """
import json as _json
print("FLOORS" + _json.dumps({
    "still accuracy": float(still_accuracy),
    **{f"{name}": float(value) for name, value in order_check.items()},
    "order gap": float(gap),
    **{f"{eyes_from}, {n} per class": float(mean.loc[eyes_from, n])
       for eyes_from in mean.index for n in mean.columns},
    "frozen minus scratch (smallest)": float(transfer.min()),
    "|fine-tuned minus frozen| (largest)": float(tuning.abs().max()),
}))
"""


def run(seed):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for old, new in [("SEED = 0", f"SEED = {seed}"),
                     ("SEEDS = pick(full=(0, 1, 2), quick=(0,))",
                      f"SEEDS = pick(full=(0, 1, 2), quick=({seed},))")]:
        cells = [cell for cell in nb.cells if cell.cell_type == "code" and old in cell.source]
        if len(cells) != 1:
            raise SystemExit(f"the notebook no longer says {old!r} once")
        cells[0].source = cells[0].source.replace(old, new)
    # the cells up to the data-efficiency verdicts, then the report
    last = next(i for i, cell in enumerate(nb.cells) if "MAX_FINE_TUNE_GAP).all()" in cell.source)
    nb.cells = nb.cells[:last + 1] + [nbformat.v4.new_code_cell(REPORT)]
    for cell in nb.cells:
        if "nbval-skip" in cell.metadata.get("tags", []):
            cell.source = ""
        cell.source = "\n".join("pass  # " + line if line.startswith("assert ") else line
                                 for line in cell.source.splitlines())
    setup = next(i for i, cell in enumerate(nb.cells) if "session.setup(" in cell.source)
    nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(
        "trials.health_check = lambda *args, **kwargs: None  # measure, do not judge"))
    os.environ["COURSE_QUICK"] = "1"
    try:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    except CellExecutionError as error:
        return {"seed": seed, "failed": str(error).splitlines()[-1][:120]}
    text = "".join(output.get("text", "") for output in nb.cells[-1].outputs)
    return {"seed": seed, **json.loads(text.split("FLOORS", 1)[1])}


if __name__ == "__main__":
    rows = [run(seed) for seed in SEEDS]
    table = pd.DataFrame(rows).set_index("seed").T
    pd.set_option("display.width", 200)
    print(table.to_string(float_format=lambda v: f"{v:.3f}"))
    sys.exit(0)
