"""course_utils.runtime: quick mode, pick() and setup()."""

import numpy as np
import pytest

from course_utils import runtime


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_quick_mode_on(monkeypatch, value):
    monkeypatch.setenv(runtime.QUICK_ENV_VAR, value)
    assert runtime.is_quick()
    assert runtime.mode_name() == "quick"
    assert runtime.pick(full=10, quick=2) == 2


@pytest.mark.parametrize("value", ["", "0", "false", "off"])
def test_quick_mode_off(monkeypatch, value):
    monkeypatch.setenv(runtime.QUICK_ENV_VAR, value)
    assert not runtime.is_quick()
    assert runtime.pick(full=10, quick=2) == 10


def test_quick_mode_unset_means_full(monkeypatch):
    monkeypatch.delenv(runtime.QUICK_ENV_VAR, raising=False)
    assert runtime.mode_name() == "full"


def test_quick_mode_rejects_garbage(monkeypatch):
    monkeypatch.setenv(runtime.QUICK_ENV_VAR, "maybe")
    with pytest.raises(ValueError, match="COURSE_QUICK"):
        runtime.is_quick()


def test_setup_reports_one_line_and_seeds(capsys):
    info = runtime.setup(seed=7)
    first = np.random.rand(3)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "mode: quick" in out and "seed: 7" in out and "CPU" in out
    assert info.seed == 7 and info.mode == "quick" and "CPU" in info.devices
    runtime.setup(seed=7, verbose=False)  # re-running the Setup cell is safe and re-seeds
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_set_seed_rejects_bad_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        runtime.set_seed(seed)


def test_import_keras_is_quiet(capfd):
    keras = runtime.import_keras()
    assert keras.__version__ >= "3"
    assert "cuda" not in capfd.readouterr().err.lower()
