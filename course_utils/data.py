"""MNIST for the course: the full download when the machine can reach it, else the embedded sample.

The package ships the real MNIST **test split** (10,000 digits, canonical IDX files, checksums
verified on every load) so that every notebook runs offline. :func:`load_mnist` returns
Keras's layout either way: ``(x_train, y_train), (x_test, y_test)`` with ``x`` uint8 of shape
``(samples, 28, 28)`` and ``y`` uint8 of shape ``(samples,)``.

No network, no wait: nothing here touches the network at import time; quick mode never does; in
full mode ``load_mnist("auto")`` first probes the download host and gives up after
:data:`PROBE_TIMEOUT_SECONDS` (DNS included), then uses the embedded sample and says so. A
download that starts but stalls for :data:`DOWNLOAD_STALL_TIMEOUT_SECONDS` falls back the same way.

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

from course_utils.checks import (
    ArgumentTypeError,
    check_labels,
    check_pixels,
    check_sequences,
    one_of,
    positive_int,
    seed_int,
)
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
#: Digits per class in the MNIST test split, 0 to 9 (the canonical counts).
SAMPLE_LABEL_COUNTS = (980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009)
SAMPLE_TEST_SIZE = 2000
SAMPLE_SEED = 0

#: Seconds the network probe waits for the MNIST download host (DNS lookup and TCP connection
#: together) before ``load_mnist("auto")`` uses the embedded sample.
PROBE_TIMEOUT_SECONDS = 2.0
#: Seconds a started download of full MNIST may go without receiving data before it is abandoned
#: (``load_mnist("auto")`` then uses the embedded sample).
DOWNLOAD_STALL_TIMEOUT_SECONDS = 20.0

_KERAS_URL_HOST = "storage.googleapis.com"
_KERAS_CACHE = Path.home() / ".keras" / "datasets" / "mnist.npz"
_IDX_MAGIC = {"images": 2051, "labels": 2049}

Split = tuple[np.ndarray, np.ndarray]


class MnistFileError(RuntimeError):
    """An embedded MNIST file is missing, corrupt or not in IDX format."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_idx(path: str | Path, kind: str, expected_sha256: str | None = None) -> np.ndarray:
    """Read a gzipped IDX file: ``images`` ``(samples, 28, 28)`` or ``labels`` ``(samples,)``.

    Args:
        path: the ``.gz`` file.
        kind: ``"images"`` or ``"labels"``.
        expected_sha256: when given, the file's checksum must match it.

    Raises:
        MnistFileError: naming the file, when it is missing, corrupt or has a wrong header.
    """
    if not isinstance(path, (str, Path)):
        raise ArgumentTypeError(f"path must be a str or pathlib.Path, got {type(path).__name__}")
    path = Path(path)
    if kind not in _IDX_MAGIC:
        raise ValueError(f"kind must be 'images' or 'labels', got {kind!r}")
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
    header_words = 4 if kind == "images" else 2
    header = np.frombuffer(raw[: 4 * header_words], dtype=">u4")
    if len(header) != header_words or header[0] != _IDX_MAGIC[kind]:
        raise MnistFileError(f"MNIST file {path.name} has no IDX {kind} header")
    shape = tuple(int(n) for n in header[1:])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 * header_words)
    if data.size != int(np.prod(shape)):
        raise MnistFileError(
            f"MNIST file {path.name} holds {data.size} bytes of data, its header says {shape}"
        )
    return data.reshape(shape).copy()


def load_mnist_sample_arrays() -> Split:
    """The embedded 10,000 real MNIST test digits, checksums verified: ``(x, y)``, uint8."""
    images = read_idx(SAMPLE_DIR / SAMPLE_FILES["images"][0], "images", SAMPLE_FILES["images"][1])
    labels = read_idx(SAMPLE_DIR / SAMPLE_FILES["labels"][0], "labels", SAMPLE_FILES["labels"][1])
    if len(images) != len(labels):
        raise MnistFileError(f"{len(images)} MNIST images but {len(labels)} labels")
    return images, labels


