"""Baselines that are not neural networks: the floors and shortcuts the lessons' models must beat.

- lesson 02: :func:`position_rule`, which names a clip's class from where the square is in one
  frame (a shortcut detector), with :func:`square_centres`;
- lesson 04: :func:`copy_last_frame` and :func:`mean_frame`, the trivial next-frame predictors;
- lesson 06: :func:`nearest_neighbour_dtw`, the 1-NN dynamic-time-warping classifier of the UEA
  archive's published results, with :func:`dtw_distances`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from course_utils.checks import as_clips, check_sequences, positive_int

if TYPE_CHECKING:
    from course_utils.recordings import Recordings


def square_centres(videos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the centre of the lit pixels in every frame, measured from the pixels."""
    clips = as_clips(videos)  # (samples, frames, rows, cols)
    lit = clips > 0.5
    count = lit.sum(axis=(2, 3))
    if (count == 0).any():
        raise ValueError("videos: every frame must show a square, found a blank frame")
    rows = (lit.sum(axis=3) * np.arange(clips.shape[2])).sum(axis=2) / count
    cols = (lit.sum(axis=2) * np.arange(clips.shape[3])).sum(axis=2) / count
    return rows, cols


def position_rule(
    train_videos: np.ndarray,
    train_labels: np.ndarray,
    videos: np.ndarray,
    frame: int = 0,
    neighbours: int = 9,
) -> np.ndarray:
    """A shortcut detector: name each clip's class from where the square is in ONE frame.

    Each clip of ``videos`` gets the majority label of the ``neighbours`` training clips whose
    square, in frame ``frame``, is nearest to its own (in pixels). If this rule, which knows
    nothing of motion, scores far above chance, one frame gives the class away.
    """
    neighbours = positive_int("neighbours", neighbours)
    frame = positive_int("frame", frame, minimum=0)
    labels = np.asarray(train_labels)
    if labels.ndim != 1 or len(labels) != len(train_videos):
        raise ValueError(
            f"train_labels must hold one int label per training clip ({len(train_videos)}), "
            f"got shape {labels.shape}"
        )
    if frame >= np.shape(videos)[1] or frame >= np.shape(train_videos)[1]:
        raise ValueError(f"frame must be < the clips' {np.shape(videos)[1]} frames, got {frame}")
    known = np.stack(square_centres(train_videos[:, frame : frame + 1]), axis=-1)[:, 0]
    asked = np.stack(square_centres(videos[:, frame : frame + 1]), axis=-1)[:, 0]
    distances = ((asked[:, None, :] - known[None, :, :]) ** 2).sum(axis=-1)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :neighbours]
    n_classes = int(labels.max()) + 1
    votes = np.stack([np.bincount(row, minlength=n_classes) for row in labels[nearest]])
    return votes.argmax(axis=1).astype(np.int64)


def copy_last_frame(inputs: np.ndarray, horizon: int = 10) -> np.ndarray:
    """Baseline: each future frame is the last frame seen: ``(samples, horizon, rows, cols, 1)``."""
    inputs = check_sequences(inputs)
    horizon = positive_int("horizon", horizon)
    return np.repeat(inputs[:, -1:], horizon, axis=1)


def mean_frame(train_videos: np.ndarray, n: int, horizon: int = 10) -> np.ndarray:
    """Baseline: every future frame is the average training frame (the same for every sequence)."""
    train_videos = check_sequences(train_videos)
    n = positive_int("n", n)
    horizon = positive_int("horizon", horizon)
    average = train_videos.mean(axis=(0, 1), dtype=np.float64).astype(np.float32)
    return np.broadcast_to(average, (n, horizon, *average.shape)).copy()


def dtw_distances(
    a: np.ndarray, lengths_a: np.ndarray, b: np.ndarray, lengths_b: np.ndarray, chunk: int = 32
) -> np.ndarray:
    """Dependent dynamic time warping distance between every recording of ``a`` and of ``b``.

    "Dependent" (DTW_D): one warping path for all channels together, the cost of matching step
    ``i`` of one recording with step ``j`` of the other being the squared Euclidean distance
    between their channel vectors; no window constraint. The distance is the cheapest path's total
    cost from the first steps to the last REAL steps (padding is never visited).
    """
    if a.ndim != 3 or b.ndim != 3 or a.shape[2] != b.shape[2]:
        raise ValueError(f"a and b must be (samples, time, channels) alike: {a.shape}, {b.shape}")
    from course_utils.recordings import step_mask

    step_mask(lengths_a, a.shape[1]), step_mask(lengths_b, b.shape[1])  # validates the lengths
    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    out = np.empty((len(a), len(b)))
    for start in range(0, len(a), chunk):
        part = a64[start:start + chunk]
        # cost[i, j, p, q] = |part[p, i] - b[q, j]|^2 (steps first: each update is one slab)
        cost = (np.einsum("pic,pic->ip", part, part)[:, None, :, None]
                + np.einsum("qjc,qjc->jq", b64, b64)[None, :, None, :]
                - 2.0 * np.einsum("pic,qjc->ijpq", part, b64))
        total = np.full((cost.shape[0] + 1, cost.shape[1] + 1, *cost.shape[2:]), np.inf)
        total[0, 0] = 0.0
        for i in range(1, cost.shape[0] + 1):
            for j in range(1, cost.shape[1] + 1):
                best = np.minimum(np.minimum(total[i - 1, j], total[i, j - 1]), total[i - 1, j - 1])
                total[i, j] = cost[i - 1, j - 1] + best
        rows = lengths_a[start:start + chunk]
        out[start:start + chunk] = total[rows[:, None], lengths_b[None, :],
                                         np.arange(len(part))[:, None], np.arange(len(b))[None, :]]
    return out


def nearest_neighbour_dtw(data: Recordings, test_index: np.ndarray | None = None) -> np.ndarray:
    """1-NN DTW_D on the fixed split: each test recording gets its nearest training one's class.

    Works on the recordings as the archive ships them (no normalisation).
    """
    index = np.arange(len(data.x_test)) if test_index is None else np.asarray(test_index)
    distances = dtw_distances(data.x_test[index], data.lengths_test[index], data.x_train,
                              data.lengths_train)
    return data.y_train[np.argmin(distances, axis=1)]
