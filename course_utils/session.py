"""The notebook's session: set-up (seeds, logging, devices), quick mode, and headline results.

Every notebook calls :func:`setup` once, in its Setup section, before it builds data or models.
Quick mode is read from ONE environment variable, ``COURSE_QUICK``: the tests set it to ``1`` so
that nbval re-runs the very same cells on smaller data and fewer epochs. :func:`pick` is how a
notebook chooses a size for the current mode; quick mode never changes which code runs.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Real
from types import ModuleType
from typing import Any, TypeVar

QUICK_ENV_VAR = "COURSE_QUICK"
DEFAULT_SEED = 42

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def is_quick() -> bool:
    """Return True when ``COURSE_QUICK`` asks for quick mode (``1``, ``true``, ``yes``, ``on``)."""
    raw = os.environ.get(QUICK_ENV_VAR, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"{QUICK_ENV_VAR} must be 1 (quick mode) or 0/unset (full mode), got {raw!r}")


def mode_name() -> str:
    """``"quick"`` or ``"full"``, for messages and result tables."""
    return "quick" if is_quick() else "full"


def pick(full: T, quick: T) -> T:
    """Return ``quick`` in quick mode and ``full`` otherwise.

    Use it for sizes and epochs only, so that both modes run the same code::

        EPOCHS = pick(full=10, quick=2)
    """
    return quick if is_quick() else full


def set_seed(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and the Keras backend in one call (``keras.utils.set_random_seed``).

    Keras also seeds TensorFlow whenever it is installed, whatever the backend, so on JAX or
    PyTorch this first call imports TensorFlow: its C++ start-up messages ("Could not find cuda
    drivers") are kept out of the notebook like :func:`import_keras` does.
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be a non-negative int, got {seed!r} ({type(seed).__name__})")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    keras = import_keras()
    if "tensorflow" in sys.modules:
        keras.utils.set_random_seed(seed)
        return
    _tensorflow_env_defaults()
    with _stderr_fd_silenced():
        keras.utils.set_random_seed(seed)
    _quiet_tensorflow_logs()


@dataclass(frozen=True)
class RunInfo:
    """What :func:`setup` found: printed as one line, kept for result tables."""

    backend: str
    keras_version: str
    devices: tuple[str, ...]
    mode: str
    seed: int

    @property
    def quick(self) -> bool:
        """True in quick mode (``COURSE_QUICK=1``): sizes shrink, asserts on full training skip."""
        return self.mode == "quick"

    def __str__(self) -> str:
        return (
            f"Keras {self.keras_version} ({self.backend} backend) | devices: "
            f"{', '.join(self.devices)} | mode: {self.mode} | seed: {self.seed}"
        )


@contextlib.contextmanager
def _stderr_fd_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a moment.

    TensorFlow's C++ start-up messages (oneDNN notice, "Could not find cuda drivers") are written
    straight to fd 2, ignore ``TF_CPP_MIN_LOG_LEVEL`` once Python has started, and would land in
    every notebook as stray stderr output. Python exceptions are unaffected.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


#: TensorFlow's switch for its oneDNN CPU kernels, which it turns on by itself only on CPUs with
#: AVX-512. :func:`import_keras` sets it to "1" unless you set it yourself (CONTRIBUTING.md's
#: Performance section says why), and ``TF_CPP_MIN_LOG_LEVEL`` to "3": oneDNN's harmless C++
#: notices stay out of the notebooks, and TensorFlow's real errors still raise.
ONEDNN_ENV_VAR = "TF_ENABLE_ONEDNN_OPTS"


def _tensorflow_env_defaults() -> None:
    """Before TensorFlow is imported: C++ logs off, oneDNN on, unless the user chose otherwise."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault(ONEDNN_ENV_VAR, "1")


def import_keras() -> ModuleType:
    """Import Keras and its backend quietly (once per process) and return the ``keras`` module.

    course_utils modules that need Keras import it through here, so that TensorFlow's start-up
    messages never reach a notebook's output.
    """
    if "keras" in sys.modules:
        return sys.modules["keras"]
    _tensorflow_env_defaults()
    with _stderr_fd_silenced():
        import keras

        if keras.backend.backend() == "tensorflow":
            import tensorflow as tf

            tf.config.list_physical_devices()  # the CUDA probe also prints at first use
    _quiet_tensorflow_logs()
    # JAX without a CUDA build, on a machine with an NVIDIA card, logs a fallback warning.
    logging.getLogger("jax._src.xla_bridge").setLevel(logging.ERROR)
    return keras


def _quiet_tensorflow_logs() -> None:
    """TensorFlow's Python logger: errors only (once TensorFlow is imported, on any backend)."""
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].get_logger().setLevel(logging.ERROR)


def _devices(backend: str) -> tuple[str, ...]:
    """Name the compute devices of the backend: ``("CPU",)``, then ``"GPU:0"``, ``"TPU:0"``, ...

    On TensorFlow, GPU memory growth is enabled (safe with zero GPUs and when re-run).
    """
    if backend == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        for gpu in gpus:  # an empty list on a CPU-only machine: nothing to index
            # RuntimeError: already initialised by an earlier call in this kernel, growth is set.
            with contextlib.suppress(RuntimeError):
                tf.config.experimental.set_memory_growth(gpu, True)
        return ("CPU", *(f"GPU:{i}" for i in range(len(gpus))))
    if backend == "jax":
        import jax

        accelerators = [d for d in jax.devices() if d.platform != "cpu"]
        return ("CPU", *(f"{d.platform.upper()}:{d.id}" for d in accelerators))
    if backend == "torch":
        import torch

        gpus = torch.cuda.device_count() if torch.cuda.is_available() else 0
        mps = getattr(torch.backends, "mps", None)
        apple = ("MPS",) if mps is not None and mps.is_available() else ()
        return ("CPU", *(f"GPU:{i}" for i in range(gpus)), *apple)
    return ("CPU",)  # the NumPy backend (inference only) runs on the CPU


def setup(seed: int = DEFAULT_SEED, *, verbose: bool = True) -> RunInfo:
    """Prepare a notebook run: quiet logs, seeds, devices and mode, reported in one line.

    Safe to call again (re-running the Setup cell re-seeds and reports again).
    """
    keras = import_keras()
    set_seed(seed)
    backend = keras.backend.backend()
    info = RunInfo(
        backend=backend,
        keras_version=keras.__version__,
        devices=_devices(backend),
        mode=mode_name(),
        seed=seed,
    )
    if verbose:
        print(info)
    return info


RESULT_PREFIX = "Result | "
"""How :func:`report` starts its line; ``python -m tools.build`` collects those lines."""


def report(name: str, value: Any, fmt: str = "{}") -> None:
    """Print one headline result as ``Result | name: value``.

    It returns nothing, so a notebook cell that ends with it shows the line once (a returned
    string would be displayed a second time, as the cell's value).
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a short text label, got {type(name).__name__}")
    if not name or ":" in name or "\n" in name:
        raise ValueError(f"name must be a short label without ':' or newlines, got {name!r}")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format pattern such as '{{:.2%}}', got {fmt!r}")
    if isinstance(value, Real) and not isinstance(value, bool) and not math.isfinite(value):
        raise ValueError(f"value of {name!r} is {value}: a headline result must be a finite number")
    try:
        text = fmt.format(value)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as error:
        raise ValueError(
            f"fmt {fmt!r} cannot format the value {value!r} ({type(value).__name__}): {error}"
        ) from None
    print(f"{RESULT_PREFIX}{name}: {text}")
