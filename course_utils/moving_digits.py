"""Moving MNIST, generated offline: handwritten digits that glide across a canvas and bounce.

The standard data set of video prediction (Srivastava et al. 2015, arXiv 1502.04681; used by Shi
et al. 2015 for the ConvLSTM, and by OpenSTL's benchmark) is 20 frames of 64 × 64 pixels in which
two 28 × 28 MNIST digits move in straight lines, each with its own direction, and bounce off the
edges; a model reads the first 10 frames and predicts the next 10. :func:`make_moving_digits`
generates such sequences from any set of digit images, seeded and vectorised, at the standard
size or smaller ones for a CPU::

    (x_train, _), (x_test, _) = data.load_mnist()
    train = make_moving_digits(x_train, n=2000, seed=1)                   # 64 × 64, 2 digits
    small = make_moving_digits(x_test, n=500, seed=2, size=32, digit_size=14)

Rules, the same as the standard generator's:

* each sequence draws ``digits`` images from the pool it is given (training sequences from the
  training digits, test sequences from the test digits: then the two share no image);
* each digit starts at a uniformly random place on the canvas (its top-left corner in
  ``0 .. size - digit_size``) and moves ``speed`` pixels per frame in a uniformly random direction;
  at an edge it bounces (the position is reflected back into the canvas), so the whole digit is
  on the canvas in every frame;
* positions are rounded to whole pixels; where digits overlap, a pixel takes the **maximum** of
  their values (the standard choice: strokes never add up to more than white);
* pixels are float32 in [0, 1], shape ``(samples, frames, size, size, 1)``.

Digits smaller than 28 × 28 are the MNIST images averaged over ``k × k`` blocks, for
``digit_size = 28 / k`` (14, 7, 4).

Vectorised: all positions come from one closed-form bounce (a triangle wave of the unbounded
straight line), and each digit is pasted into every frame of every sequence by ONE strided
assignment (a window view of the canvas, indexed by sequence, frame, row and column), instead of
a Python loop over sequences and frames (``benchmarks/bench_moving_digits.py`` times the two).
Nothing runs at import time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

__all__ = [
    "MNIST_DIGIT_SIZE",
    "STANDARD",
    "MovingDigits",
    "bounce",
    "digit_trajectories",
    "make_moving_digits",
    "paint_digits",
    "resize_digits",
]

#: Side of an MNIST image, in pixels.
MNIST_DIGIT_SIZE = 28

#: The standard Moving MNIST geometry: 20 frames (10 in, 10 to predict), 64 × 64, two 28 × 28
#: digits, moving 10% of the free range (0.1 × 36 = 3.6 pixels) per frame.
STANDARD = {"frames": 20, "size": 64, "digits": 2, "digit_size": 28, "speed": 3.6}


# ----------------------------------------------------------------------------- argument checks


def _int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {name}={value}")
    return int(value)


def _speed(speed: object, free: int) -> float:
    if isinstance(speed, bool) or not isinstance(speed, Real):
        raise TypeError(f"speed must be a number of pixels per frame, got {speed!r}")
    if not math.isfinite(speed) or speed < 0:
        raise ValueError(f"speed must be a finite number of pixels per frame >= 0, got {speed}")
    if free > 0 and speed > free:
        raise ValueError(
            f"speed must be at most size - digit_size = {free} pixels per frame (a digit may "
            f"not cross the whole canvas in one frame), got speed={speed}"
        )
    return float(speed)


def _geometry(size: object, digit_size: object) -> tuple[int, int]:
    digit_size = _int("digit_size", digit_size, 1)
    if MNIST_DIGIT_SIZE % digit_size:
        raise ValueError(
            f"digit_size must divide {MNIST_DIGIT_SIZE} (28, 14, 7, 4, 2 or 1: MNIST digits are "
            f"shrunk by averaging k × k blocks), got digit_size={digit_size}"
        )
    size = _int("size", size, 1)
    if size <= digit_size:
        raise ValueError(
            f"size must be larger than digit_size={digit_size} so that digits can move, "
            f"got size={size}"
        )
    return size, digit_size


def _check_digit_images(images: object) -> np.ndarray:
    """Check digits ``(samples, 28, 28[, 1])``, uint8 or float in [0, 1]; return them 3-D."""
    if not isinstance(images, np.ndarray):
        raise TypeError(f"images must be a NumPy array of digits, got {type(images).__name__}")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or images.shape[1:] != (MNIST_DIGIT_SIZE, MNIST_DIGIT_SIZE):
        raise ValueError(
            "images must be MNIST digits of shape (samples, 28, 28) or (samples, 28, 28, 1), "
            f"got shape {images.shape}"
        )
    if len(images) == 0:
        raise ValueError("images must hold at least one digit, got an empty array")
    if images.dtype == np.uint8:
        return images
    if not np.issubdtype(images.dtype, np.floating):
        raise TypeError(
            f"images must be uint8 (0-255) or float in [0, 1], got dtype {images.dtype}"
        )
    if float(images.min()) < 0.0 or float(images.max()) > 1.0:
        raise ValueError(
            f"float images must hold values in [0, 1], got {images.min()} to {images.max()}"
        )
    return images


def _as_float(images: np.ndarray) -> np.ndarray:
    """Checked digits as float32 in [0, 1]."""
    if images.dtype == np.uint8:
        return images.astype(np.float32) / 255.0
    return images.astype(np.float32, copy=False)


# ----------------------------------------------------------------------------- the generator


def resize_digits(images: np.ndarray, digit_size: int) -> np.ndarray:
    """Shrink 28 × 28 digits by averaging ``k × k`` blocks, ``k = 28 // digit_size``.

    Args:
        images: uint8 or float digits ``(samples, 28, 28)`` (or with a channel axis of 1).
        digit_size: 28 (unchanged), 14, 7, 4, 2 or 1.

    Returns:
        float32 ``(samples, digit_size, digit_size)`` in [0, 1].
    """
    pixels = _as_float(_check_digit_images(images))
    _geometry(digit_size + 1, digit_size)
    k = MNIST_DIGIT_SIZE // digit_size
    if k == 1:
        return pixels
    return pixels.reshape(len(pixels), digit_size, k, digit_size, k).mean(axis=(2, 4))


def bounce(unbounded: np.ndarray, free: int) -> np.ndarray:
    """Fold straight-line positions back into ``[0, free]`` as if they bounced off both ends.

    A point moving at constant speed between two walls follows a triangle wave of its unbounded
    path: ``free - |(p mod 2·free) - free|``. Works on arrays of any shape.
    """
    if free == 0:
        return np.zeros_like(unbounded)
    return free - np.abs(np.mod(unbounded, 2 * free) - free)


def digit_trajectories(
    n: int,
    rng: np.random.Generator,
    *,
    frames: int,
    size: int,
    digit_size: int,
    digits: int,
    speed: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners of every digit in every frame, bouncing inside the canvas.

    Returns:
        ``(rows, cols)``, int64 ``(n, frames, digits)``, in ``0 .. size - digit_size``.
    """
    free = size - digit_size
    start = rng.uniform(0.0, free, size=(n, 1, digits, 2))  # (row, col) of each digit
    angle = rng.uniform(0.0, 2 * np.pi, size=(n, 1, digits))
    velocity = speed * np.stack([np.sin(angle), np.cos(angle)], axis=-1)  # (n, 1, digits, 2)
    t = np.arange(frames, dtype=np.float64)[None, :, None, None]  # (1, frames, 1, 1)
    position = np.rint(bounce(start + t * velocity, free)).astype(np.int64)
    return position[..., 0], position[..., 1]


