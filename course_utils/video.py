"""Synthetic videos of a moving square (lessons 02 and 03).

Each clip is ``frames`` grey-scale images in which a ``square x square`` white block moves; its
class is how it moves. ``placement="random"`` (the course's task): every clip crosses the frame
sideways, left to right or right to left at random, from a random height, and the class is only in
how its height changes: ``"sine"`` (one period, random phase), ``"constant"``, ``"ascending"``
(rises by ``RISE`` of the usable rows) and ``"descending"``, which is exactly an ascending clip
played backwards. ``placement="original"``: the original lesson's layout, in which every class
starts in its own place, so that one frame tells the class (lesson 02's shortcut pitfall).

Row 0 is the *top* of the frame: moving up means the row index falls. Positions are the square's
top-left corner, always inside the frame. Shapes: positions ``(samples, frames)``, videos
``(samples, frames, rows, cols, 1)`` float32 in {0, 1}, labels ``(samples,)`` int64.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np

#: The four motion classes, in the default label order (label ``i`` is ``CLASS_NAMES[i]``).
CLASS_NAMES: tuple[str, ...] = ("sine", "constant", "ascending", "descending")
#: Standard deviation, in pixels, of the per-frame jitter of the square's row (and column).
DEFAULT_NOISE = 1.0
#: ``"random"``: the class only in the motion; ``"original"``: the original lesson's layout.
PLACEMENTS = ("random", "original")
#: ``placement="random"``: the sideways travel, as a fraction of the valid columns (edge to edge).
HORIZONTAL_TRAVEL = 1.0
#: ``placement="random"``: how far an ascending square rises, as a fraction of the usable rows.
RISE = 0.4
#: ``placement="random"``: the sine's amplitude, as a fraction of the usable rows.
SINE_AMPLITUDE = 0.2


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}; "
            f"pass a whole number such as {max(minimum, 1)}"
        )
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {name}={value}")
    return int(value)


def _check_noise(noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, Real):
        raise TypeError(f"noise must be a number of pixels, got {type(noise).__name__} {noise!r}")
    if not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (pixels), got noise={noise}")
    return float(noise)


def _check_geometry(frames: object, height: object, width: object, square: object) -> tuple:
    """The clip geometry as ints; the frame must leave the square room to move (2 x its size)."""
    frames, square = _check_int("frames", frames, 2), _check_int("square", square, 1)
    height, width = _check_int("height", height, 1), _check_int("width", width, 1)
    for name, size in (("height", height), ("width", width)):
        if size < 2 * square:
            raise ValueError(
                f"{name} must be at least 2 * square = {2 * square} pixels so the square has "
                f"room to move, got {name}={size} with square={square}; "
                f"enlarge the frame or use a smaller square"
            )
    return frames, height, width, square


def _check_class_name(name: object, argument: str = "class_name") -> str:
    if name not in CLASS_NAMES:
        known = ", ".join(repr(known) for known in CLASS_NAMES)
        raise ValueError(f"{argument}: unknown class name {name!r}; known names are {known}")
    return str(name)


def _check_class_names(classes: object) -> tuple[str, ...]:
    if isinstance(classes, str) or not isinstance(classes, Sequence):
        raise TypeError(
            f"classes must be a sequence of class names such as {CLASS_NAMES!r}, "
            f"got {type(classes).__name__} {classes!r}; wrap a single name in a tuple: ('sine',)"
        )
    names = tuple(_check_class_name(name, argument="classes") for name in classes)
    if not names:
        raise ValueError(f"classes must name at least one class out of {CLASS_NAMES!r}, got ()")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(
            f"classes must not repeat a class, got {names!r} (repeated: "
            f"{', '.join(map(repr, repeated))})"
        )
    return names


def _check_placement(placement: object) -> str:
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {PLACEMENTS}, got placement={placement!r}")
    return str(placement)


def _make_rng(seed: object) -> np.random.Generator:
    return np.random.default_rng(_check_int("seed", seed, 0))


def square_positions(
    class_name: str,
    n_videos: int,
    seed: int | np.random.Generator,
    *,
    frames: int = 20,
    height: int = 50,
    width: int = 130,
    square: int = 6,
    noise: float = DEFAULT_NOISE,
    placement: str = "random",
) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners of the square, ``rows, cols`` int64 ``(n_videos, frames)``, of one class.

    ``seed`` is an int or a ``numpy.random.Generator`` (``make_videos`` passes its own). Rows keep
    ``margin = min(noise, (height - square) / 4)`` pixels from the edges before a Gaussian jitter
    of ``noise`` pixels is added; positions are then rounded and clipped into the frame.

    ``placement="random"``: every class crosses ``HORIZONTAL_TRAVEL`` of the width, left or right
    at random; ``"ascending"`` rises by ``RISE`` of the usable rows from a random start,
    ``"constant"`` keeps the height of a random moment of such a clip, ``"sine"`` follows one
    period of amplitude ``SINE_AMPLITUDE`` with a random phase and centre. With the same seed,
    ``"descending"`` gives the ``"ascending"`` positions reversed in time (``[:, ::-1]``).

    ``placement="original"``: moving classes step from the left edge to the right; "ascending"
    runs bottom to top, "descending" top to bottom, "sine" one period around the centre (up
    first), and "constant" jitters at the centre of the frame.
    """
    class_name = _check_class_name(class_name)
    n_videos = _check_int("n_videos", n_videos, 1)
    frames, height, width, square = _check_geometry(frames, height, width, square)
    noise = _check_noise(noise)
    placement = _check_placement(placement)
    rng = seed if isinstance(seed, np.random.Generator) else _make_rng(seed)

    row_span, col_span = height - square, width - square  # valid top-left rows 0 .. row_span
    margin = min(noise, row_span / 4)
    progress = np.linspace(0.0, 1.0, frames)  # 0 at the first frame, 1 at the last
    if placement == "original":
        rows, cols = _original_rows_cols(class_name, n_videos, rng, progress, noise, row_span,
                                         col_span, margin)
    elif class_name == "descending":  # an ascending clip played backwards
        rows, cols = _random_rows_cols("ascending", n_videos, rng, progress, noise, row_span,
                                       col_span, margin)
        rows, cols = rows[:, ::-1], cols[:, ::-1]
    else:
        rows, cols = _random_rows_cols(class_name, n_videos, rng, progress, noise, row_span,
                                       col_span, margin)
    rows = np.clip(np.rint(rows), 0, row_span).astype(np.int64)
    cols = np.clip(np.rint(cols), 0, col_span).astype(np.int64)
    return np.ascontiguousarray(rows), np.ascontiguousarray(cols)


