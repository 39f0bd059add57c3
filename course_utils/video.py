"""Synthetic videos of a moving square, and ways to look at them.

Each video is a clip of ``frames`` grey-scale images in which a bright
``square x square`` block moves according to one of four motion classes. Two placements exist.

``placement="random"`` (the default, the course's task): every clip crosses the frame
horizontally, left to right or right to left at random, from a random height; the class is only
in how its height changes with time:

``"sine"``
    The height follows one full period of a sine wave with a random phase.
``"constant"``
    The height stays the same (the square only jitters).
``"ascending"``
    The square rises on screen by a fixed amount, from a random start.
``"descending"``
    Exactly an ascending clip played backwards: the same kind of frames, in reverse order.

The start, the direction and the phase do not depend on the class, so where the square is in one
frame says little about the class; and since "descending" is "ascending" played backwards, a model
that ignores the order of the frames cannot tell those two apart.

``placement="original"`` (the original lesson's layout, kept for the shortcut pitfall and the
benchmarks): every moving class steps from the left edge to the right edge; "sine" is centred,
"ascending" starts at the bottom, "descending" at the top, and "constant" stays at the centre
(or anywhere, ``constant_place="anywhere"``). There one frame already tells the class.

Coordinates follow the image convention: ``row`` 0 is the *top* of the frame
and row indices grow downwards, so "moving up" means "row index decreasing".
Positions are the **top-left corner** of the square and always keep the whole
square inside the frame.

Array shapes used throughout:

* positions: ``(samples, frames)`` integer rows and columns;
* videos: ``(samples, frames, rows, cols, channels)`` with ``channels == 1``;
* labels: ``(samples,)`` integers indexing ``class_names``.

The generator is fully vectorised: positions for every video and frame are
computed as arrays, then all squares are painted at once by one
fancy-indexing assignment.  Nothing runs at import time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np

__all__ = [
    "CLASS_NAMES",
    "CONSTANT_PLACES",
    "DEFAULT_NOISE",
    "HORIZONTAL_TRAVEL",
    "PLACEMENTS",
    "RISE",
    "SINE_AMPLITUDE",
    "backwards_labels",
    "frames_shuffled",
    "make_clutter_videos",
    "make_videos",
    "paint_squares",
    "played_backwards",
    "square_positions",
]

CLASS_NAMES: tuple[str, ...] = ("sine", "constant", "ascending", "descending")
"""The four motion classes, in the default label order (label ``i`` is ``CLASS_NAMES[i]``)."""

DEFAULT_NOISE: float = 1.0
"""Default standard deviation, in pixels, of the per-frame jitter of the square's position."""

CONSTANT_PLACES: tuple[str, ...] = ("centre", "anywhere")
"""With ``placement="original"``: where a ``"constant"`` square sits, the frame's centre (the
default, as the original lesson meant it) or one random place per video."""

PLACEMENTS: tuple[str, ...] = ("random", "original")
"""``"random"`` (default): random start, direction and phase, the class only in the motion;
``"original"``: the original lesson's layout, in which the first frame already tells the class."""

HORIZONTAL_TRAVEL: float = 1.0
"""``placement="random"``: how far every clip moves sideways, as a fraction of the valid columns.
At 1.0 (default) every clip crosses the whole width, so it starts at the left or the right edge,
whichever its random direction gives; below 1.0 the start column is drawn at random as well."""

RISE: float = 0.4
"""``placement="random"``: how far an ascending square rises (a descending one falls), as a
fraction of the valid rows between the margins."""

SINE_AMPLITUDE: float = 0.2
"""``placement="random"``: the sine's amplitude, as a fraction of the valid rows between the
margins (peak to peak it spans ``2 * SINE_AMPLITUDE``, as much as an ascending square rises)."""


# ----------------------------------------------------------------------------
# Argument checks
# ----------------------------------------------------------------------------


def _check_int(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an ``int`` after checking its type and lower bound."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__} {value!r}; "
            f"pass a whole number such as {max(minimum, 1)}"
        )
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {name}={value}")
    return int(value)


