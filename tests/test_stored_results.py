"""Stored evidence: every result file a notebook reads says where it came from, and its recipe is
the script's and the notebook's own (full mode).

A notebook that shows a stored result (``trials.stored_result`` with the notebook's recipe) only
checks the recipe in full mode; these tests check it on every run of the suite.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STORED = ROOT / "notebooks" / "results"
PACKAGED = ROOT / "course_utils" / "data_files" / "results"
# result file -> the notebook that reads it
READERS = {
    "02_seeds.json": "02_synthetic_videos_cnn_lstm.ipynb",
    "03_seeds.json": "03_convlstm.ipynb",
    "03_fair.json": "03_convlstm.ipynb",
}
# recipe keys whose notebook constant is not simply the key in upper case
ALIASES = {"convlstm_filters": "FILTERS"}
STORED_FILES = sorted(p.name for p in STORED.glob("*.json") if p.name != "build.json")


def _load(name: str) -> dict:
    return json.loads((STORED / name).read_text(encoding="utf-8"))


def _script(relative: str):
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the scripts import nothing heavy at module level
    return module


def full_mode_constants(notebook: str) -> dict[str, object]:
    """The full-mode value of every upper-case constant a notebook's code cells assign.

    Each ``NAME = ...`` (or ``A, B = ...``) statement is evaluated with ``pick`` returning its
    ``full`` argument; statements that need anything else (a model, data) are left out.
    """
    class Session:
        @staticmethod
        def pick(full, quick):
            return full

    namespace: dict[str, object] = {"pick": Session.pick, "session": Session}
    found: dict[str, object] = {}
    cells = nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells
    for cell in cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: no constants there
            continue
        for node in tree.body:
            if not isinstance(node, ast.Assign):
                continue
            names = [
                t.id
                for target in node.targets
                for t in (target.elts if isinstance(target, ast.Tuple) else [target])
                if isinstance(t, ast.Name)
            ]
            if not names or not all(re.fullmatch(r"[A-Z][A-Z0-9_]*", n) for n in names):
                continue
            try:
                exec(compile(ast.Module([node], []), notebook, "exec"), namespace)
            except (NameError, AttributeError, TypeError, KeyError):  # needs a model or data
                continue
            found.update({n: namespace[n] for n in names})
    return found


def test_every_stored_file_is_known():
    assert set(STORED_FILES) == set(READERS), "a result file with no reader, or a reader with none"


@pytest.mark.parametrize("name", STORED_FILES)
def test_stored_file_says_where_it_came_from(name):
    stored = _load(name)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stored.get("date", "")), "no ISO date"
    assert re.fullmatch(r"[0-9a-f]{7,40}(\+dirty)?", stored.get("commit", "")), "no commit"
    assert (ROOT / stored.get("script", "")).is_file(), f"no script {stored.get('script')!r}"
    assert isinstance(stored.get("recipe"), dict) and stored["recipe"], "no recipe"


@pytest.mark.parametrize("name", STORED_FILES)
def test_packaged_copy_is_the_same(name):
    """Colab reads the copy inside the package: it must be the repository's file."""
    assert (PACKAGED / name).read_bytes() == (STORED / name).read_bytes()


@pytest.mark.parametrize("name", STORED_FILES)
def test_stored_recipe_is_the_script_s(name):
    stored = _load(name)
    script = _script(stored["script"])
    assert stored["recipe"] == script.RECIPE, "the stored runs predate the script's recipe"


@pytest.mark.parametrize("name", STORED_FILES)
def test_stored_recipe_is_the_notebook_s_full_mode(name):
    stored = _load(name)
    constants = full_mode_constants(READERS[name])
    compared = {}
    for key, value in stored["recipe"].items():
        constant = ALIASES.get(key, key.upper())
        if constant in constants:
            mine = constants[constant]
            compared[key] = (value, mine)
            assert value == (list(mine) if isinstance(mine, tuple) else mine), (key, value, mine)
    assert len(compared) >= 4, f"too few settings to compare: {compared}"


def test_full_mode_constants_reads_pick_and_tuples():
    """The reader above can fail: it sees full-mode values, not quick ones."""
    constants = full_mode_constants("03_convlstm.ipynb")
    assert constants["FRAMES"] == 20
    assert constants["HEIGHT"] == 24 and constants["WIDTH"] == 32


# The stored notebooks hold one full run each, and RESULTS.md is that run's.

NOTEBOOK_PATHS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MODE_LINE = re.compile(r"\| mode: (\w+) \|")


def stored_run_problems(nb, entry: dict | None) -> list[str]:
    """What shows that a stored notebook is not the full run that build.json/RESULTS.md record."""
    from tools import results

    text = "\n".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.get("outputs", []) if out.get("output_type") == "stream")
    modes = MODE_LINE.findall(text)
    problems = []
    if modes != ["full"]:
        problems.append(f"its Setup line says mode {modes or 'nothing'}, expected one 'full'")
    if entry is None:
        return [*problems, "no entry in notebooks/results/build.json"]
    if entry["mode"] != "full":
        problems.append(f"build.json records a {entry['mode']} run")
    if results.collect(nb) != entry["results"]:
        problems.append("its 'Result |' lines differ from build.json/RESULTS.md")
    return problems


def _build_entries() -> dict[str, dict]:
    runs = json.loads((STORED / "build.json").read_text(encoding="utf-8"))
    return {run["notebook"]: run for run in runs}


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.stem)
def test_stored_notebook_is_the_recorded_full_run(path):
    nb = nbformat.read(path, as_version=4)
    problems = stored_run_problems(nb, _build_entries().get(path.name))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_results_md_is_build_json():
    from tools import build

    runs = [build.NotebookRun(**entry) for entry in _build_entries().values()]
    assert (ROOT / "RESULTS.md").read_text(encoding="utf-8") == build.results_markdown(runs)
    assert sorted(entry for entry in _build_entries()) == [p.name for p in NOTEBOOK_PATHS]


def test_stored_run_checker_fails_on_quick_and_drifted_runs():
    def toy(*lines):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("session.setup()")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines))]
        nb.cells = [cell]
        return nb

    entry = {"mode": "full", "results": {"accuracy": "99.00%"}}
    good = toy("Keras 3 | devices: CPU | mode: full | seed: 42", "Result | accuracy: 99.00%")
    assert stored_run_problems(good, entry) == []
    quick = toy("Keras 3 | devices: CPU | mode: quick | seed: 42", "Result | accuracy: 99.00%")
    assert stored_run_problems(quick, entry)
    drifted = toy("Keras 3 | devices: CPU | mode: full | seed: 42", "Result | accuracy: 98.00%")
    assert stored_run_problems(drifted, entry)
    assert stored_run_problems(good, {**entry, "mode": "quick"})
    assert stored_run_problems(good, None)
