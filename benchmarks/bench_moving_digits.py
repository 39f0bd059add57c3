"""Time the vectorised Moving MNIST generator against a plain per-frame loop, in one run.

Run from the repository root::

    python benchmarks/bench_moving_digits.py

For 1,000 sequences of 20 frames, at the standard size (64 × 64, two 28 × 28 digits) and at
lesson 04's size (32 × 32, two 14 × 14 digits), it times, median of 3 runs each:

* ``make_moving_digits`` (``course_utils.moving_digits``): closed-form bounces for all positions,
  one strided assignment per digit for the whole data set;
* the loop reference below: the same random draws, then for every sequence, every frame and every
  digit, one step of the bounce in Python and one ``np.maximum`` into a slice of the frame. It
  makes the same arrays (checked here, pixel for pixel), so the two do the same work;
* "memory alone": getting a zeroed float32 array of the output's size and touching every page,
  the floor under any generator that returns a new array.

It prints a markdown table and writes it to ``benchmarks/moving_digits.md``, with the load average.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from course_utils import data
from course_utils.moving_digits import make_moving_digits, resize_digits

N = 1_000
REPEATS = 3
SEED = 0
GEOMETRIES = {
    "standard, 64 × 64, 28 × 28 digits": {"size": 64, "digit_size": 28},
    "lesson 04, 32 × 32, 14 × 14 digits": {"size": 32, "digit_size": 14},
}
OUTPUT = Path(__file__).resolve().parent / "moving_digits.md"


def make_moving_digits_loop(
    images: np.ndarray,
    n: int,
    seed: int,
    *,
    frames: int = 20,
    size: int = 64,
    digits: int = 2,
    digit_size: int = 28,
) -> np.ndarray:
    """The same sequences as ``make_moving_digits``, built one frame and one digit at a time."""
    rng = np.random.default_rng(seed)
    free = size - digit_size
    speed = 0.1 * free
    which = rng.integers(0, len(images), size=(n, digits))  # same draws, same order
    start = rng.uniform(0.0, free, size=(n, 1, digits, 2))
    angle = rng.uniform(0.0, 2 * np.pi, size=(n, 1, digits))
    videos = np.zeros((n, frames, size, size, 1), dtype=np.float32)
    for i in range(n):
        for k in range(digits):
            digit = resize_digits(images[which[i, k]][None], digit_size)[0]
            row, col = start[i, 0, k]
            v_row, v_col = speed * np.sin(angle[i, 0, k]), speed * np.cos(angle[i, 0, k])
            for t in range(frames):
                r, c = round(row), round(col)
                window = videos[i, t, r : r + digit_size, c : c + digit_size, 0]
                np.maximum(window, digit, out=window)
                row, col = row + v_row, col + v_col
                if row < 0 or row > free:  # bounce off the top or bottom edge
                    row, v_row = (-row if row < 0 else 2 * free - row), -v_row
                if col < 0 or col > free:  # bounce off the left or right edge
                    col, v_col = (-col if col < 0 else 2 * free - col), -v_col
    return videos


def memory_alone(n: int, size: int, frames: int = 20) -> np.ndarray:
    """A zeroed float32 array of the output's size, every page touched once."""
    videos = np.empty((n, frames, size, size, 1), dtype=np.float32)
    videos.fill(0.0)
    return videos


def median_seconds(make: Callable[[], np.ndarray]) -> tuple[float, np.ndarray]:
    times, result = [], None
    for _ in range(REPEATS):
        result = None  # free the previous array first, so each run gets fresh memory
        start = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> str:
    (x_train, _), _ = data.load_mnist("sample", verbose=False)
    rows = []
    for name, geometry in GEOMETRIES.items():
        fast, videos = median_seconds(lambda g=geometry: make_moving_digits(x_train, N, SEED, **g))
        slow, reference = median_seconds(
            lambda g=geometry: make_moving_digits_loop(x_train, N, SEED, **g)
        )
        same = float(np.mean(videos == reference))
        floor, _ = median_seconds(lambda g=geometry: memory_alone(N, g["size"]))
        rows.append(
            f"| {name} | {videos.nbytes / 2**20:,.0f} MB | {slow:.3f} s | {fast:.3f} s | "
            f"{slow / fast:.1f}× | {floor:.3f} s | {same:.4%} |"
        )
        del videos, reference
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table = "\n".join(
        [
            f"Moving MNIST generator, {N:,} sequences of 20 frames, median of {REPEATS} runs "
            f"(load average {load} on {os.cpu_count()} cores).",
            "",
            "| geometry | output | per-frame loop | `make_moving_digits` | speed-up | "
            "memory alone | pixels identical |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )
    print(table)
    OUTPUT.write_text(table + "\n", encoding="utf-8")
    return table


if __name__ == "__main__":
    main()
