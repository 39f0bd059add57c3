"""Moving MNIST, generated offline: handwritten digits that glide across a canvas and bounce.

The standard data set of video prediction (Srivastava et al. 2015; Shi et al. 2015; OpenSTL) is
20 frames of 64 × 64 pixels in which two 28 × 28 MNIST digits move in straight lines and bounce
off the edges. :func:`make_moving_digits` follows its rules, seeded and vectorised, at that size
or smaller ones:

* each sequence draws ``digits`` images from the pool it is given (training sequences from the
  training digits, test sequences from the test digits: then the two share no image);
* each digit starts at a uniformly random place and moves ``speed`` pixels per frame in a
  uniformly random direction; at an edge it bounces, so the whole digit is on the canvas in every
  frame; positions are rounded to whole pixels;
* where digits overlap, a pixel takes the **maximum** of their values;
* digits smaller than 28 × 28 are the MNIST images averaged over ``k × k`` blocks.

All positions come from one closed-form bounce, and each digit is pasted into every frame of every
sequence by one strided assignment (``benchmarks/bench_moving_digits.py`` times it against a loop).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

#: Side of an MNIST image, in pixels.
MNIST_DIGIT_SIZE = 28


def _int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {name}={value}")
    return int(value)


def _check_digits(images: object, digit_size: object) -> tuple[np.ndarray, int]:
    """The pool as float32 ``(samples, 28, 28)`` in [0, 1], and the checked ``digit_size``."""
    if not isinstance(images, np.ndarray):
        raise TypeError(f"images must be a NumPy array of digits, got {type(images).__name__}")
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3 or images.shape[1:] != (MNIST_DIGIT_SIZE, MNIST_DIGIT_SIZE):
        raise ValueError("images must be MNIST digits of shape (samples, 28, 28) or (samples, "
                         f"28, 28, 1), got shape {images.shape}")
    if len(images) == 0:
        raise ValueError("images must hold at least one digit, got an empty array")
    if images.dtype != np.uint8 and not np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"images must be uint8 (0-255) or float in [0, 1], got {images.dtype}")
    if images.dtype != np.uint8 and (images.min() < 0.0 or images.max() > 1.0):
        raise ValueError(f"float images must hold values in [0, 1], got {images.min()} to "
                         f"{images.max()}")
    digit_size = _int("digit_size", digit_size, 1)
    if MNIST_DIGIT_SIZE % digit_size:
        raise ValueError("digit_size must divide 28 (28, 14, 7, 4, 2 or 1: digits are shrunk by "
                         f"averaging k × k blocks), got digit_size={digit_size}")
    return images, digit_size


def resize_digits(images: np.ndarray, digit_size: int) -> np.ndarray:
    """Shrink 28 × 28 digits (uint8 or float) by averaging ``k × k`` blocks, ``k = 28 //
    digit_size``: float32 ``(samples, digit_size, digit_size)`` in [0, 1]."""
    images, digit_size = _check_digits(images, digit_size)
    pixels = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else (
        images.astype(np.float32, copy=False))
    k = MNIST_DIGIT_SIZE // digit_size
    if k == 1:
        return pixels
    return pixels.reshape(len(pixels), digit_size, k, digit_size, k).mean(axis=(2, 4))


def bounce(unbounded: np.ndarray, free: int) -> np.ndarray:
    """Fold straight-line positions back into ``[0, free]`` as if they bounced off both ends:
    the triangle wave ``free - |(p mod 2·free) - free|``."""
    if free == 0:
        return np.zeros_like(unbounded)
    return free - np.abs(np.mod(unbounded, 2 * free) - free)


@dataclass(frozen=True)
class MovingDigits:
    """Sequences and how they were made: ``videos`` float32 ``(samples, frames, size, size, 1)``;
    ``image_index`` ``(samples, digits)``, the image of the pool each digit is; ``rows``, ``cols``
    ``(samples, frames, digits)``, each digit's top-left corner per frame; ``digit_size``."""

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
    """Moving MNIST sequences: ``digits`` digits from ``images`` bouncing on a ``size²`` canvas."""
    pool, digit_size = _check_digits(images, digit_size)
    n, seed = _int("n", n, 1), _int("seed", seed, 0)
    frames, digits = _int("frames", frames, 1), _int("digits", digits, 1)
    size = _int("size", size, 1)
    if size <= digit_size:
        raise ValueError(f"size must be larger than digit_size={digit_size} so that digits can "
                         f"move, got size={size}")
    free = size - digit_size
    speed = 0.1 * free if speed is None else speed
    if isinstance(speed, bool) or not isinstance(speed, Real):
        raise TypeError(f"speed must be a number of pixels per frame, got {speed!r}")
    if not math.isfinite(speed) or not 0 <= speed <= free:
        raise ValueError(f"speed must be 0 to at most size - digit_size = {free} pixels per "
                         f"frame, got speed={speed}")

    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(pool), size=(n, digits))
    start = rng.uniform(0.0, free, size=(n, 1, digits, 2))  # (row, col) of each digit
    angle = rng.uniform(0.0, 2 * np.pi, size=(n, 1, digits))
    velocity = speed * np.stack([np.sin(angle), np.cos(angle)], axis=-1)  # (n, 1, digits, 2)
    t = np.arange(frames, dtype=np.float64)[None, :, None, None]
    position = np.rint(bounce(start + t * velocity, free)).astype(np.int64)
    rows, cols = position[..., 0], position[..., 1]  # (n, frames, digits)

    used, inverse = np.unique(which, return_inverse=True)  # convert only the images used
    pixels = resize_digits(pool[used], digit_size)
    inverse = inverse.reshape(which.shape)
    videos = np.empty((n, frames, size, size, 1), dtype=np.float32)
    videos.fill(0.0)  # touch the new pages in order: scattered first writes are much slower
    # every d × d window of every frame, as a writeable view: (n, frames, free+1, free+1, d, d)
    windows = np.lib.stride_tricks.sliding_window_view(
        videos[..., 0], (digit_size, digit_size), axis=(2, 3), writeable=True)
    place = (np.arange(n)[:, None], np.arange(frames)[None, :])
    for k in range(digits):  # one strided assignment per digit for the whole data set
        image = pixels[inverse[:, k]][:, None]  # (n, 1, d, d), the same image in every frame
        at = (*place, rows[..., k], cols[..., k])
        windows[at] = image if k == 0 else np.maximum(windows[at], image)
    if return_details:
        return MovingDigits(videos, which, rows, cols, digit_size)
    return videos
