"""The original video lesson's generator, rebuilt faithfully for timing comparisons (not teaching).

Its generator is written the way the original lesson wrote it: nested Python loops over videos and
frames, one float64 frame at a time on a 0-255 scale divided by 255, the global NumPy random state,
and classes concatenated in order. Its geometry and its bugs are kept on purpose, since the point is
to time what students were given:

- the "constant" square is centred near row 65 of a 50-row frame, so those videos are blank;
- row indices grow downwards, so "ascending" moves down the screen and "descending" up;
- a square centred within 3 pixels of an edge is cut, or vanishes (NumPy slices with a negative
  start select nothing).
"""

from __future__ import annotations

import math

import numpy as np

FRAMES, HEIGHT, WIDTH, HALF = 20, 50, 130, 3
CLASSES = ("sine", "constant", "ascending", "descending")
N_PER_CLASS = 20  # 80 videos


def _frame(col: int, row: int) -> np.ndarray:
    """One float64 frame, 0-255, with a 6x6 square centred at (row, col), clipped like slicing."""
    frame = np.zeros((HEIGHT, WIDTH))
    frame[row - HALF : row + HALF, col - HALF : col + HALF] = 255
    return frame


def _position(name: str, step: int, wave: np.ndarray) -> tuple[int, int]:
    """(col, row) of the square centre at 0-based ``step``, with the lesson's formulas."""
    if name == "sine":
        return 6 * (step + 1), int(np.round(23 * (wave[step] + 1) + 4))
    if name == "constant":
        return int(np.round(25 + np.random.randn(1)[0])), int(np.round(65 + np.random.randn(1)[0]))
    rise = 2 * (step + 1) if name == "ascending" else 2 * (FRAMES - step)
    return 6 * (step + 1), int(np.round(rise + 2 + np.random.randn(1)[0]))


def make_seed_videos(
    n_per_class: int = N_PER_CLASS, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The lesson's videos, float64 ``(samples, 20, 50, 130, 1)`` in class order, and labels."""
    np.random.seed(seed)
    t = np.linspace(math.pi / 10, 2 * math.pi, num=FRAMES)
    blocks = []
    for name in CLASSES:
        block = np.zeros((n_per_class, FRAMES, HEIGHT, WIDTH, 1))
        for video in range(n_per_class):
            wave = (np.sin(t) + 0.05 * np.random.randn(1, FRAMES)).flatten()
            for step in range(FRAMES):
                col, row = _position(name, step, wave)
                block[video, step, :, :, 0] = _frame(col, row) / 255
        blocks.append(block)
    labels = np.repeat(np.arange(len(CLASSES)), n_per_class)
    return np.concatenate(blocks), labels
