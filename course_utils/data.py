"""MNIST for the course, the splits the lessons use, and the two-digit sequences of lesson 01.

The package ships the real MNIST **test split** (10,000 digits, canonical IDX files, checksums
verified on every load), so every notebook runs offline. :func:`load_mnist` returns Keras's layout
either way: ``(x_train, y_train), (x_test, y_test)``, ``x`` uint8 ``(samples, 28, 28)``, ``y``
uint8 ``(samples,)``. Nothing here touches the network at import time or in quick mode; in full
mode ``load_mnist("auto")`` waits at most :data:`PROBE_TIMEOUT_SECONDS` for the download host, and
a download that stalls for :data:`DOWNLOAD_STALL_TIMEOUT_SECONDS` is abandoned; either way the
embedded sample is used, and a line says so.

MNIST is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, distributed under the Creative
Commons Attribution-Share Alike 3.0 licence (see ``data_files/mnist/README.md``).
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
from pathlib import Path

import numpy as np

from course_utils.checks import fraction as check_fraction
from course_utils.checks import positive_int, seed_int
from course_utils.session import is_quick

SOURCES = ("auto", "full", "sample")
SAMPLE_DIR = Path(__file__).resolve().parent / "data_files" / "mnist"
SAMPLE_FILES = {
    "images": (
        "t10k-images-idx3-ubyte.gz",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    "labels": (
        "t10k-labels-idx1-ubyte.gz",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
}
#: Seconds ``load_mnist("auto")`` waits for the download host (DNS and TCP together).
PROBE_TIMEOUT_SECONDS = 2.0
#: Seconds a started download of full MNIST may go without data before it is abandoned.
DOWNLOAD_STALL_TIMEOUT_SECONDS = 20.0
#: The largest number of frames :func:`make_digit_sequences` accepts (labels up to 10**6 - 1).
MAX_SEQUENCE_FRAMES = 6

_KERAS_URL_HOST = "storage.googleapis.com"
_KERAS_CACHE = Path.home() / ".keras" / "datasets" / "mnist.npz"
_IDX_MAGIC = {"images": 2051, "labels": 2049}

Split = tuple[np.ndarray, np.ndarray]


class MnistFileError(RuntimeError):
    """An embedded MNIST file is missing, corrupt or not in IDX format."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_idx(path: Path, kind: str, expected_sha256: str | None = None) -> np.ndarray:
    """Read a gzipped IDX file: ``images`` ``(samples, 28, 28)`` or ``labels`` ``(samples,)``."""
    if kind not in _IDX_MAGIC:
        raise ValueError(f"kind must be 'images' or 'labels', got {kind!r}")
    path = Path(path)
    if not path.is_file():
        raise MnistFileError(f"MNIST file not found: {path}")
    if expected_sha256 is not None and _sha256(path) != expected_sha256:
        raise MnistFileError(
            f"MNIST file {path.name} is corrupt: its sha256 does not match the canonical file "
            f"(reinstall the course or copy it again from the MNIST test split)"
        )
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:
        raise MnistFileError(f"MNIST file {path.name} is not a valid gzip file: {error}") from None
    words = 4 if kind == "images" else 2
    header = np.frombuffer(raw[: 4 * words], dtype=">u4")
    if len(header) != words or header[0] != _IDX_MAGIC[kind]:
        raise MnistFileError(f"MNIST file {path.name} has no IDX {kind} header")
    shape = tuple(int(n) for n in header[1:])
    values = np.frombuffer(raw, dtype=np.uint8, offset=4 * words)
    if values.size != int(np.prod(shape)):
        raise MnistFileError(f"MNIST file {path.name}: {values.size} bytes, header says {shape}")
    return values.reshape(shape).copy()


def load_mnist_sample_arrays() -> Split:
    """The embedded 10,000 real MNIST test digits, checksums verified: ``(x, y)``, uint8."""
    images = read_idx(SAMPLE_DIR / SAMPLE_FILES["images"][0], "images", SAMPLE_FILES["images"][1])
    labels = read_idx(SAMPLE_DIR / SAMPLE_FILES["labels"][0], "labels", SAMPLE_FILES["labels"][1])
    return images, labels