def _check_noise(noise: object) -> float:
    """Return ``noise`` as a float after checking it is a finite number >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, Real):
        raise TypeError(f"noise must be a number of pixels, got {type(noise).__name__} {noise!r}")
    if not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0 (pixels), got noise={noise}")
    return float(noise)


def _check_geometry(
    frames: object, height: object, width: object, square: object
) -> tuple[int, int, int, int]:
    """Validate the clip geometry and return it as ints.

    The frame must be at least twice the square's size in each direction, so
    that the square can travel at least its own width: with less room the
    moving classes would be hard to tell apart from the constant one.
    """
    frames = _check_int("frames", frames, 2)
    square = _check_int("square", square, 1)
    height = _check_int("height", height, 1)
    width = _check_int("width", width, 1)
    for name, size in (("height", height), ("width", width)):
        if size < 2 * square:
            raise ValueError(
                f"{name} must be at least 2 * square = {2 * square} pixels so the square has "
                f"room to move, got {name}={size} with square={square}; "
                f"enlarge the frame or use a smaller square"
            )
    return frames, height, width, square


def _check_class_names(classes: object) -> tuple[str, ...]:
    """Validate a sequence of motion class names and return it as a tuple."""
    if isinstance(classes, str) or not isinstance(classes, Sequence):
        raise TypeError(
            f"classes must be a sequence of class names such as {CLASS_NAMES!r}, "
            f"got {type(classes).__name__} {classes!r}; wrap a single name in a tuple: ('sine',)"
        )
    names = tuple(classes)
    if not names:
        raise ValueError(f"classes must name at least one class out of {CLASS_NAMES!r}, got ()")
    for name in names:
        _check_class_name(name, argument="classes")
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(
            f"classes must not repeat a class, got {names!r} "
            f"(repeated: {', '.join(map(repr, duplicated))})"
        )
    return names


def _check_class_name(name: object, argument: str = "class_name") -> str:
    """Check that ``name`` is one of :data:`CLASS_NAMES`."""
    if name not in CLASS_NAMES:
        known = ", ".join(repr(known) for known in CLASS_NAMES)
        raise ValueError(f"{argument}: unknown class name {name!r}; known names are {known}")
    return str(name)


# ----------------------------------------------------------------------------
# Generator
# ----------------------------------------------------------------------------


def _check_placement(placement: object, constant_place: object) -> str:
    """Validate ``placement`` and ``constant_place`` together; return the placement."""
    if placement not in PLACEMENTS:
        raise ValueError(f"placement must be one of {PLACEMENTS}, got placement={placement!r}")
    if constant_place not in CONSTANT_PLACES:
        raise ValueError(f"constant_place must be one of {CONSTANT_PLACES}, got {constant_place!r}")
    if placement == "random" and constant_place != "centre":
        raise ValueError(
            f"constant_place={constant_place!r} only applies to placement='original' (with "
            "placement='random' every square starts at a random place already)"
        )
    return str(placement)


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
    constant_place: str = "centre",
) -> tuple[np.ndarray, np.ndarray]:
    """Top-left corners of the square for ``n_videos`` clips of one motion class.

    Trajectories are scaled to the frame, so the same code works for any
    ``height``, ``width`` and ``frames``. Rows keep ``margin = min(noise, (height - square) / 4)``
    pixels away from the edges before the Gaussian jitter of standard deviation ``noise`` is
    added to them. ``progress`` runs evenly from 0 (first frame) to 1 (last frame).

    ``placement="random"`` (default):

    * **columns**, every class: the square travels ``HORIZONTAL_TRAVEL`` of the valid columns
      (all of them by default: from one edge to the other), left to right or right to left (a
      coin flip per clip), from a random start column when it travels less than the width;
    * **rows**: ``"ascending"`` rises by ``RISE`` of the usable rows from a random start low
      enough for that; ``"constant"`` keeps the row of a random moment of such a clip (so the
      heights of constant squares spread like those of ascending ones); ``"sine"`` follows
      ``centre - amplitude * sin(2 pi progress + phase)`` with a random phase and centre;
    * ``"descending"`` is ``"ascending"`` reversed in time: with the same ``seed``,
      ``square_positions("descending", ...)`` returns ``square_positions("ascending", ...)``
      with its frame axis reversed (``[:, ::-1]``).

    ``placement="original"`` (the original lesson's layout): moving classes step evenly from
    column 0 to column ``width - square``; "ascending" runs from the bottom to the top,
    "descending" from the top to the bottom, "sine" one period around the centre (first up);
    "constant" stays at the centre (``constant_place="centre"``: the original lesson wrote the
    centre as (25, 65) with row and column swapped, which put the square below a 50-row frame)
    or at one random place per clip (``"anywhere"``), jittering its row and column.

    Every position is rounded to whole pixels and clipped to the valid range,
    so the whole square is always inside the frame.

    Parameters
    ----------
    class_name:
        One of :data:`CLASS_NAMES`.
    n_videos:
        Number of clips (>= 1).
    seed:
        An integer seed, or a ``numpy.random.Generator`` to draw from
        (:func:`make_videos` passes its own).
    frames, height, width, square, noise, placement, constant_place:
        Clip geometry, jitter and layout, as in :func:`make_videos`.

    Returns
    -------
    rows, cols:
        Two ``int64`` arrays of shape ``(n_videos, frames)``: the row and
        column of the square's top-left corner in every frame.
    """
    class_name = _check_class_name(class_name)
    n_videos = _check_int("n_videos", n_videos, 1)
    frames, height, width, square = _check_geometry(frames, height, width, square)
    noise = _check_noise(noise)
    placement = _check_placement(placement, constant_place)
    rng = seed if isinstance(seed, np.random.Generator) else _make_rng(seed)

    row_span = height - square  # valid top-left rows are 0 .. row_span
    col_span = width - square
    margin = min(noise, row_span / 4)
    progress = np.linspace(0.0, 1.0, frames)  # (frames,), 0 at the first frame, 1 at the last

    if placement == "random":
        if class_name == "descending":  # an ascending clip played backwards
            rows, cols = _random_rows_cols(
                "ascending", n_videos, rng, progress, noise, row_span, col_span, margin
            )
            rows, cols = rows[:, ::-1], cols[:, ::-1]
        else:
            rows, cols = _random_rows_cols(
                class_name, n_videos, rng, progress, noise, row_span, col_span, margin
            )
    else:
        rows, cols = _original_rows_cols(
            class_name, n_videos, rng, progress, noise, row_span, col_span, margin, constant_place
        )
    rows = np.clip(np.rint(rows), 0, row_span).astype(np.int64)
    cols = np.clip(np.rint(cols), 0, col_span).astype(np.int64)
    return np.ascontiguousarray(rows), np.ascontiguousarray(cols)


def _random_rows_cols(
    class_name: str,
    n_videos: int,
    rng: np.random.Generator,
    progress: np.ndarray,
    noise: float,
    row_span: int,
    col_span: int,
    margin: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Float rows and columns ``(n_videos, frames)`` of ``placement="random"`` (not descending).

    The draws happen in the same order for every class (start column, direction, then the
    class's own), so that one seed gives the same horizontal motion to every class.
    """
    shape = (n_videos, 1)
    travel = HORIZONTAL_TRAVEL * col_span
    start_col = rng.uniform(0.0, col_span - travel, size=shape)
    leftwards = rng.random(shape) < 0.5
    along = np.where(leftwards, 1.0 - progress, progress)  # (n_videos, frames)
    cols = start_col + travel * along

    usable = row_span - 2 * margin  # rows margin .. row_span - margin
    rise = RISE * usable
    if class_name in ("constant", "ascending"):
        start_row = rng.uniform(margin + rise, row_span - margin, size=shape)
    if class_name == "constant":  # frozen at the height of a random moment of an ascending clip
        moment = rng.random(shape)
        path = np.repeat(start_row - rise * moment, progress.size, axis=1)
    elif class_name == "ascending":
        path = start_row - rise * progress  # the row index falls: the square rises
    else:  # "sine"
        amplitude = SINE_AMPLITUDE * usable
        centre = rng.uniform(margin + amplitude, row_span - margin - amplitude, size=shape)
        phase = rng.uniform(0.0, 2 * np.pi, size=shape)
        path = centre - amplitude * np.sin(2 * np.pi * progress + phase)
    rows = path + noise * rng.standard_normal((n_videos, progress.size))
    return rows, cols


def _original_rows_cols(
    class_name: str,
    n_videos: int,
    rng: np.random.Generator,
    progress: np.ndarray,
    noise: float,
    row_span: int,
    col_span: int,
    margin: float,
    constant_place: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Float rows and columns ``(n_videos, frames)`` of ``placement="original"``."""
    frames = progress.size
    if class_name == "constant":
        if constant_place == "centre":
            centre_rows = np.full((n_videos, 1), row_span / 2)
            centre_cols = np.full((n_videos, 1), col_span / 2)
        else:
            centre_rows = rng.uniform(margin, row_span - margin, size=(n_videos, 1))
            centre_cols = rng.uniform(margin, col_span - margin, size=(n_videos, 1))
        rows = centre_rows + noise * rng.standard_normal((n_videos, frames))
        cols = centre_cols + noise * rng.standard_normal((n_videos, frames))
        return rows, cols
    if class_name == "sine":
        amplitude = row_span / 2 - margin
        # Minus sign: a positive sine moves the square up the screen (smaller rows).
        path = row_span / 2 - amplitude * np.sin(2 * np.pi * progress)
    elif class_name == "ascending":
        path = (row_span - margin) - (row_span - 2 * margin) * progress  # bottom -> top
    else:  # "descending"
        path = margin + (row_span - 2 * margin) * progress  # top -> bottom
    rows = path + noise * rng.standard_normal((n_videos, frames))
    cols = np.broadcast_to(col_span * progress, (n_videos, frames))
    return rows, cols


def paint_squares(
    rows: np.ndarray, cols: np.ndarray, *, height: int, width: int, square: int
) -> np.ndarray:
    """Render clips from the top-left corners of a square.

    All squares are painted with one fancy-indexing assignment: index arrays
    for the clip, the frame, the square's pixel rows and its pixel columns
    broadcast together to shape ``(samples, frames, square, square)``, one
    entry per lit pixel.

    Parameters
    ----------
    rows, cols:
        Integer arrays of shape ``(samples, frames)`` with the top-left corner
        of the square, e.g. from :func:`square_positions`; they must keep the
        square inside the frame (``0 <= rows <= height - square``, same for
        ``cols`` and ``width``).
    height, width, square:
        Frame size and square side, in pixels.

    Returns
    -------
    numpy.ndarray
        ``float32`` array of shape ``(samples, frames, height, width, 1)``
        holding 1.0 inside the square and 0.0 elsewhere.
    """
    height = _check_int("height", height, 1)
    width = _check_int("width", width, 1)
    square = _check_int("square", square, 1)
    rows = np.asarray(rows)
    cols = np.asarray(cols)
    if rows.ndim != 2 or rows.shape != cols.shape:
        raise ValueError(
            "rows and cols must both have shape (samples, frames), "
            f"got rows {rows.shape} and cols {cols.shape}"
        )
    for name, values, size in (("rows", rows, height), ("cols", cols, width)):
        if not np.issubdtype(values.dtype, np.integer):
            raise TypeError(f"{name} must hold integer pixel positions, got dtype {values.dtype}")
        if values.size and (values.min() < 0 or values.max() > size - square):
            raise ValueError(
                f"{name} must lie in 0 .. {size - square} so the square fits in the frame, "
                f"got values from {values.min()} to {values.max()}"
            )

    n_samples, n_frames = rows.shape
    offsets = np.arange(square)
    sample = np.arange(n_samples)[:, None, None, None]  # (samples, 1, 1, 1)
    frame = np.arange(n_frames)[None, :, None, None]  # (1, frames, 1, 1)
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
    constant_place: str = "centre",
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Make a shuffled, balanced data set of synthetic videos.

    Each clip shows a bright ``square x square`` block on a black background
    moving according to its class (see :func:`square_positions`).  The default
    geometry is 20 frames of 50 x 130 pixels with a 6 x 6 square.

    Parameters
    ----------
    n_per_class:
        Number of clips of each class (>= 1).
    seed:
        Seed of the ``numpy.random.default_rng`` generator; the same seed and
        arguments always give the same arrays.
    frames:
        Frames per clip (>= 2).
    height, width:
        Frame size in pixels; each must be at least ``2 * square`` so the
        square has room to move.
    square:
        Side of the square in pixels (>= 1).
    noise:
        Standard deviation of the per-frame position jitter, in pixels
        (>= 0; 0 gives perfectly smooth paths).
    classes:
        Which motion classes to include, in label order; a subset of
        :data:`CLASS_NAMES` without repeats.
    placement:
        ``"random"`` (default: random start, direction and phase; the class is only in the
        motion) or ``"original"`` (the original lesson's layout, where one frame tells the
        class): see :data:`PLACEMENTS` and :func:`square_positions`.
    constant_place:
        ``"centre"`` (default) or ``"anywhere"``, with ``placement="original"`` only: see
        :data:`CONSTANT_PLACES`.

    Returns
    -------
    x:
        ``float32`` array of shape ``(samples, frames, height, width, 1)``
        with values in [0, 1], where ``samples = n_per_class * len(classes)``.
    y:
        ``int64`` array of shape ``(samples,)``; ``y[i]`` indexes
        ``class_names``.
    class_names:
        The class names, as a tuple, in label order.

    Examples
    --------
    >>> x, y, names = make_videos(n_per_class=2, seed=0)
    >>> x.shape, y.shape, names
    ((8, 20, 50, 130, 1), (8,), ('sine', 'constant', 'ascending', 'descending'))
    >>> np.bincount(y).tolist()
    [2, 2, 2, 2]
    """
    n_per_class = _check_int("n_per_class", n_per_class, 1)
    frames, height, width, square = _check_geometry(frames, height, width, square)
    noise = _check_noise(noise)
    class_names = _check_class_names(classes)
    placement = _check_placement(placement, constant_place)
    rng = _make_rng(seed)

    layout = {
        "frames": frames,
        "height": height,
        "width": width,
        "square": square,
        "noise": noise,
        "placement": placement,
        "constant_place": constant_place,
    }
    # One call per class (at most four), each vectorised over videos and frames.
    positions = [square_positions(name, n_per_class, rng, **layout) for name in class_names]
    rows = np.concatenate([r for r, _ in positions])  # (samples, frames)
    cols = np.concatenate([c for _, c in positions])
    labels = np.repeat(np.arange(len(class_names), dtype=np.int64), n_per_class)

    # Shuffle the small position arrays, not the big video array.
    order = rng.permutation(labels.size)
    rows, cols, labels = rows[order], cols[order], labels[order]

    videos = paint_squares(rows, cols, height=height, width=width, square=square)
    return videos, labels, class_names


def make_clutter_videos(
    n_per_class: int,
    seed: int,
    distractors: int = 2,
    span: float = 1.0,
    frames: int = 20,
    height: int = 50,
    width: int = 130,
    square: int = 6,
    noise: float = DEFAULT_NOISE,
    classes: Sequence[str] = CLASS_NAMES,
    *,
    placement: str = "random",
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Videos of the four motions with flickering clutter, the motion anywhere in the frame.

    Two changes to :func:`make_videos`, each of which makes the class depend on how the squares
    move from frame to frame rather than on any single frame:

    * **clutter**: every frame also shows ``distractors`` squares identical to the moving one,
      each at a fresh random place in every frame. No single frame tells which square carries the
      class; only the one whose position continues smoothly from frame to frame does;
    * **span**: with ``span < 1`` each clip's motion covers only that fraction of the frame's
      width, starting at a random column. Where the square is no longer says how far the clip
      has played (with ``placement="original"`` and ``span=1``, every moving square is at the
      same column at the same frame).

    With ``span=1`` the moving squares and the labels are exactly those of
    ``make_videos(n_per_class, seed, ...)``; clutter and offsets come from generators of their own
    (seeded by ``seed`` and a stream number), so changing one setting leaves the rest unchanged.

    Parameters
    ----------
    n_per_class, seed, frames, height, width, square, noise, classes, placement:
        As in :func:`make_videos`.
    distractors:
        Flickering squares added to every frame (>= 0). They may overlap each other or the
        moving square.
    span:
        Fraction of the width the motion covers, in (0, 1]; ``round(span * width)`` must leave
        room for ``2 * square`` pixels.

    Returns
    -------
    x:
        ``float32`` array of shape ``(samples, frames, height, width, 1)``, values 0 or 1.
    y:
        ``int64`` array of shape ``(samples,)``, the moving square's class.
    class_names:
        The class names, as a tuple, in label order.
    """
    distractors = _check_int("distractors", distractors, 0)
    seed = _check_int("seed", seed, 0)
    width = _check_int("width", width, 1)
    square = _check_int("square", square, 1)
    if isinstance(span, bool) or not isinstance(span, Real):
        raise TypeError(f"span must be a fraction of the width, got {type(span).__name__} {span!r}")
    if not math.isfinite(span):
        raise ValueError(f"span must be in (0, 1], got span={span}")
    window = round(span * width)
    if not 0 < span <= 1 or window < 2 * square:
        raise ValueError(
            f"span must be in (0, 1] and leave at least 2 * square = {2 * square} pixels of the "
            f"width {width} for the motion, got span={span} ({window} pixels)"
        )
    videos, labels, class_names = make_videos(
        n_per_class, seed, frames, height, window, square, noise, classes, placement=placement
    )
    if window < width:  # paste each narrow clip into a full-width frame at a random column
        starts = np.random.default_rng((seed, 2)).integers(
            0, width - window, size=len(videos), endpoint=True
        )
        narrow = videos
        videos = np.zeros((*narrow.shape[:3], width, 1), dtype=narrow.dtype)
        for clip, start in enumerate(starts):
            videos[clip, :, :, start : start + window] = narrow[clip]
    rng = np.random.default_rng((seed, 1))
    shape = videos.shape[:2]  # (samples, frames)
    for _ in range(distractors):
        rows = rng.integers(0, height - square, size=shape, endpoint=True)
        cols = rng.integers(0, width - square, size=shape, endpoint=True)
        clutter = paint_squares(rows, cols, height=height, width=width, square=square)
        np.maximum(videos, clutter, out=videos)
    return videos, labels, class_names


def played_backwards(videos: np.ndarray) -> np.ndarray:
    """The same clips with their frames in reverse order (a contiguous copy).

    Args:
        videos: ``(samples, frames, rows, cols, channels)`` clips.

    Returns:
        An array of the same shape and dtype; frame ``t`` of a clip is its frame ``frames - 1 - t``.
    """
    array = _as_video_batch(videos)
    return np.ascontiguousarray(array[:, ::-1])


def frames_shuffled(videos: np.ndarray, seed: int) -> np.ndarray:
    """The same clips with their frames in a random order, each clip its own order.

    Whole frames move: every frame of the result is a frame of the same clip. (NumPy's
    ``rng.permuted(videos, axis=1)`` is *not* this: on a 5-D array it shuffles the time series of
    every pixel independently, which scatters the square over the frames.)

    Args:
        videos: ``(samples, frames, rows, cols, channels)`` clips.
        seed: the random seed of the orders.

    Returns:
        An array of the same shape and dtype.
    """
    array = _as_video_batch(videos)
    rng = _make_rng(seed)
    samples, frames = array.shape[:2]
    order = rng.permuted(np.tile(np.arange(frames), (samples, 1)), axis=1)  # (samples, frames)
    return np.take_along_axis(array, order[:, :, None, None, None], axis=1)


def backwards_labels(labels: np.ndarray, classes: Sequence[str] = CLASS_NAMES) -> np.ndarray:
    """The class of each clip once played backwards: ascending and descending swap.

    With ``placement="random"`` a descending clip is an ascending one played backwards, and the
    other two classes keep their class when reversed (a sine of random phase, a constant height).

    Args:
        labels: ``(samples,)`` integer labels indexing ``classes``.
        classes: the class names (``make_videos``' third output), which must include
            ``"ascending"`` and ``"descending"``.

    Returns:
        int64 ``(samples,)`` labels.
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


def _as_video_batch(videos: object, argument: str = "videos") -> np.ndarray:
    """``videos`` as a 5-D ``(samples, frames, rows, cols, channels)`` array, checked."""
    if not isinstance(videos, np.ndarray):
        raise TypeError(f"{argument} must be a NumPy array, got {type(videos).__name__}")
    if videos.ndim != 5 or 0 in videos.shape:
        raise ValueError(
            f"{argument} must be a non-empty (samples, frames, rows, cols, channels) array, "
            f"got shape {videos.shape}"
        )
    return videos


def _make_rng(seed: object) -> np.random.Generator:
    """Build a ``default_rng`` from an integer seed, with a clear error otherwise."""
    seed = _check_int("seed", seed, 0)
    return np.random.default_rng(seed)