def _random_rows_cols(class_name, n_videos, rng, progress, noise, row_span, col_span, margin):
    """Float rows and columns of ``placement="random"``. Every class draws its start column and
    direction first, in the same order, so one seed moves every class the same way sideways."""
    shape = (n_videos, 1)
    travel = HORIZONTAL_TRAVEL * col_span
    start_col = rng.uniform(0.0, col_span - travel, size=shape)
    leftwards = rng.random(shape) < 0.5
    cols = start_col + travel * np.where(leftwards, 1.0 - progress, progress)

    usable = row_span - 2 * margin  # rows margin .. row_span - margin
    rise = RISE * usable
    if class_name in ("constant", "ascending"):
        start_row = rng.uniform(margin + rise, row_span - margin, size=shape)
    if class_name == "constant":  # frozen at the height of a random moment of an ascending clip
        path = np.repeat(start_row - rise * rng.random(shape), progress.size, axis=1)
    elif class_name == "ascending":
        path = start_row - rise * progress  # the row index falls: the square rises
    else:  # "sine"
        amplitude = SINE_AMPLITUDE * usable
        centre = rng.uniform(margin + amplitude, row_span - margin - amplitude, size=shape)
        phase = rng.uniform(0.0, 2 * np.pi, size=shape)
        path = centre - amplitude * np.sin(2 * np.pi * progress + phase)
    return path + noise * rng.standard_normal((n_videos, progress.size)), cols


def _original_rows_cols(class_name, n_videos, rng, progress, noise, row_span, col_span, margin):
    """Float rows and columns of ``placement="original"``."""
    jitter = (n_videos, progress.size)
    if class_name == "constant":
        rows = row_span / 2 + noise * rng.standard_normal(jitter)
        return rows, col_span / 2 + noise * rng.standard_normal(jitter)
    if class_name == "sine":  # minus: a positive sine moves the square up (smaller rows)
        path = row_span / 2 - (row_span / 2 - margin) * np.sin(2 * np.pi * progress)
    elif class_name == "ascending":
        path = (row_span - margin) - (row_span - 2 * margin) * progress  # bottom -> top
    else:
        path = margin + (row_span - 2 * margin) * progress  # top -> bottom
    rows = path + noise * rng.standard_normal(jitter)
    return rows, np.broadcast_to(col_span * progress, jitter)