def stratified_split(y: np.ndarray, test_size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices ``(train_index, test_index)`` of a seeded split whose test part keeps every class's
    share of the integer labels ``y``; disjoint, together ``range(len(y))``, each sorted.
    """
    test_size = positive_int("test_size", test_size)
    seed = seed_int("seed", seed)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) < 2:
        raise ValueError(f"y must be at least 2 labels of shape (samples,), got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if not 0 < test_size < len(y):
        raise ValueError(f"test_size must be between 1 and {len(y) - 1}, got {test_size}")
    classes, counts = np.unique(y, return_counts=True)
    exact = counts * test_size / len(y)
    per_class = np.floor(exact).astype(int)
    # The largest remainders get the leftover places, so that the sizes add up to test_size.
    leftover = test_size - per_class.sum()
    per_class[np.argsort(-(exact - per_class), kind="stable")[:leftover]] += 1
    rng = np.random.default_rng(seed)
    test_parts = [rng.permutation(np.flatnonzero(y == label))[:n]
                  for label, n in zip(classes, per_class, strict=True)]
    test_index = np.sort(np.concatenate(test_parts))
    return np.setdiff1d(np.arange(len(y)), test_index), test_index


def shuffled_split(x: np.ndarray, y: np.ndarray, fraction: float, seed: int) -> tuple[Split, Split]:
    """Split ``(x, y)`` into ``(x_train, y_train), (x_val, y_val)`` AFTER a seeded shuffle.

    Keras's ``validation_split`` takes the last samples as they come: on data stored class by class
    it validates on classes the model never trains on. This takes a random ``fraction`` instead.
    """
    share = check_fraction("fraction", fraction)
    seed = seed_int("seed", seed)
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 0 or y.ndim == 0:
        raise TypeError("x and y must be arrays with one entry per sample, got a scalar")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    if len(x) < 2:
        raise ValueError(f"x must hold at least 2 samples to split, got {len(x)}")
    n_val = max(1, round(len(x) * share))
    if n_val >= len(x):
        raise ValueError(f"fraction={fraction} of {len(x)} samples leaves none for training: "
                         "give more samples or a smaller fraction")
    order = np.random.default_rng(seed).permutation(len(x))
    val, train = order[:n_val], order[n_val:]
    return (x[train], y[train]), (x[val], y[val])


def load_mnist_sample(test_size: int = 2000, seed: int = 0) -> tuple[Split, Split]:
    """The embedded sample split into disjoint, stratified, seeded train and test parts."""
    x, y = load_mnist_sample_arrays()
    train_index, test_index = stratified_split(y, test_size=test_size, seed=seed)
    return (x[train_index], y[train_index]), (x[test_index], y[test_index])


def _can_reach(host: str, port: int = 443, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """True when a TCP connection to ``host`` opens within ``timeout`` seconds (DNS included).

    The probe runs in a daemon thread that this waits for ``timeout`` seconds at most, so that a
    resolver or firewall that hangs costs that long and no longer.
    """
    result: list[bool] = []

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def resolve_mnist_source(source: str = "auto", *, verbose: bool = False) -> str:
    """``"full"`` or ``"sample"``: ``auto`` means full when it is cached or the download host
    answers within :data:`PROBE_TIMEOUT_SECONDS`, else the sample (``verbose``: say why); quick
    mode always uses the sample and never touches the network."""
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
    if source != "auto":
        return source
    if is_quick():
        return "sample"
    if _KERAS_CACHE.is_file() or _can_reach(_KERAS_URL_HOST, timeout=PROBE_TIMEOUT_SECONDS):
        return "full"
    if verbose:
        print(f"No network: {_KERAS_URL_HOST} did not answer within {PROBE_TIMEOUT_SECONDS:g} s, "
              "so the embedded MNIST sample is used.")
    return "sample"


def _download_full_mnist() -> tuple[Split, Split]:
    """``keras.datasets.mnist.load_data()``, abandoned when the download stalls (Keras downloads
    with no timeout; the socket default set for the call makes a stalled connection fail)."""
    import keras

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_STALL_TIMEOUT_SECONDS)
    try:
        return keras.datasets.mnist.load_data()
    finally:
        socket.setdefaulttimeout(previous)


def load_mnist(source: str = "auto", *, verbose: bool = True) -> tuple[Split, Split]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``, uint8 images ``(samples, 28, 28)``.

    ``source``: ``"full"`` (the 70,000 digits through ``keras.datasets.mnist``), ``"sample"`` (the
    embedded 10,000 real test digits, split 8,000 / 2,000, stratified and seeded) or ``"auto"``
    (full when it loads, else the sample, never waiting long for the network; in quick mode the
    sample). ``verbose`` prints which source was used and, offline, why.
    """
    resolved = resolve_mnist_source(source, verbose=verbose)
    if resolved == "full":
        try:
            (x_train, y_train), (x_test, y_test) = _download_full_mnist()
        except Exception as error:  # no network, or a blocked host: fall back only in auto mode
            if source == "full":
                raise
            print(f"Full MNIST could not be loaded ({type(error).__name__}); using the sample.")
            resolved = "sample"
    if resolved == "sample":
        (x_train, y_train), (x_test, y_test) = load_mnist_sample()
    if verbose:
        name = ("full MNIST (keras.datasets.mnist)" if resolved == "full"
                else "embedded sample (the real MNIST test split, checksums verified)")
        print(f"MNIST source: {name}: {len(x_train):,} train / {len(x_test):,} test digits")
    return (x_train, y_train), (x_test, y_test)


def prepare_images(x: np.ndarray) -> np.ndarray:
    """Scale uint8 digits ``(samples, rows, cols)`` to float32 in [0, 1] with a channel axis:
    ``(samples, rows, cols, 1)``."""
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"expected grey images of shape (samples, rows, cols), got {x.shape}")
    if len(x) == 0:
        raise ValueError(f"x holds no images (shape {x.shape}): give at least one")
    if x.dtype != np.uint8:
        raise TypeError(f"expected uint8 pixels 0-255, got dtype {x.dtype}")
    return (x.astype("float32") / 255.0)[..., np.newaxis]