def stratified_split(
    y: np.ndarray, test_size: int, seed: int = SAMPLE_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a seeded split whose test part keeps every class's share of ``y``.

    Args:
        y: integer labels, shape ``(samples,)``.
        test_size: how many samples go to the test part, ``0 < test_size < samples``.
        seed: seed for the shuffle within each class.

    Returns:
        ``(train_index, test_index)``: disjoint, together all of ``range(samples)``, each sorted.

    Raises:
        TypeError: ``test_size`` or ``seed`` not an int, or labels that are not integers.
        ValueError: ``test_size`` out of range, ``seed < 0``, or ``y`` not 1-D.
    """
    test_size = positive_int("test_size", test_size)
    seed = seed_int("seed", seed)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D labels (samples,), got shape {y.shape}")
    if len(y) < 2:
        raise ValueError(f"y must hold at least 2 labels to split, got {len(y)}")
    if not np.issubdtype(y.dtype, np.integer):
        raise ArgumentTypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if not 0 < test_size < len(y):
        raise ValueError(f"test_size must be between 1 and {len(y) - 1}, got {test_size}")
    classes, counts = np.unique(y, return_counts=True)
    exact = counts * test_size / len(y)
    per_class = np.floor(exact).astype(int)
    # Largest remainders get the leftover places, so the sizes add up to test_size exactly.
    leftover = test_size - per_class.sum()
    per_class[np.argsort(-(exact - per_class), kind="stable")[:leftover]] += 1
    rng = np.random.default_rng(seed)
    test_parts = [
        rng.permutation(np.flatnonzero(y == label))[:n]
        for label, n in zip(classes, per_class, strict=True)
    ]
    test_index = np.sort(np.concatenate(test_parts))
    train_index = np.setdiff1d(np.arange(len(y)), test_index)
    return train_index, test_index


def load_mnist_sample(
    test_size: int = SAMPLE_TEST_SIZE, seed: int = SAMPLE_SEED
) -> tuple[Split, Split]:
    """The embedded sample split into disjoint, stratified, seeded train and test parts."""
    test_size = positive_int("test_size", test_size)
    seed = seed_int("seed", seed)
    x, y = load_mnist_sample_arrays()
    train_index, test_index = stratified_split(y, test_size=test_size, seed=seed)
    return (x[train_index], y[train_index]), (x[test_index], y[test_index])


def _can_reach(host: str, port: int = 443, timeout: float = PROBE_TIMEOUT_SECONDS) -> bool:
    """True when a TCP connection to ``host`` opens within ``timeout`` seconds (DNS included).

    The probe runs in a daemon thread and this waits for it ``timeout`` seconds at most, so a
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
    thread.join(timeout)  # a resolver that hangs must not hang the notebook
    return bool(result and result[0])


def _check_source(source: object) -> str:
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
    return source


def resolve_mnist_source(source: str = "auto", *, verbose: bool = False) -> str:
    """Decide which MNIST a run uses: ``"full"`` or ``"sample"``.

    ``auto`` means the full download when it is already cached or the download host answers
    within :data:`PROBE_TIMEOUT_SECONDS`, and the embedded sample otherwise (with ``verbose``, a
    line says the network did not answer); quick mode always uses the sample and never touches
    the network.
    """
    source = _check_source(source)
    if source != "auto":
        return source
    if is_quick():
        return "sample"
    if _KERAS_CACHE.is_file() or _can_reach(_KERAS_URL_HOST, timeout=PROBE_TIMEOUT_SECONDS):
        return "full"
    if verbose:
        print(
            f"No network: {_KERAS_URL_HOST} did not answer within {PROBE_TIMEOUT_SECONDS:g} s, "
            "so the embedded MNIST sample is used."
        )
    return "sample"


def _download_full_mnist() -> tuple[Split, Split]:
    """``keras.datasets.mnist.load_data()``, abandoned when the download stalls.

    Keras downloads with ``urllib`` and no timeout; the socket default timeout set here for the
    call makes a connection that stops sending data fail after
    :data:`DOWNLOAD_STALL_TIMEOUT_SECONDS` instead of hanging the notebook.
    """
    import keras

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_STALL_TIMEOUT_SECONDS)
    try:
        return keras.datasets.mnist.load_data()
    finally:
        socket.setdefaulttimeout(previous)


def describe_source(source: str, n_train: int, n_test: int) -> str:
    """One line that says which MNIST a run used and how big each split is."""
    one_of("source", source, ("full", "sample"))
    n_train = positive_int("n_train", n_train, minimum=0)
    n_test = positive_int("n_test", n_test, minimum=0)
    if source == "full":
        name = "full MNIST (keras.datasets.mnist)"
    else:
        name = "embedded sample (the real MNIST test split, checksums verified)"
    return f"MNIST source: {name}: {n_train:,} train / {n_test:,} test digits"


