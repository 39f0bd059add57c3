"""The notebooks as students receive them: what GitHub shows, what Colab runs, what HTML exports.

nbval re-runs the notebooks; these tests read the STORED notebooks, which must be the outputs of one
full run, top to bottom, in a fresh kernel (``python -m course_utils.build``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from course_utils import colab, diagrams

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_BYTES = 3_000_000

LEAKS = {
    "a local absolute path": re.compile(r"(/home/|/root/|/tmp/|/Users/|/work/|[A-Z]:\\\\Users)"),
    "a memory address": re.compile(r"\bat 0x[0-9a-fA-F]{6,}"),
    "a progress-bar timing": re.compile(r"(\d+m?s/step|━━|ETA: )"),
}
TRAINING_CALL = re.compile(r"\b(training\.fit|\.fit)\(")
SETUP_CALL = re.compile(r"\bruntime\.setup\(")


def _id(path: Path) -> str:
    return path.stem


pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


@pytest.fixture(params=NOTEBOOKS, ids=_id, scope="module")
def notebook(request):
    path: Path = request.param
    return path, nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _text_outputs(nb):
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if "text" in output:
                yield index, output.get("name", output.output_type), output.text
            for mime, value in output.get("data", {}).items():
                if mime in ("text/plain", "text/html", "text/markdown") and isinstance(value, str):
                    yield index, mime, value


def test_valid_nbformat_and_python3_kernel(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3", path.name


def test_one_top_to_bottom_run(notebook):
    path, nb = notebook
    counts = [cell.execution_count for cell in _code_cells(nb) if cell.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


def test_no_errors_and_no_stderr(notebook):
    path, nb = notebook
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} cell {index}: {output.get('ename')}"
            assert output.get("name") != "stderr", (
                f"{path.name} cell {index} wrote to stderr: {output.text[:200]!r}"
            )


@pytest.mark.parametrize("leak", sorted(LEAKS))
def test_outputs_leak_nothing(notebook, leak):
    path, nb = notebook
    for index, kind, text in _text_outputs(nb):
        if kind == "text/html" and "new Animation" in text:
            continue  # an animation's base64 frames can spell anything
        match = LEAKS[leak].search(text)
        assert match is None, f"{path.name} cell {index} ({kind}) shows {leak}: {match[0]!r}"


def test_stored_outputs_are_small(notebook):
    path, _ = notebook
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size / 1e6:.1f} MB"


def test_opens_with_badges_then_the_colab_setup_cell(notebook):
    path, nb = notebook
    assert colab.BADGE_MARKER in nb.cells[0].source
    assert colab.colab_url(path.name) in nb.cells[0].source
    first_code = _code_cells(nb)[0]
    assert first_code.source == colab.install_cell_source(), f"{path.name}: run colab.main()"
    assert colab.NBVAL_SKIP_TAG in first_code.metadata.get("tags", [])


def test_header_says_what_and_how_long(notebook):
    path, nb = notebook
    header = next(c.source for c in nb.cells[1:] if c.cell_type == "markdown")
    assert header.startswith("# "), path.name
    assert "What you will learn" in header and "Runtime" in header, path.name


def test_setup_runs_before_any_training(notebook):
    path, nb = notebook
    sources = [cell.source for cell in _code_cells(nb)]
    setup_at = next((i for i, s in enumerate(sources) if SETUP_CALL.search(s)), None)
    assert setup_at is not None, f"{path.name} never calls runtime.setup()"
    training_at = [i for i, s in enumerate(sources) if TRAINING_CALL.search(s)]
    assert all(i > setup_at for i in training_at), f"{path.name}: training before setup()"


def test_referenced_images_exist(notebook):
    path, nb = notebook
    for cell in nb.cells:
        for name in re.findall(r"imgs/([\w.-]+\.(?:png|svg|jpg|gif))", cell.source):
            assert (ROOT / "imgs" / name).is_file(), f"{path.name} refers to missing imgs/{name}"
        for name in re.findall(r"diagrams\.figure\(\"(\w+)\"", cell.source):
            assert name in diagrams.DIAGRAMS, f"{path.name} asks for unknown diagram {name}"


def test_no_notebook_only_matplotlib_backend(notebook):
    path, nb = notebook
    for cell in _code_cells(nb):
        assert "%matplotlib notebook" not in cell.source, path.name
        assert "gpus[0]" not in cell.source, path.name


def test_exported_html_keeps_animations_playable(notebook):
    """nbconvert's HTML (what a reader without Jupyter opens) holds each animation whole."""
    from nbconvert import HTMLExporter

    path, nb = notebook
    stored = sum(
        "new Animation" in json.dumps(output.get("data", {}))
        for cell in _code_cells(nb)
        for output in cell.outputs
    )
    html, _ = HTMLExporter().from_notebook_node(nb)
    assert html.count("new Animation(") == stored, path.name
    if stored:
        assert "anim-controls" in html and "anim-buttons" in html  # play, pause, step, loop
        assert len(re.findall(r"frames\[\d+\] = \"data:image/png;base64,", html)) >= 2 * stored
