"""Time the vectorised video generator against a frame-by-frame Python loop.

Run from the repository root::

    python benchmarks/bench_generator.py

It prints a markdown table with the median time of each generator at 80 and
1,000 videos and the speed-up.  The loop reference lives here, not in the
package, because it exists only to be compared against; other benchmark
scripts can import it::

    from benchmarks.bench_generator import make_videos_loop_reference

Memory: at 1,000 videos the loop reference builds float64 arrays (about 1 GB
each, 2 GB at its peak); ``make_videos`` returns a 0.5 GB float32 array.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from collections.abc import Callable, Sequence

import numpy as np

from course_utils.video import CLASS_NAMES, DEFAULT_NOISE, make_videos

SIZES_PER_CLASS = (20, 250)  # 80 and 1,000 videos with the four classes
SEED = 0


def _one_frame(top: int, left: int, height: int, width: int, square: int) -> np.ndarray:
    """A black ``(height, width)`` float64 frame with a 255-valued square at (top, left)."""
    frame = np.zeros((height, width))
    frame[top : top + square, left : left + square] = 255
    return frame


def make_videos_loop_reference(
    n_per_class: int,
    seed: int,
    frames: int = 20,
    height: int = 50,
    width: int = 130,
    square: int = 6,
    noise: float = DEFAULT_NOISE,
    classes: Sequence[str] = CLASS_NAMES,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Same data set as ``make_videos``, built one frame at a time in plain Python.

    Written the way the original lesson built its videos: one float64 block of
    shape ``(n_per_class, frames, height, width, 1)`` per class, filled by two
    nested loops (videos, then frames) that draw each frame separately, scale
    it from 0..255 to 0..1 and copy it in; then the blocks are concatenated
    and shuffled.  The trajectories follow the same rules as
    ``course_utils.video.square_positions`` (so the work done is comparable),
    but random numbers are drawn in a different order, so the arrays are not
    identical to ``make_videos``'s for the same seed.

    Returns ``(x, y, class_names)`` with ``x`` float64 of shape
    ``(samples, frames, height, width, 1)`` and ``y`` of shape ``(samples,)``.
    """
    rng = np.random.default_rng(seed)
    row_span = height - square
    col_span = width - square
    margin = min(noise, row_span / 4)

    blocks = []
    for name in classes:
        block = np.zeros((n_per_class, frames, height, width, 1))
        for video in range(n_per_class):
            home_row = rng.uniform(margin, row_span - margin)
            home_col = rng.uniform(margin, col_span - margin)
            for t in range(frames):
                progress = t / (frames - 1)
                if name == "constant":
                    row = home_row + noise * rng.standard_normal()
                    col = home_col + noise * rng.standard_normal()
                else:
                    if name == "sine":
                        wave = math.sin(2 * math.pi * progress)
                        row = row_span / 2 - (row_span / 2 - margin) * wave
                    elif name == "ascending":
                        row = (row_span - margin) - (row_span - 2 * margin) * progress
                    else:
                        row = margin + (row_span - 2 * margin) * progress
                    row += noise * rng.standard_normal()
                    col = col_span * progress
                top = min(max(round(row), 0), row_span)
                left = min(max(round(col), 0), col_span)
                block[video, t, :, :, 0] = _one_frame(top, left, height, width, square) / 255
        blocks.append(block)

    x = np.concatenate(blocks)
    del blocks
    y = np.repeat(np.arange(len(classes)), n_per_class)
    order = rng.permutation(len(y))
    return x[order], y[order], tuple(classes)


def median_seconds(function: Callable[[], object], quick_repeats: int = 7) -> float:
    """Median wall time of ``function()`` after one untimed warm-up call.

    The warm-up also lets the process obtain the memory it needs, so the
    timings compare computation rather than the operating system's first
    page faults.  Calls under 0.2 s are repeated ``quick_repeats`` times,
    longer ones 3 times.
    """
    start = time.perf_counter()
    function()
    warm_up = time.perf_counter() - start
    repeats = quick_repeats if warm_up < 0.2 else 3
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def run(sizes_per_class: Sequence[int] = SIZES_PER_CLASS, seed: int = SEED) -> list[dict]:
    """Time both generators for each ``n_per_class``; one result dict per size."""
    results = []
    for n_per_class in sizes_per_class:
        _check_same_kind_of_data(n_per_class, seed)
        loop = median_seconds(lambda n=n_per_class: make_videos_loop_reference(n, seed))
        vectorised = median_seconds(
            lambda n=n_per_class: make_videos(n, seed, placement="original")
        )
        videos = n_per_class * len(CLASS_NAMES)
        floor = median_seconds(lambda v=videos: _allocate_output(v))
        results.append(
            {
                "videos": videos,
                "n_per_class": n_per_class,
                "loop_s": loop,
                "vectorised_s": vectorised,
                "speedup": loop / vectorised,
                "floor_s": floor,
            }
        )
    return results


def _allocate_output(videos: int, frames: int = 20, height: int = 50, width: int = 130) -> None:
    """Get a zeroed float32 video array from the OS and touch each of its memory pages.

    A lower bound for any generator that returns a new array of this size:
    it shows how much of ``make_videos``'s time is spent obtaining memory.
    """
    flat = np.zeros(videos * frames * height * width, dtype=np.float32)
    flat[:: 4096 // flat.itemsize] = 1.0


def _check_same_kind_of_data(n_per_class: int, seed: int) -> None:
    """Fail loudly if the two generators stop producing comparable data."""
    x_loop, y_loop, _ = make_videos_loop_reference(min(n_per_class, 5), seed)
    x_fast, y_fast, _ = make_videos(min(n_per_class, 5), seed, placement="original")
    assert x_loop.shape == x_fast.shape, (x_loop.shape, x_fast.shape)
    assert np.array_equal(np.bincount(y_loop), np.bincount(y_fast))
    square_pixels = 6 * 6
    assert (x_loop.sum(axis=(2, 3, 4)) == square_pixels).all()
    assert (x_fast.sum(axis=(2, 3, 4)) == square_pixels).all()


def format_table(results: Sequence[dict]) -> str:
    """Render benchmark results as a markdown table."""
    lines = [
        "| videos | n_per_class | loop reference (s) | make_videos (s) | speed-up "
        "| allocate + touch output only (s) |",
        "|-------:|------------:|-------------------:|----------------:|---------:"
        "|---------------------------------:|",
    ]
    for row in results:
        lines.append(
            f"| {row['videos']:,} | {row['n_per_class']} | {row['loop_s']:.3f} "
            f"| {row['vectorised_s']:.4f} | {row['speedup']:.0f}x | {row['floor_s']:.4f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print the table."""
    print(
        f"numpy {np.__version__}, {os.cpu_count()} CPU cores; "
        "median wall time after one warm-up call; 20 frames of 50 x 130 pixels"
    )
    print()
    print(format_table(run()))


if __name__ == "__main__":
    main()
