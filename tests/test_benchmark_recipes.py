"""The benchmarks time the notebooks' own recipes: their settings must not drift apart."""

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the scripts import nothing heavy at module level
    return module


def _full_value(notebook: str, name: str) -> float:
    """The full-mode value of ``NAME = ...`` in a notebook's code cells."""
    source = "\n".join(
        cell.source
        for cell in nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells
        if cell.cell_type == "code"
    )
    pattern = rf"^{name} = (?:\w+\.)*pick\(full=([0-9.e-]+)|^{name} = ([0-9.e-]+)"
    match = re.search(pattern, source, re.M)
    assert match, f"{name} not found in {notebook}"
    return float(match[1] or match[2])


@pytest.mark.parametrize(
    ("model", "script", "notebook"),
    [
        ("cnn_lstm", "seeds_cnn_lstm", "02_synthetic_videos_cnn_lstm.ipynb"),
        ("convlstm", "seeds_convlstm", "03_convlstm.ipynb"),
    ],
)
def test_course_recipe_is_the_notebooks(model, script, notebook):
    course = _script("time_to_accuracy").COURSE[model]
    recipe = _script(script).RECIPE
    assert course["per_class"] == recipe["train_per_class_per_epoch"]
    for key in ("batch_size", "learning_rate", "max_epochs"):
        assert course[key] == recipe[key], key
    assert _full_value(notebook, "TRAIN_PER_CLASS_PER_EPOCH") == course["per_class"]
    assert _full_value(notebook, "BATCH_SIZE") == course["batch_size"]
    assert _full_value(notebook, "LEARNING_RATE") == course["learning_rate"]
    assert _full_value(notebook, "MAX_EPOCHS") == course["max_epochs"]


def test_lesson_02_recipe_is_the_seed_script_s():
    """Notebook 02 reads the stored seed runs and asserts that they used its full-mode recipe."""
    recipe = _script("seeds_cnn_lstm").RECIPE
    notebook = "02_synthetic_videos_cnn_lstm.ipynb"
    assert _full_value(notebook, "LSTM_UNITS") == recipe["lstm_units"]
    assert _full_value(notebook, "BASELINE_LEARNING_RATE") == recipe["baseline_learning_rate"]
    assert _full_value(notebook, "VAL_PER_CLASS") == recipe["val_per_class"]
    assert _full_value(notebook, "TEST_PER_CLASS") == recipe["test_per_class"]