def paint_digits(
    pixels: np.ndarray, which: np.ndarray, rows: np.ndarray, cols: np.ndarray, size: int
) -> np.ndarray:
    """Paste digits into frames, vectorised, combining overlaps by their maximum.

    Args:
        pixels: the digit images, float32 ``(pool, d, d)`` in [0, 1].
        which: int ``(samples, digits)``: the image of each digit of each sequence.
        rows, cols: int ``(samples, frames, digits)``: each digit's top-left corner per frame,
            in ``0 .. size - d``.
        size: side of the canvas.

    Returns:
        float32 ``(samples, frames, size, size, 1)``.
    """
    n, frames, digits = rows.shape
    d = pixels.shape[-1]
    videos = np.empty((n, frames, size, size, 1), dtype=np.float32)
    videos.fill(0.0)  # touch the new pages in order: scattered first writes are much slower
    # Every d × d window of every frame, as a view (no copy): (n, frames, size-d+1, size-d+1, d, d).
    windows = np.lib.stride_tricks.sliding_window_view(
        videos[..., 0], (d, d), axis=(2, 3), writeable=True
    )
    sample = np.arange(n)[:, None]  # (n, 1)
    frame = np.arange(frames)[None, :]  # (1, frames)
    for k in range(digits):  # two digits: two strided assignments for the whole data set
        image = pixels[which[:, k]][:, None]  # (n, 1, d, d), the same image in every frame
        place = (sample, frame, rows[..., k], cols[..., k])
        windows[place] = image if k == 0 else np.maximum(windows[place], image)
    return videos


