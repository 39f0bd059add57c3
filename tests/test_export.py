"""The generated model modules match the notebooks' #@save cells, and hold definitions only."""

import ast
import importlib
import json

import pytest

from tools import export


def test_generated_modules_match_the_notebooks():
    assert export.stale() == [], "run `python -m tools.export` and commit the result"


@pytest.mark.parametrize("path", sorted(export.expected_modules()), ids=lambda p: p.name)
def test_generated_module_imports_and_defines_only(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign)
    for node in tree.body[1:]:  # after the docstring
        assert isinstance(node, allowed), (
            f"{path.name} line {node.lineno}: a saved cell may only define things "
            f"(found {type(node).__name__})"
        )
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = getattr(node, "targets", [getattr(node, "target", None)])
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            assert all(n.isupper() for n in names), f"{path.name}: constants only, got {names}"
    importlib.import_module(f"course_utils.models.{path.stem}")


def test_check_fails_on_a_changed_saved_cell(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["#@save\n", "def f():\n", "    return 1\n"]},
            {"cell_type": "code", "source": ["print(f())\n"]},
            {"cell_type": "markdown", "source": ["#@save\n", "not code\n"]},
            {"cell_type": "code",
             "source": ["#@title Solution 1\n", "#@save\n", "def g():\n", "    return 3\n"]},
        ]
    }
    notebooks, models = tmp_path / "notebooks", tmp_path / "models"
    notebooks.mkdir()
    models.mkdir()
    path = notebooks / "09_example.ipynb"
    path.write_text(json.dumps(notebook))
    assert export.saved_cells(path) == ["def f():\n    return 1", "def g():\n    return 3"]
    assert export.stale(models, notebooks) == ["lesson09.py: missing"]
    (models / "lesson09.py").write_text(export.module_text(path))
    assert export.stale(models, notebooks) == []
    notebook["cells"][0]["source"][2] = "    return 2\n"
    path.write_text(json.dumps(notebook))
    assert export.stale(models, notebooks) == ["lesson09.py: differs from its notebook"]
    (models / "lesson08.py").write_text("")
    assert "lesson08.py: no notebook has #@save cells for it" in export.stale(models, notebooks)


def test_solution_function_names_a_missing_function():
    notebook = export.NOTEBOOKS / "01_mnist_cnn_vs_cnn_lstm.ipynb"
    with pytest.raises(ValueError, match="defines no_such_builder"):
        export.solution_function(notebook, "no_such_builder", {})