def paint_squares(rows: np.ndarray, cols: np.ndarray, *, height: int, width: int,
                  square: int) -> np.ndarray:
    """Clips ``(samples, frames, height, width, 1)`` float32: 1.0 inside the square, else 0.0.

    ``rows``, ``cols``: int ``(samples, frames)`` top-left corners inside the frame. One
    fancy-indexing assignment paints every square: the index arrays of the clip, the frame, the
    pixel rows and the pixel columns broadcast to ``(samples, frames, square, square)``.
    """
    n_samples, n_frames = rows.shape
    offsets = np.arange(square)
    sample = np.arange(n_samples)[:, None, None, None]
    frame = np.arange(n_frames)[None, :, None, None]
    pixel_row = rows[:, :, None, None] + offsets[:, None]  # (samples, frames, square, 1)
    pixel_col = cols[:, :, None, None] + offsets[None, :]  # (samples, frames, 1, square)
    videos = np.zeros((n_samples, n_frames, height, width, 1), dtype=np.float32)
    videos[sample, frame, pixel_row, pixel_col, 0] = 1.0
    return videos


def make_videos(
    n_per_class: int,
    seed: int,
    frames: int = 20,
    height: int = 50,
    width: int = 130,
    square: int = 6,
    noise: float = DEFAULT_NOISE,
    classes: Sequence[str] = CLASS_NAMES,
    *,
    placement: str = "random",
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """A shuffled, balanced set of clips: ``(x, y, class_names)``.

    ``x`` float32 ``(n_per_class * len(classes), frames, height, width, 1)`` in {0, 1}; ``y``
    int64 labels indexing ``class_names`` (``classes`` as a tuple, in label order). The same
    seed and arguments always give the same arrays. ``noise``: jitter in pixels (0: smooth
    paths); ``placement``: ``"random"`` or ``"original"`` (see :func:`square_positions`).

    >>> x, y, names = make_videos(n_per_class=2, seed=0)
    >>> x.shape, np.bincount(y).tolist()
    ((8, 20, 50, 130, 1), [2, 2, 2, 2])
    """
    n_per_class = _check_int("n_per_class", n_per_class, 1)
    frames, height, width, square = _check_geometry(frames, height, width, square)
    noise = _check_noise(noise)
    class_names = _check_class_names(classes)
    placement = _check_placement(placement)
    rng = _make_rng(seed)
    layout = {"frames": frames, "height": height, "width": width, "square": square,
              "noise": noise, "placement": placement}
    positions = [square_positions(name, n_per_class, rng, **layout) for name in class_names]
    rows = np.concatenate([r for r, _ in positions])
    cols = np.concatenate([c for _, c in positions])
    labels = np.repeat(np.arange(len(class_names), dtype=np.int64), n_per_class)
    order = rng.permutation(labels.size)  # shuffle the positions, not the big video array
    rows, cols, labels = rows[order], cols[order], labels[order]
    return paint_squares(rows, cols, height=height, width=width, square=square), labels, class_names


def _check_videos(videos: object) -> np.ndarray:
    if not isinstance(videos, np.ndarray):
        raise TypeError(f"videos must be a NumPy array, got {type(videos).__name__}")
    if videos.ndim != 5 or 0 in videos.shape:
        raise ValueError(
            "videos must be a non-empty (samples, frames, rows, cols, channels) array, "
            f"got shape {videos.shape}"
        )
    return videos


def played_backwards(videos: np.ndarray) -> np.ndarray:
    """The same clips, last frame first (a contiguous copy)."""
    return np.ascontiguousarray(_check_videos(videos)[:, ::-1])


def frames_shuffled(videos: np.ndarray, seed: int) -> np.ndarray:
    """The same clips with their whole frames in a random order, each clip its own order.

    (``rng.permuted(videos, axis=1)`` is *not* this: on a 5-D array it shuffles the time series of
    every pixel on its own, which scatters the square over the frames.)
    """
    videos, rng = _check_videos(videos), _make_rng(seed)
    samples, frames = videos.shape[:2]
    order = rng.permuted(np.tile(np.arange(frames), (samples, 1)), axis=1)  # (samples, frames)
    return np.take_along_axis(videos, order[:, :, None, None, None], axis=1)


def backwards_labels(labels: np.ndarray, classes: Sequence[str] = CLASS_NAMES) -> np.ndarray:
    """The class of each clip once played backwards: ascending and descending swap, int64.

    With ``placement="random"`` a reversed sine is a sine and a reversed constant clip constant.
    """
    names = _check_class_names(classes)
    if "ascending" not in names or "descending" not in names:
        raise ValueError(f"classes must include 'ascending' and 'descending', got {list(names)}")
    y = np.asarray(labels)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"labels must be a 1-D integer array, got {y.dtype} of shape {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= len(names)):
        raise ValueError(
            f"labels must lie in 0..{len(names) - 1} (one per class name), "
            f"got {int(y.min())}..{int(y.max())}"
        )
    up, down = names.index("ascending"), names.index("descending")
    return np.select([y == up, y == down], [down, up], y).astype(np.int64)
