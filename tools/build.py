"""Re-execute every notebook top to bottom in a fresh kernel and store the outputs in place.

    python -m tools.build                 # every notebook in notebooks/, full mode
    python -m tools.build 02 03           # only the notebooks whose names start so
    python -m tools.build --quick --no-write   # a dry run in quick mode

Progress is printed per cell (notebook, cell, elapsed time). The first failing cell stops the build
with its source and error, and that notebook is left as it was. After a successful build,
``RESULTS.md`` lists, per notebook, its wall time, mode, data source and the headline results it
printed (``course_utils.session.report``), and the README's runtime column is updated from it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from course_utils.session import QUICK_ENV_VAR
from tools import results, slides

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS_MD = ROOT / "RESULTS.md"
RESULTS_JSON = NOTEBOOKS / "results" / "build.json"
README = ROOT / "README.md"


@dataclass
class NotebookRun:
    """What one executed notebook reported."""

    notebook: str
    seconds: float
    mode: str
    data_source: str
    results: dict[str, str] = field(default_factory=dict)


class BuildError(RuntimeError):
    """A cell failed: the message names the notebook, the cell and the error."""


def _progress(name: str, start: float, total: int):
    def on_cell_executed(cell, cell_index: int, **_: object) -> None:
        elapsed = time.perf_counter() - start
        print(f"\r  {name}: cell {cell_index + 1}/{total}, {elapsed:6.1f} s", end="", flush=True)

    return on_cell_executed


def execute(
    path: Path, *, quick: bool = False, write: bool = True, timeout: int = 3600
) -> NotebookRun:
    """Run one notebook in a fresh kernel (working directory: its folder) and store its outputs.

    The stored notebooks (``notebooks/``) hold a full run: a quick-mode run is never written over
    them (``write=False``, or a copy in another folder).

    Raises:
        BuildError: a cell raised; the notebook file is left unchanged.
        ValueError: ``quick`` and ``write`` for a notebook in the stored folder.
    """
    if quick and write and Path(path).resolve().parent == NOTEBOOKS.resolve():
        raise ValueError(
            f"quick mode would write quick-mode outputs over the stored notebook {Path(path).name}:"
            " run it with write=False (--no-write), or on a copy in another folder"
        )
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    previous_mode = os.environ.get(QUICK_ENV_VAR)
    os.environ[QUICK_ENV_VAR] = "1" if quick else "0"  # the kernel inherits the environment
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        on_cell_executed=_progress(path.name, start, len(notebook.cells)),
    )
    try:
        client.execute()
    except CellExecutionError as error:
        print()
        raise BuildError(f"{path.name} failed; nothing was written.\n{error}") from None
    finally:
        if previous_mode is None:
            os.environ.pop(QUICK_ENV_VAR, None)
        else:
            os.environ[QUICK_ENV_VAR] = previous_mode
    seconds = time.perf_counter() - start
    print(f"\r  {path.name}: {code_cells} code cells, {seconds:.1f} s" + " " * 20)
    notebook.metadata.pop("widgets", None)
    if not quick:
        set_runtime_header(notebook, seconds)
        slides.mark(notebook)  # which cells are slides depends on the outputs' heights
    if write:
        nbformat.write(notebook, path)
    return NotebookRun(
        notebook=path.name,
        seconds=round(seconds, 1),
        mode="quick" if quick else "full",
        data_source=results.data_source(notebook),
        results=results.collect(notebook),
    )


def results_markdown(runs: Sequence[NotebookRun]) -> str:
    """The body of ``RESULTS.md``: one section per notebook."""
    lines = [
        "# Results of the last full build",
        "",
        "Written by `python -m tools.build` from the notebooks' own outputs, on a",
        "2-core CPU with no GPU. Every number below is printed by the stored notebook and was",
        "computed in that run on held-out data.",
        "",
        "| notebook | wall time | mode | data |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.notebook} | {r.seconds:.0f} s | {r.mode} | {r.data_source} |" for r in runs]
    for run in runs:
        lines += ["", f"## {run.notebook}", ""]
        if not run.results:
            lines.append("No headline results: this notebook trains nothing.")
            continue
        lines += ["| result | value |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in run.results.items()]
    return "\n".join(lines) + "\n"


RUNTIME_MARKER = re.compile(r"(<!-- runtime -->).*?(<!-- /runtime -->)", re.S)


def runtime_header(seconds: float) -> str:
    """The runtime note a notebook's header carries, from its last full run."""
    return (f"the full run takes about {_runtime_text(seconds)} on a 2-core CPU without GPU "
            "(its last build, in `RESULTS.md`); quick mode (`COURSE_QUICK=1`) a fraction of that")


def set_runtime_header(notebook: nbformat.NotebookNode, seconds: float) -> None:
    """Write ``runtime_header(seconds)`` between the header's ``<!-- runtime -->`` markers."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and RUNTIME_MARKER.search(cell.source):
            cell.source = RUNTIME_MARKER.sub(
                lambda m: f"{m[1]}{runtime_header(seconds)}{m[2]}", cell.source)


def _runtime_text(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def update_readme(runs: Sequence[NotebookRun], readme: Path = README) -> bool:
    """Write each notebook's wall time between ``<!-- runtime:NN -->`` markers in the README."""
    text = readme.read_text(encoding="utf-8")
    updated = text
    for run in runs:
        key = run.notebook[:2]
        updated = re.sub(
            rf"(<!-- runtime:{key} -->).*?(<!-- /runtime -->)",
            lambda m, r=run: f"{m[1]}{_runtime_text(r.seconds)}{m[2]}",
            updated,
        )
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


def _merge(previous: list[dict], runs: Sequence[NotebookRun]) -> list[NotebookRun]:
    """Keep earlier entries for notebooks not rebuilt this time, in notebook order."""
    merged = {entry["notebook"]: NotebookRun(**entry) for entry in previous}
    merged.update({run.notebook: run for run in runs})
    return [merged[name] for name in sorted(merged)]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.build", description=__doc__)
    parser.add_argument("only", nargs="*", help="notebook name prefixes, e.g. 01 02")
    parser.add_argument("--quick", action="store_true", help="quick mode (for a dry run)")
    parser.add_argument("--no-write", action="store_true", help="do not store outputs or results")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS)
    args = parser.parse_args(argv)

    paths = sorted(args.folder.glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if any(p.name.startswith(prefix) for prefix in args.only)]
    if not paths:
        print(f"no notebooks match {args.only} in {args.folder}", file=sys.stderr)
        return 2
    if args.quick and not args.no_write and args.folder.resolve() == NOTEBOOKS.resolve():
        parser.error(
            "--quick would write quick-mode outputs over the stored notebooks: add --no-write "
            "(a dry run), or give --folder a copy"
        )
    mode = "quick" if args.quick else "full"
    print(f"Executing {len(paths)} notebook(s) in {mode} mode, each in a fresh kernel:")
    runs: list[NotebookRun] = []
    build_start = time.perf_counter()
    for path in paths:
        try:
            runs.append(execute(path, quick=args.quick, write=not args.no_write))
        except BuildError as error:
            print(error, file=sys.stderr)
            return 1
    print(f"Done in {time.perf_counter() - build_start:.0f} s.")
    if args.no_write or args.quick:
        return 0
    previous = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else []
    all_runs = _merge(previous, runs)
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps([asdict(r) for r in all_runs], indent=1) + "\n")
    RESULTS_MD.write_text(results_markdown(all_runs), encoding="utf-8")
    update_readme(all_runs)
    print(f"Wrote {RESULTS_MD.name} and the README's runtime column.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
