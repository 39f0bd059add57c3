"""Short clips of one moving square, each with the sentence that describes it (lesson 05).

Every clip shows one white square on a black, square frame. Three attributes decide what it does,
and one sentence states all three: its **size** (``"small"`` or ``"large"``, a side of
:data:`SQUARE_SIDES` pixels), its **direction** (``"up"``, ``"down"``, ``"left"``, ``"right"`` or
``"still"``) and, for a square that moves, its **speed** (``"slowly"`` or ``"quickly"``,
:data:`PIXELS_PER_FRAME`; ``None`` for a still square). The sentences: ``"a large square moves
left quickly"`` (six words), ``"a small square stays still"`` (five).

There are 2 × 4 × 2 + 2 = 18 :data:`COMBINATIONS`; :data:`HELD_OUT` names four that never appear
in training data, chosen so that every *pair* of their words occurs in another training sentence.

The frame is a torus (a square leaving on one edge comes back on the opposite one) and every clip
starts at a position drawn uniformly over the whole frame, so no single frame tells where the
square goes or how fast: only a sequence of frames does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral

import numpy as np

SIZES: tuple[str, ...] = ("small", "large")
DIRECTIONS: tuple[str, ...] = ("up", "down", "left", "right", "still")
SPEEDS: tuple[str, ...] = ("slowly", "quickly")
#: Side of the square, in pixels, for each size.
SQUARE_SIDES: dict[str, int] = {"small": 4, "large": 8}
#: Pixels the square moves between two frames, for each speed.
PIXELS_PER_FRAME: dict[str, int] = {"slowly": 1, "quickly": 3}
#: Unit step of each direction as (rows, cols); row 0 is the TOP, so "up" lowers the row index.
STEPS: dict[str, tuple[int, int]] = {
    "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1), "still": (0, 0),
}
#: Every (size, direction, speed) a clip can have; a still square has speed ``None``.
COMBINATIONS: tuple[tuple[str, str, str | None], ...] = tuple(
    (size, direction, speed)
    for size in SIZES
    for direction in DIRECTIONS
    for speed in ((None,) if direction == "still" else SPEEDS)
)
#: Combinations never used for training: every pair of their words occurs in other sentences.
HELD_OUT: tuple[tuple[str, str, str | None], ...] = (
    ("large", "left", "quickly"),
    ("small", "up", "slowly"),
    ("small", "right", "quickly"),
    ("large", "down", "slowly"),
)
SPLITS: tuple[str, ...] = ("seen", "held_out", "all")


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {name}={value}")
    return int(value)


def _check_combination(combination: object) -> tuple[str, str, str | None]:
    if combination not in COMBINATIONS:
        raise ValueError(
            f"unknown combination {combination!r}: expected (size, direction, speed) with size in "
            f"{SIZES}, direction in {DIRECTIONS}, speed in {SPEEDS} (None when still)"
        )
    return combination  # type: ignore[return-value]


def caption(size: str, direction: str, speed: str | None) -> str:
    """The sentence for one combination: ``"a large square moves left quickly"``.

    A still square (``speed=None``) reads ``"a small square stays still"``.
    """
    _check_combination((size, direction, speed))
    if direction == "still":
        return f"a {size} square stays still"
    return f"a {size} square moves {direction} {speed}"


def split_combinations(
    split: str, held_out: Sequence[tuple[str, str, str | None]] = HELD_OUT
) -> tuple[tuple[str, str, str | None], ...]:
    """The combinations of a split: ``"seen"`` (all but ``held_out``), ``"held_out"``, ``"all"``."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    held = tuple(_check_combination(tuple(c)) for c in held_out)
    if split == "all":
        return COMBINATIONS
    if split == "held_out":
        return held
    return tuple(c for c in COMBINATIONS if c not in held)


@dataclass(frozen=True)
class Clips:
    """Clips and what they show."""

    videos: np.ndarray
    captions: tuple[str, ...]
    combinations: tuple[tuple[str, str, str | None], ...]
    starts: np.ndarray

    def __len__(self) -> int:
        return len(self.captions)


def make_clips(
    n_clips: int,
    seed: int,
    split: str = "seen",
    *,
    held_out: Sequence[tuple[str, str, str | None]] = HELD_OUT,
    frames: int = 12,
    frame_size: int = 32,
) -> Clips:
    """``n_clips`` clips whose combinations are drawn uniformly from one split."""
    n_clips = _check_int("n_clips", n_clips, 1)
    seed = _check_int("seed", seed, 0)
    frames = _check_int("frames", frames, 2)
    frame_size = _check_int("frame_size", frame_size, 2 * max(SQUARE_SIDES.values()))
    choices = split_combinations(split, held_out)
    if not choices:
        raise ValueError(f"split {split!r} holds no combination with held_out={held_out!r}")
    rng = np.random.default_rng(seed)

    picked = rng.integers(0, len(choices), size=n_clips)
    combos = tuple(choices[i] for i in picked)
    sides = np.array([SQUARE_SIDES[c[0]] for c in combos])  # (samples,)
    steps = np.array([STEPS[c[1]] for c in combos])  # (samples, 2)
    speeds = np.array([PIXELS_PER_FRAME[c[2]] if c[2] else 0 for c in combos])
    starts = rng.integers(0, frame_size, size=(n_clips, 2))  # uniform over the whole torus
    time = np.arange(frames)
    # (samples, frames, 2): top-left corner in every frame, wrapped onto the frame
    corners = (starts[:, None, :] + (steps * speeds[:, None])[:, None, :] * time[None, :, None])
    corners %= frame_size

    videos = np.zeros((n_clips, frames, frame_size, frame_size, 1), dtype=np.float32)
    for side in np.unique(sides):  # one assignment per square size (two)
        which = np.flatnonzero(sides == side)
        offsets = np.arange(side)
        rows = (corners[which, :, 0, None, None] + offsets[:, None]) % frame_size
        cols = (corners[which, :, 1, None, None] + offsets[None, :]) % frame_size
        videos[which[:, None, None, None], time[None, :, None, None], rows, cols, 0] = 1.0
    return Clips(videos, tuple(caption(*c) for c in combos), combos, starts.astype(np.int64))
