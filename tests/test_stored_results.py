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
    assert constants["HEIGHT"] == 25 and constants["WIDTH"] == 65