@dataclass(frozen=True)
class MovingDigits:
    """Sequences of moving digits and how they were made.

    Attributes:
        videos: float32 ``(samples, frames, size, size, 1)`` in [0, 1].
        image_index: int64 ``(samples, digits)``: which image of the pool each digit is.
        rows, cols: int64 ``(samples, frames, digits)``: each digit's top-left corner per frame.
        digit_size: side of the (possibly shrunk) digits.
    """

    videos: np.ndarray
    image_index: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    digit_size: int


def make_moving_digits(
    images: np.ndarray,
    n: int,
    seed: int,
    *,
    frames: int = 20,
    size: int = 64,
    digits: int = 2,
    digit_size: int = 28,
    speed: float | None = None,
    return_details: bool = False,
) -> np.ndarray | MovingDigits:
    """Moving MNIST sequences: ``digits`` digits from ``images`` bouncing on a ``size²`` canvas.

    Args:
        images: the pool of digits, uint8 ``(pool, 28, 28)`` as ``data.load_mnist`` returns them
            (or float in [0, 1]); give training digits for training sequences and test digits for
            test sequences.
        n: number of sequences.
        seed: seed of the draw; the same seed and arguments give the same arrays.
        frames: frames per sequence (the standard: 20, 10 to read and 10 to predict).
        size: side of the square canvas in pixels (standard 64).
        digits: digits per sequence (standard 2).
        digit_size: side of the digits: 28 (standard) or 14, 7, 4 (shrunk by block averaging).
        speed: pixels moved per frame; default 10% of the free range, ``0.1 · (size - digit_size)``
            (3.6 at the standard size).
        return_details: return a :class:`MovingDigits` (videos, image index, positions) instead
            of the videos alone.

    Returns:
        float32 ``(n, frames, size, size, 1)`` in [0, 1], or a :class:`MovingDigits`.

    Raises:
        TypeError: an argument has the wrong type (e.g. ``n=2.5``, ``images`` a list).
        ValueError: an argument is out of range (e.g. ``size <= digit_size``).
    """
    pool = _check_digit_images(images)
    n = _int("n", n, 1)
    seed = _int("seed", seed, 0)
    frames = _int("frames", frames, 1)
    digits = _int("digits", digits, 1)
    size, digit_size = _geometry(size, digit_size)
    free = size - digit_size
    speed = _speed(0.1 * free if speed is None else speed, free)

    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(pool), size=(n, digits))
    rows, cols = digit_trajectories(
        n, rng, frames=frames, size=size, digit_size=digit_size, digits=digits, speed=speed
    )
    used, inverse = np.unique(which, return_inverse=True)  # convert only the images used
    pixels = resize_digits(pool[used], digit_size)
    videos = paint_digits(pixels, inverse.reshape(which.shape), rows, cols, size)
    if return_details:
        return MovingDigits(videos, which, rows, cols, digit_size)
    return videos
