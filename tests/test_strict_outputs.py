"""COURSE_STRICT_OUTPUT=1 (set by CI): a notebook cell that writes to stderr or warns fails."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
root_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(root_conftest)
STRICT_ENV_VAR, stray_outputs = root_conftest.STRICT_ENV_VAR, root_conftest.stray_outputs


def _stream(name, text):
    return {"output_type": "stream", "name": name, "text": text}


@pytest.mark.parametrize(
    ("outputs", "found"),
    [
        ([_stream("stdout", "accuracy 0.99\n")], []),
        ([{"output_type": "display_data", "data": {"text/plain": "UserWarning: shown"}}], []),
        ([_stream("stderr", "\n")], []),
        ([_stream("stderr", "Could not find cuda drivers\n")], ["stderr: Could not find cuda"]),
        ([_stream("stdout", "x\n/a.py:3: UserWarning: careful\n")], ["warning on stdout: /a.py"]),
        ([_stream("stdout", "a DeprecationWarning: old\n")], ["warning on stdout: a Deprecation"]),
    ],
)
def test_stray_outputs(outputs, found):
    stray = stray_outputs(outputs)
    assert len(stray) == len(found)
    for line, start in zip(stray, found, strict=True):
        assert line.startswith(start)


def _run_notebook(tmp_path, strict):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("print('fine')"),
        nbformat.v4.new_code_cell("import warnings\nwarnings.warn('stray')"),
    ]
    nbformat.write(nb, str(tmp_path / "n.ipynb"))
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    env = {**os.environ, STRICT_ENV_VAR: "1" if strict else "0"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval-lax", "-p", "no:cacheprovider", "n.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_strict_run_fails_a_warning_cell_and_lax_run_passes(tmp_path):
    strict = _run_notebook(tmp_path, strict=True)
    assert strict.returncode == 1, strict.stdout
    assert "1 failed, 1 passed" in strict.stdout
    assert "stray output" in strict.stdout and "UserWarning: stray" in strict.stdout
    lax = _run_notebook(tmp_path, strict=False)
    assert lax.returncode == 0, lax.stdout
    assert "2 passed" in lax.stdout