def make_digit_sequences(
    x: np.ndarray, y: np.ndarray, n: int, seed: int, frames: int = 2, *, return_index: bool = False
) -> tuple[np.ndarray, ...]:
    """Sequences of MNIST digits labelled with the number they spell, first frame first.

    Each sequence draws its label uniformly from ``0 .. 10**frames - 1``, then one random image of
    each of its digits: ``[7, 2]`` is labelled 72 and ``[2, 7]`` 27, so the label depends on the
    digits AND their order. Make training sequences from training digits and test sequences from
    test digits only: the two then share no image. Returns float32 ``(n, frames, 28, 28, 1)`` in
    [0, 1] and int64 labels ``(n,)`` (and, with ``return_index``, which image each frame is).
    """
    for name, value in (("n", n), ("seed", seed), ("frames", frames)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool):
            raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if n < 1:
        raise ValueError(f"n must be at least 1 sequence, got {n}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}")
    if not 1 <= frames <= MAX_SEQUENCE_FRAMES:
        raise ValueError(f"frames must be between 1 and {MAX_SEQUENCE_FRAMES}, got {frames}")
    images = prepare_images(x)
    y = np.asarray(y)
    if y.shape != (len(images),):
        raise ValueError(f"y must hold one label per image, shape ({len(images)},); got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer digit labels 0-9, got dtype {y.dtype}")
    by_digit = [np.flatnonzero(y == digit) for digit in range(10)]
    missing = [digit for digit, where in enumerate(by_digit) if len(where) == 0]
    if missing or y.min() < 0 or y.max() > 9:
        raise ValueError(f"y must hold digits 0-9, each at least once; missing {missing}, "
                         f"values from {y.min()} to {y.max()}")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10**frames, size=n, dtype=np.int64)
    powers = 10 ** np.arange(frames - 1, -1, -1, dtype=np.int64)  # e.g. [10, 1]
    digits = (labels[:, np.newaxis] // powers) % 10  # (n, frames): 72 -> [7, 2]
    index = np.empty((n, frames), dtype=np.int64)
    for digit, where in enumerate(by_digit):
        hits = digits == digit
        index[hits] = where[rng.integers(0, len(where), size=int(hits.sum()))]
    x_seq = images[index]  # (n, frames, 28, 28, 1)
    return (x_seq, labels, index) if return_index else (x_seq, labels)
