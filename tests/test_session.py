"""course_utils.session: quick mode, pick() and setup()."""

import os
import subprocess
import sys
import types

import numpy as np
import pytest

from course_utils import session


@pytest.mark.parametrize("value", ["1", "true", "YES", " on "])
def test_quick_mode_on(monkeypatch, value):
    monkeypatch.setenv(session.QUICK_ENV_VAR, value)
    assert session.is_quick()
    assert session.mode_name() == "quick"
    assert session.pick(full=10, quick=2) == 2


@pytest.mark.parametrize("value", ["", "0", "false", "off"])
def test_quick_mode_off(monkeypatch, value):
    monkeypatch.setenv(session.QUICK_ENV_VAR, value)
    assert not session.is_quick()
    assert session.pick(full=10, quick=2) == 10


def test_quick_mode_unset_means_full(monkeypatch):
    monkeypatch.delenv(session.QUICK_ENV_VAR, raising=False)
    assert session.mode_name() == "full"


def test_quick_mode_rejects_garbage(monkeypatch):
    monkeypatch.setenv(session.QUICK_ENV_VAR, "maybe")
    with pytest.raises(ValueError, match="COURSE_QUICK"):
        session.is_quick()


def test_setup_reports_one_line_and_seeds(capsys):
    info = session.setup(seed=7)
    first = np.random.rand(3)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "mode: quick" in out and "seed: 7" in out and "CPU" in out
    assert info.seed == 7 and info.mode == "quick" and info.quick and "CPU" in info.devices
    session.setup(seed=7, verbose=False)  # re-running the Setup cell is safe and re-seeds
    np.testing.assert_array_equal(first, np.random.rand(3))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("seed", [1.5, "42", True])
def test_set_seed_rejects_bad_seed(seed):
    with pytest.raises(TypeError, match="seed"):
        session.set_seed(seed)
    with pytest.raises(ValueError, match="seed"):
        session.set_seed(-1)


def test_import_keras_is_quiet(capfd):
    keras = session.import_keras()
    assert keras.__version__ >= "3"
    assert "cuda" not in capfd.readouterr().err.lower()


class _FakeDevice:
    def __init__(self, platform: str, id: int):
        self.platform, self.id = platform, id


def test_devices_on_jax_name_cpu_and_accelerators(monkeypatch):
    fake = types.ModuleType("jax")
    fake.devices = lambda: [_FakeDevice("gpu", 0), _FakeDevice("gpu", 1)]
    monkeypatch.setitem(sys.modules, "jax", fake)
    assert session._devices("jax") == ("CPU", "GPU:0", "GPU:1")
    fake.devices = lambda: [_FakeDevice("cpu", 0)]
    assert session._devices("jax") == ("CPU",)


def test_devices_on_torch_name_cpu_and_gpus(monkeypatch):
    fake = types.ModuleType("torch")
    fake.cuda = types.SimpleNamespace(is_available=lambda: True, device_count=lambda: 2)
    fake.backends = types.SimpleNamespace(mps=types.SimpleNamespace(is_available=lambda: False))
    monkeypatch.setitem(sys.modules, "torch", fake)
    assert session._devices("torch") == ("CPU", "GPU:0", "GPU:1")
    fake.cuda = types.SimpleNamespace(is_available=lambda: False, device_count=lambda: 0)
    assert session._devices("torch") == ("CPU",)


def test_devices_never_say_default():
    assert session._devices("numpy") == ("CPU",)


_SETUP_ON_BACKEND = """
import keras
from course_utils import session
session.setup(seed=3)
first = keras.ops.convert_to_numpy(keras.random.uniform((4,))).tolist()
session.setup(seed=3, verbose=False)
again = keras.ops.convert_to_numpy(keras.random.uniform((4,))).tolist()
assert first == again, (first, again)
"""


def _run_as_by_hand(code: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter, without ``TF_CPP_MIN_LOG_LEVEL`` (as in a notebook
    started by hand); ``env_changes`` set variables, or remove them when ``None``."""
    env = {**os.environ}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    for name, value in env_changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )


def test_setup_on_jax_is_silent_and_names_devices():
    """On JAX the Setup cell prints one line naming the CPU, and nothing at all on stderr.

    ``keras.utils.set_random_seed`` imports TensorFlow when it is installed, whose C++ start-up
    messages ("Could not find cuda drivers") would otherwise reach the notebook's stderr.
    """
    pytest.importorskip("jax")
    run = _run_as_by_hand(_SETUP_ON_BACKEND, KERAS_BACKEND="jax")
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.count("\n") == 1
    assert "(jax backend) | devices: CPU" in run.stdout and "default" not in run.stdout


_ONEDNN_PROBE = """
import os
from course_utils import session
session.import_keras()
print(os.environ.get(session.ONEDNN_ENV_VAR))
"""


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("0", "0"), ("1", "1")])
def test_import_keras_turns_onednn_on_unless_told(given, expected):
    """TensorFlow's oneDNN kernels: on by default (5x faster convolutions on AVX2-only CPUs), but
    a value the user set before importing course_utils is kept."""
    run = _run_as_by_hand(_ONEDNN_PROBE, **{session.ONEDNN_ENV_VAR: given})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == expected


_BOOL_MASK_PROBE = """
import numpy as np
from course_utils import session
keras = session.import_keras()
inputs = keras.Input((None, 3))
model = keras.Model(inputs, keras.layers.LSTM(2)(keras.layers.Masking(0.0)(inputs)))
model(np.ones((1, 4, 3), "float32"))
"""


def test_a_masked_lstm_writes_nothing_to_stderr():
    """oneDNN on an AVX2-only CPU logs a C++ error line for boolean (mask) ops: kept quiet."""
    run = _run_as_by_hand(_BOOL_MASK_PROBE)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