def load_mnist(source: str = "auto", *, verbose: bool = True) -> tuple[Split, Split]:
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    Args:
        source: ``"full"`` (60,000 + 10,000 through ``keras.datasets.mnist``, cached and
            hash-checked by Keras), ``"sample"`` (the embedded 10,000 real test digits, split
            8,000 / 2,000, stratified and seeded) or ``"auto"`` (full when it loads, else the
            sample). ``"auto"`` never waits for the network longer than
            :data:`PROBE_TIMEOUT_SECONDS` (2 s) before choosing the sample, nor for a stalled
            download longer than :data:`DOWNLOAD_STALL_TIMEOUT_SECONDS` (20 s); in quick mode
            it uses the sample without touching the network.
        verbose: print one line saying which source was used (and, offline, why).

    Returns:
        ``x`` uint8 ``(samples, 28, 28)`` and ``y`` uint8 ``(samples,)`` for each split.

    Raises:
        ValueError: unknown ``source``.
        MnistFileError: the embedded sample is missing or corrupt (the message names the file).
    """
    if not isinstance(verbose, bool):
        raise ArgumentTypeError(f"verbose must be True or False, got {verbose!r}")
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
        print(describe_source(resolved, len(x_train), len(x_test)))
    return (x_train, y_train), (x_test, y_test)


def prepare_images(x: np.ndarray) -> np.ndarray:
    """Scale uint8 digits ``(samples, 28, 28)`` to float32 in [0, 1] with a channel axis.

    Returns:
        float32 array of shape ``(samples, rows, cols, 1)``.
    """
    x = np.asarray(x)
    if x.ndim == 3 and len(x) == 0:
        raise ValueError(f"x holds no images (shape {x.shape}): give at least one")
    if x.ndim != 3:
        raise ValueError(
            f"expected grey images of shape (samples, rows, cols), got shape {x.shape}"
        )
    if x.dtype != np.uint8:
        raise TypeError(f"expected uint8 pixels 0-255, got dtype {x.dtype}")
    return (x.astype("float32") / 255.0)[..., np.newaxis]


# --------------------------------------------------------------------------- digit sequences

#: The largest number of frames :func:`make_digit_sequences` accepts (labels up to 10**6 - 1).
MAX_SEQUENCE_FRAMES = 6


def _frames_as_float(x: np.ndarray) -> np.ndarray:
    """Digits as float32 ``(samples, 28, 28, 1)`` in [0, 1], from uint8 or already prepared."""
    x = np.asarray(x)
    if x.ndim == 3 and x.dtype == np.uint8:
        return prepare_images(x)
    if x.ndim == 4 and x.shape[-1] == 1 and np.issubdtype(x.dtype, np.floating):
        return check_pixels(x, "x").astype("float32", copy=False)
    raise ValueError(
        "x must be uint8 digits (samples, rows, cols) as load_mnist returns them, or float "
        f"images (samples, rows, cols, 1) in [0, 1]; got shape {x.shape} and dtype {x.dtype}"
    )


def make_digit_sequences(
    x: np.ndarray,
    y: np.ndarray,
    n: int,
    seed: int,
    frames: int = 2,
    *,
    return_index: bool = False,
) -> tuple[np.ndarray, ...]:
    """Sequences of MNIST frames labelled with the number their digits spell, in order.

    Each sequence draws its label uniformly from ``0 .. 10**frames - 1`` (so every number is about
    equally common), then one random image of the matching digit for every frame: the sequence
    ``[7, 2]`` is labelled 72 and ``[2, 7]`` is labelled 27. The label depends on both frames AND
    their order. Build training sequences from training digits and test sequences from test digits
    only: the two sets then share no image.

    Args:
        x: the source digits, uint8 ``(samples, 28, 28)`` (as :func:`load_mnist` returns them) or
            float ``(samples, 28, 28, 1)`` in [0, 1].
        y: their labels 0-9, shape ``(samples,)``; every digit must occur at least once.
        n: how many sequences to make (images are reused across sequences).
        seed: seed for the draw (the same seed gives the same sequences).
        frames: frames per sequence, 1 to ``MAX_SEQUENCE_FRAMES``.
        return_index: also return which source image each frame is.

    Returns:
        ``(x_seq, y_seq)``, or ``(x_seq, y_seq, index)`` with ``return_index``:

        - ``x_seq``: float32 ``(n, frames, 28, 28, 1)`` in [0, 1];
        - ``y_seq``: int64 ``(n,)``, the number spelled, first frame = most significant digit;
        - ``index``: int64 ``(n, frames)``, positions in ``x`` of the frames.

    Raises:
        ValueError: an argument is out of range or ``x`` and ``y`` do not fit together.
        TypeError: ``n``, ``seed`` or ``frames`` is not an int.
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
    images = _frames_as_float(x)
    y = np.asarray(y)
    if y.shape != (len(images),):
        raise ValueError(
            f"y must hold one label per image, shape ({len(images)},); got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y must hold integer digit labels 0-9, got dtype {y.dtype}")
    by_digit = [np.flatnonzero(y == digit) for digit in range(10)]
    missing = [digit for digit, where in enumerate(by_digit) if len(where) == 0]
    if missing or y.min() < 0 or y.max() > 9:
        raise ValueError(
            f"y must hold digits 0-9, each at least once; missing {missing}, "
            f"values from {y.min()} to {y.max()}"
        )

    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10**frames, size=n, dtype=np.int64)
    digits = sequence_digits(labels, frames)  # (n, frames)
    index = np.empty((n, frames), dtype=np.int64)
    for digit, where in enumerate(by_digit):
        hits = digits == digit
        index[hits] = where[rng.integers(0, len(where), size=int(hits.sum()))]
    x_seq = images[index]  # (n, frames, 28, 28, 1)

    check_sequences(x_seq)
    check_labels(labels, 10**frames, n_samples=len(x_seq))
    return (x_seq, labels, index) if return_index else (x_seq, labels)


