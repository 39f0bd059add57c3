"""The notebooks as students receive them: what GitHub shows, what Colab runs, what HTML exports.

nbval re-runs the notebooks; these tests read the STORED notebooks, which must be the outputs of one
full run, top to bottom, in a fresh kernel (``python -m tools.build``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from course_utils import display
from tools import colab

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_BYTES = 3_000_000

LEAKS = {
    "a local absolute path": re.compile(r"(/home/|/root/|/tmp/|/Users/|/work/|[A-Z]:\\\\Users)"),
    "a memory address": re.compile(r"\bat 0x[0-9a-fA-F]{6,}"),
    "a progress-bar timing": re.compile(r"(\d+m?s/step|━━|ETA: )"),
}
TRAINING_CALL = re.compile(r"\b(training\.fit|\.fit)\(")
SETUP_CALL = re.compile(r"\bsession\.setup\(")


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
    assert setup_at is not None, f"{path.name} never calls session.setup()"
    training_at = [i for i, s in enumerate(sources) if TRAINING_CALL.search(s)]
    assert all(i > setup_at for i in training_at), f"{path.name}: training before setup()"


def test_referenced_images_exist(notebook):
    path, nb = notebook
    for cell in nb.cells:
        for name in re.findall(r"imgs/([\w.-]+\.(?:png|svg|jpg|gif))", cell.source):
            assert (ROOT / "imgs" / name).is_file(), f"{path.name} refers to missing imgs/{name}"
        for name in re.findall(r"display\.figure\(\"(\w+)\"", cell.source):
            assert name in display.FIGURES, f"{path.name} asks for unknown diagram {name}"


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


# ---------------------------------------------------------------------------------------------
# The lesson reads as a finished course: code in view, solutions, one callout style,
# one vocabulary.
# ---------------------------------------------------------------------------------------------

#: Layer types whose code a notebook that trains must show when its outputs mention them.
TAUGHT_LAYERS = (
    "TimeDistributed", "LSTM", "GRU", "ConvLSTM2D", "Conv1D", "Conv2D", "Conv3D", "Embedding",
)
FIT_CALL = re.compile(r"\.fit\(")
EXERCISE_HEADING = re.compile(r"^#{2,4}[ \t]+Exercise[ \t]+(\d+)\b", re.MULTILINE)
SOLUTION_MARK = re.compile(
    r"<summary>\s*Solution[ \t]+(\d+)\b|^#{2,4}[ \t]+Solution[ \t]+(\d+)\b", re.MULTILINE
)
EXERCISES_SECTION = re.compile(r"^##[ \t]+Exercises\b", re.MULTILINE)
CALLOUT = "> ⚠️ **Pitfall: "
PITFALL_HEADING = re.compile(r"^[ \t]*#+[ \t].*pitfall", re.IGNORECASE)
# A section title ("## Pitfalls", "## 5 · Pitfalls") groups callouts; it is not one itself.
PITFALLS_SECTION = re.compile(r"^[ \t]*#+[ \t]+(?:\d+[ \t]*[·.][ \t]*)?Pitfalls[ \t]*$")
PITFALL_BOLD = re.compile(r"\*\*[^*\n]*pitfall[^*\n]*\*\*", re.IGNORECASE)
SEED_AS_LESSON = re.compile(
    r"\b(?:seed lessons?|the seed's|seed recipe|seed notebooks?|seed documents?)\b"
    r"|(?-i:\s\(seed\))",  # a label such as "sigmoid (seed)"; not default_rng(SEED)
    re.IGNORECASE,
)


def layers_out_of_view(nb) -> list[str]:
    """Layer types a training notebook's outputs mention but whose code it never writes.

    Mirrors ``shared/tools/layers_in_view.py --code-only``: for a notebook with a ``.fit(`` call,
    every type of :data:`TAUGHT_LAYERS` that its outputs name (a summary row,
    ``TimeDistributed(...)``) must appear as ``Type(`` in one of its code cells, or in the
    generated module of an earlier lesson that it imports from (``course_utils.models.lessonNN``,
    written in that lesson's ``#@save`` cells). A displayed source no longer counts.
    """
    cells = _code_cells(nb)
    source = "\n".join(cell.source for cell in cells)
    if not FIT_CALL.search(source):
        return []
    imported = "\n".join(
        (ROOT / "course_utils" / "models" / f"{name}.py").read_text(encoding="utf-8")
        for name in sorted(set(re.findall(r"course_utils\.models\.(lesson\d\d)", source)))
        if (ROOT / "course_utils" / "models" / f"{name}.py").is_file()
    )
    outputs = "\n".join(json.dumps(cell.get("outputs", [])) for cell in cells)
    used = [
        name for name in TAUGHT_LAYERS
        if re.search(rf"\({name}\)|\b{name}\(|\s{name}\s+\((samples|None)", outputs)
    ]
    return [name for name in used
            if not re.search(rf"(?<![\w.]){name}\(|layers\.{name}\(", source + "\n" + imported)]


def test_no_notebook_shows_source_instead_of_writing_code(notebook):
    path, nb = notebook
    shown = [i for i, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and re.search(r"\bshow_source\(", cell.source)]
    assert not shown, f"{path.name}: show_source in cells {shown}: write the code in the lesson"


def test_notebooks_train_through_model_fit_only(notebook):
    path, nb = notebook
    source = "\n".join(cell.source for cell in _code_cells(nb))
    loops = re.findall(r"\b(train_on_batch|GradientTape|apply_gradients|training\.fit)\b", source)
    assert not loops, f"{path.name} trains outside model.fit: {sorted(set(loops))}"


def exercises_without_solution(nb) -> list[str]:
    """``Exercise N`` headings with no ``Solution N`` (a ``<summary>`` or a heading) anywhere."""
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    exercises = EXERCISE_HEADING.findall(text)
    solutions = {a or b for a, b in SOLUTION_MARK.findall(text)}
    missing = [f"Exercise {n}" for n in exercises if n not in solutions]
    if EXERCISES_SECTION.search(text) and not exercises:
        missing.append("an Exercises section without '### Exercise N' headings")
    return missing


def pitfalls_out_of_style(nb) -> list[str]:
    """Markdown cells that name a pitfall in a heading or in bold without being the one callout.

    The callout is a markdown cell that starts with ``> ⚠️ **Pitfall: <title>**`` and whose every
    non-empty line is quoted (``> ``). A bare ``## Pitfalls`` section title is allowed.
    """
    bad = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        named = any(
            (PITFALL_HEADING.match(line) and not PITFALLS_SECTION.match(line))
            or PITFALL_BOLD.search(line)
            for line in lines
        )
        if not named:
            continue
        is_box = cell.source.startswith(CALLOUT) and all(
            line.startswith(">") for line in lines if line.strip()
        )
        if not is_box:
            bad.append(f"cell {index}: {lines[0][:60]!r}")
    return bad


def seed_used_for_lessons(nb) -> list[str]:
    """Places where "seed" names the original lessons (it is kept for random seeds)."""
    found = []
    for index, cell in enumerate(nb.cells):
        texts = [cell.source] + [text for i, _, text in _text_outputs(nb) if i == index]
        for text in texts:
            found += [f"cell {index}: {m[0]!r}" for m in SEED_AS_LESSON.finditer(text)]
    return found


def test_trained_models_show_their_layers(notebook):
    path, nb = notebook
    missing = layers_out_of_view(nb)
    assert not missing, (
        f"{path.name} trains models using {', '.join(missing)} without that layer's code in view "
        "(write it in a cell, or import it from the generated module of the lesson that wrote it)"
    )


def test_every_exercise_has_a_solution(notebook):
    path, nb = notebook
    missing = exercises_without_solution(nb)
    assert not missing, f"{path.name}: no solution for {', '.join(missing)}"


def test_pitfalls_use_the_one_callout_style(notebook):
    path, nb = notebook
    bad = pitfalls_out_of_style(nb)
    assert not bad, f"{path.name}: pitfalls not written as '{CALLOUT}...' callouts: {bad}"


def test_original_lessons_are_not_called_seed(notebook):
    path, nb = notebook
    found = seed_used_for_lessons(nb)
    assert not found, f"{path.name}: say 'the original lesson(s)', not {found[:5]}"


# The four checkers above, on small notebooks built here: each can fail.


def _toy(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        for kind, src in cells
    ]
    return nb


def _with_output(nb, index, text):
    nb.cells[index].outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    return nb


def test_layers_checker_flags_a_hidden_lstm_and_accepts_shown_code():
    summary = "lstm  LSTM  (samples, 32)  4,224\nper_frame  TimeDistributed(cnn)  (samples, 2, 64)"
    hidden = _with_output(_toy(("code", "print(table(model))\nmodel.fit(x, y)")), 0, summary)
    assert layers_out_of_view(hidden) == ["TimeDistributed", "LSTM"]
    written = _with_output(
        _toy(("code", "x = keras.layers.TimeDistributed(cnn)(x)\nx = LSTM(32)(x)\nm.fit(x, y)")),
        0, summary,
    )
    assert layers_out_of_view(written) == []
    shown = _toy(("code", "show_source(build)"), ("code", "print(t)\nmodel.fit(x, y)"))
    _with_output(shown, 0, "    x = keras.layers.TimeDistributed(e)(x)\n    keras.layers.LSTM(8)")
    _with_output(shown, 1, summary)
    assert layers_out_of_view(shown) == ["TimeDistributed", "LSTM"]  # shown is not written
    imported = _toy(("code", "from course_utils.models.lesson02 import build_cnn_lstm_folded\n"
                             "print(t)\nmodel.fit(x, y)"))
    assert layers_out_of_view(_with_output(imported, 0, summary)) == []  # lesson 02 wrote them
    assert layers_out_of_view(_with_output(_toy(("code", "print(t)")), 0, summary)) == []


def test_solutions_checker():
    nb = _toy(("md", "## Exercises\n\n### Exercise 1: a\n\n### Exercise 2: b"),
              ("md", "<details><summary>Solution 1</summary>\n\nx\n</details>"))
    assert exercises_without_solution(nb) == ["Exercise 2"]
    nb.cells.append(nbformat.v4.new_markdown_cell("## Solutions\n\n### Solution 2\n\ny"))
    assert exercises_without_solution(nb) == []
    old_style = _toy(("md", "## Exercises\n\n**1. Three frames.** Make sequences..."))
    assert exercises_without_solution(old_style) == [
        "an Exercises section without '### Exercise N' headings"
    ]


def test_pitfall_checker():
    good = _toy(("md", "## Pitfalls\n\nFour mistakes."), ("md", "## 5 · Pitfalls"),
                ("md", f"{CALLOUT}a global**\n>\n> Problem.\n>\n> **Fix:** read the argument."))
    assert pitfalls_out_of_style(good) == []
    for text in ("### Pitfall 1: a global", "**Pitfall:** a global", "### 1. a global\n\n"
                 "**Pitfall**", f"{CALLOUT}a global**\n\nProse outside the box."):
        assert len(pitfalls_out_of_style(_toy(("md", text)))) == 1, text


def test_seed_vocabulary_checker():
    assert seed_used_for_lessons(_toy(("md", "The seed's network, and the seed recipe."))) == [
        "cell 0: \"The seed's\"", "cell 0: 'seed recipe'"
    ]
    assert seed_used_for_lessons(_toy(("md", "Three seeds; `session.setup(seed=SEED)`."))) == []
    labelled = _with_output(_toy(("code", "print(1)")), 0, "sigmoid (seed)  no")
    assert seed_used_for_lessons(labelled) == ["cell 0: ' (seed)'"]
    assert seed_used_for_lessons(_toy(("code", "rng = np.random.default_rng(SEED)"))) == []
