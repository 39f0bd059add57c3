"""session.report, tools.results and tools.build: headline numbers come from notebook outputs."""

from __future__ import annotations

import os

import nbformat
import pytest

from course_utils import session
from tools import build, results


def _executed(lines: list[str]):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n")]
    nb.cells = [cell]
    return nb


def test_report_prints_one_parsable_line(capsys):
    assert session.report("CNN test accuracy", 0.98351, "{:.2%}") is None  # shown once in a cell
    assert capsys.readouterr().out == "Result | CNN test accuracy: 98.35%\n"
    with pytest.raises(ValueError, match="without ':'"):
        session.report("a: b", 1)


def test_collect_and_data_source():
    nb = _executed(
        [
            "MNIST source: embedded sample (the real MNIST test split): 8,000 train / 2,000 test",
            "epoch 1/2: loss 0.1",
            "Result | CNN test accuracy: 98.35%",
            "Result | seconds per epoch: 3.1 s",
        ]
    )
    assert results.collect(nb) == {"CNN test accuracy": "98.35%", "seconds per epoch": "3.1 s"}
    assert results.data_source(nb) == "embedded sample (the real MNIST test split)"
    assert results.data_source(_executed(["no mnist here"])) == "synthetic videos"
    recorded = _executed(["BasicMotions: 40 train / 40 test recordings, 6 channels, 100 steps"])
    assert results.data_source(recorded).startswith("embedded recordings")


def test_results_markdown_and_readme(tmp_path):
    runs = [
        build.NotebookRun("00_intro.ipynb", 5.2, "full", "synthetic videos"),
        build.NotebookRun("01_x.ipynb", 250.0, "full", "embedded sample", {"acc": "99%"}),
    ]
    text = build.results_markdown(runs)
    assert "| 01_x.ipynb | 250 s | full | embedded sample |" in text
    assert "| acc | 99% |" in text and "trains nothing" in text
    readme = tmp_path / "README.md"
    readme.write_text(
        "a <!-- runtime:00 -->?<!-- /runtime --> b <!-- runtime:01 -->?<!-- /runtime -->"
    )
    assert build.update_readme(runs, readme)
    assert readme.read_text() == (
        "a <!-- runtime:00 -->5 s<!-- /runtime --> b <!-- runtime:01 -->4 min<!-- /runtime -->"
    )
    assert not build.update_readme(runs, readme)


def test_execute_runs_a_notebook_in_a_fresh_kernel(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("from course_utils import session"),
        nbformat.v4.new_code_cell('session.report("mode", session.mode_name())'),
    ]
    path = tmp_path / "01_tiny.ipynb"
    nbformat.write(nb, path)
    run = build.execute(path, quick=True)
    assert os.environ["COURSE_QUICK"] == "1"  # restored as the suite set it
    assert run.results == {"mode": "quick"} and run.mode == "quick"
    stored = nbformat.read(path, as_version=4)
    assert [c.execution_count for c in stored.cells] == [1, 2]


def test_execute_stops_at_the_failing_cell(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "02_broken.ipynb"
    nbformat.write(nb, path)
    before = path.read_text()
    with pytest.raises(build.BuildError, match="02_broken.ipynb failed") as error:
        build.execute(path, quick=True)
    assert "ZeroDivisionError" in str(error.value) and "1 / 0" in str(error.value)
    assert path.read_text() == before


def test_main_rejects_unknown_prefix(tmp_path, capsys):
    assert build.main(["99", "--folder", str(tmp_path)]) == 2


def test_quick_mode_never_writes_over_the_stored_notebooks(capsys):
    """The stored notebooks hold a full run; a quick run is refused before any kernel starts."""
    stored = build.NOTEBOOKS / "00_introduction.ipynb"
    before = stored.read_bytes()
    with pytest.raises(ValueError, match="quick-mode outputs over the stored notebook"):
        build.execute(stored, quick=True)
    with pytest.raises(SystemExit) as exited:
        build.main(["--quick", "00"])
    assert exited.value.code == 2
    assert "--no-write" in capsys.readouterr().err
    assert stored.read_bytes() == before