def sequence_digits(labels: np.ndarray, frames: int = 2) -> np.ndarray:
    """The digit in every frame of sequences labelled by :func:`make_digit_sequences`.

    Args:
        labels: numbers ``0 .. 10**frames - 1``, shape ``(samples,)``.
        frames: frames per sequence.

    Returns:
        int64 ``(samples, frames)``: ``sequence_digits([72, 5]) == [[7, 2], [0, 5]]``.
    """
    frames = positive_int("frames", frames)
    if frames > MAX_SEQUENCE_FRAMES:
        raise ValueError(f"frames must be between 1 and {MAX_SEQUENCE_FRAMES}, got {frames}")
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be integers of shape (samples,), got shape {labels.shape} "
            f"and dtype {labels.dtype}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= 10**frames):
        raise ValueError(
            f"labels must be between 0 and {10**frames - 1} for {frames} frames, "
            f"got values from {labels.min()} to {labels.max()}"
        )
    powers = 10 ** np.arange(frames - 1, -1, -1, dtype=np.int64)  # (frames,), e.g. [10, 1]
    return (labels.astype(np.int64)[:, np.newaxis] // powers) % 10


def shuffled_split(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Split ``(x, y)`` into training and validation parts AFTER a seeded shuffle.

    Keras's ``validation_split`` takes the last samples as they come: on data stored class by class
    it validates on classes the model never trains on. This takes a random ``fraction`` instead.

    Args:
        x, y: arrays with one entry per sample (lists are converted).
        fraction: share of the samples that goes to validation, a number in (0, 1).
        seed: seed of the shuffle, an int >= 0.

    Returns:
        ``(x_train, y_train), (x_val, y_val)``, both parts non-empty.

    Raises:
        TypeError, ValueError: ``fraction`` or ``seed`` of the wrong type or value, ``x`` and ``y``
            of different lengths, or too few samples for two non-empty parts.
    """
    share = fraction("fraction", fraction)
    seed = seed_int("seed", seed)
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim == 0 or y.ndim == 0:
        raise TypeError(f"x and y must be arrays with one entry per sample, got {type(x).__name__}")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    if len(x) < 2:
        raise ValueError(f"x must hold at least 2 samples to split, got {len(x)}")
    n_val = max(1, round(len(x) * share))
    if n_val >= len(x):
        raise ValueError(
            f"fraction={fraction} of {len(x)} samples leaves none for training: "
            "give more samples or a smaller fraction"
        )
    order = np.random.default_rng(seed).permutation(len(x))
    val, train = order[:n_val], order[n_val:]
    return (x[train], y[train]), (x[val], y[val])
