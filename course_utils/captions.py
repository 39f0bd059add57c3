"""Short clips of one moving square, each with the sentence that describes it (lesson 05).

Every clip shows one white square on a black, square frame. Three attributes decide what it does,
and one sentence states all three:

* **size**: ``"small"`` or ``"large"`` (a side of :data:`SQUARE_SIDES` pixels);
* **direction**: ``"up"``, ``"down"``, ``"left"``, ``"right"``, or ``"still"``;
* **speed**: ``"slowly"`` or ``"quickly"`` (:data:`PIXELS_PER_FRAME`), only for a square that
  moves: a still square has no speed (``None``).

The sentences: ``"a large square moves left quickly"`` (six words) and ``"a small square stays
still"`` (five words), so captions differ in length. There are 2 × 4 × 2 + 2 = 18
:data:`COMBINATIONS`; :data:`HELD_OUT` names four of them that never appear in training data, chosen
so that every *pair* of their words is seen in training in another sentence: only the whole triple
is new. A model that describes those clips right composes words; one that memorised sentences
cannot.

**No single frame gives away the motion.** The frame is a torus: a square that leaves on one edge
comes back on the opposite one, and each clip starts at a position drawn uniformly over the whole
frame. So in every frame, for every direction and speed, the square's position is uniformly
distributed: only a *sequence* of frames tells where it goes and how fast.

Shapes: videos are ``(samples, frames, rows, cols, channels)`` float32 in {0, 1}; token arrays are
``(samples, SEQUENCE_LENGTH)`` int32: ``<start>``, the words, ``<end>``, then ``<pad>`` (id 0).
Nothing runs at import time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "ATTRIBUTE_WORDS",
    "COMBINATIONS",
    "DIRECTIONS",
    "END",
    "HELD_OUT",
    "PAD",
    "SEQUENCE_LENGTH",
    "SIZES",
    "SPEEDS",
    "START",
    "VOCABULARY",
    "Clips",
    "attributes_of",
    "caption",
    "decode",
    "make_clips",
    "motion_trail",
    "show_captions",
    "teacher_forcing",
    "tokenize",
]

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

PAD, START, END = "<pad>", "<start>", "<end>"
#: The whole vocabulary, id = position; the padding token is id 0.
VOCABULARY: tuple[str, ...] = (
    PAD, START, END, "a", "square", "moves", "stays", *SIZES, *DIRECTIONS, *SPEEDS,
)
WORD_IDS: dict[str, int] = {word: index for index, word in enumerate(VOCABULARY)}
#: Words of the longest caption.
MAX_WORDS = 6
#: Tokens per tokenised caption: ``<start>``, up to six words, ``<end>``.
SEQUENCE_LENGTH = MAX_WORDS + 2
#: Which words state which attribute (a still square's speed is the absence of a speed word).
ATTRIBUTE_WORDS: dict[str, tuple[str, ...]] = {
    "size": SIZES, "direction": DIRECTIONS, "speed": SPEEDS,
}


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
    """Clips and what they show.

    Attributes:
        videos: float32 ``(samples, frames, rows, cols, 1)``, 1.0 on the square, 0.0 elsewhere.
        captions: one sentence per clip.
        combinations: ``(size, direction, speed)`` per clip.
        starts: int64 ``(samples, 2)``, the square's top-left (row, col) in the first frame.
    """

    videos: np.ndarray
    captions: tuple[str, ...]
    combinations: tuple[tuple[str, str, str | None], ...]
    starts: np.ndarray

    def __len__(self) -> int:
        return len(self.captions)

    def attribute(self, name: str) -> np.ndarray:
        """Class index of one attribute per clip: size, direction, or speed (still → 2, "none")."""
        names = ("size", "direction", "speed")
        if name not in names:
            raise ValueError(f"name must be one of {names}, got {name!r}")
        position = names.index(name)
        values = (*ATTRIBUTE_WORDS[name], None)
        return np.array([values.index(c[position]) for c in self.combinations], dtype=np.int64)


def make_clips(
    n_clips: int,
    seed: int,
    split: str = "seen",
    *,
    held_out: Sequence[tuple[str, str, str | None]] = HELD_OUT,
    frames: int = 12,
    frame_size: int = 32,
) -> Clips:
    """``n_clips`` clips whose combinations are drawn uniformly from one split.

    Vectorised: positions of every clip and frame are computed as arrays, then every lit pixel is
    set by one fancy-indexing assignment (indices taken modulo ``frame_size``: the frame wraps).

    Args:
        n_clips: number of clips (>= 1).
        seed: seed of ``numpy.random.default_rng``; same arguments, same clips.
        split: ``"seen"`` (training combinations), ``"held_out"`` or ``"all"``.
        held_out: the combinations the ``"seen"`` split leaves out.
        frames: frames per clip (>= 2).
        frame_size: rows = cols of a frame, at least twice the large square's side.

    Returns:
        :class:`Clips` with videos ``(n_clips, frames, frame_size, frame_size, 1)``.
    """
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


def _words(text: str | Sequence[str]) -> list[str]:
    if isinstance(text, str):
        return text.split()
    if isinstance(text, Sequence) and all(isinstance(w, str) for w in text):
        return list(text)
    raise TypeError(f"a caption must be a string or a list of words, got {type(text).__name__}")


def tokenize(captions: Iterable[str | Sequence[str]]) -> np.ndarray:
    """Token ids ``(samples, SEQUENCE_LENGTH)`` int32: ``<start>``, words, ``<end>``, ``<pad>``…

    Raises:
        TypeError: ``captions`` is a single string, or holds something other than sentences.
        ValueError: a word outside :data:`VOCABULARY`, or more than :data:`MAX_WORDS` words.
    """
    if isinstance(captions, str):
        raise TypeError(f"captions must be a list of sentences, got one string {captions!r}")
    rows = []
    for text in captions:
        words = _words(text)
        unknown = [w for w in words if w not in WORD_IDS or w in (PAD, START, END)]
        if unknown:
            raise ValueError(f"words outside the vocabulary in {text!r}: {unknown}")
        if len(words) > MAX_WORDS:
            raise ValueError(f"captions hold at most {MAX_WORDS} words, got {len(words)}: {text!r}")
        ids = [WORD_IDS[START], *(WORD_IDS[w] for w in words), WORD_IDS[END]]
        rows.append(ids + [WORD_IDS[PAD]] * (SEQUENCE_LENGTH - len(ids)))
    if not rows:
        raise ValueError("captions must hold at least one sentence, got none")
    return np.array(rows, dtype=np.int32)


def decode(token_ids: np.ndarray) -> list[list[str]]:
    """Words of each row of ids: stops at the first ``<end>``, drops ``<start>`` and ``<pad>``."""
    ids = np.asarray(token_ids)
    if ids.ndim != 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            f"token_ids must be integers (samples, length), got {ids.dtype} {ids.shape}"
        )
    if ids.size and (ids.min() < 0 or ids.max() >= len(VOCABULARY)):
        raise ValueError(f"token ids must lie in 0 .. {len(VOCABULARY) - 1}")
    sentences = []
    for row in ids.tolist():
        words = []
        for i in row:
            if VOCABULARY[i] == END:
                break
            if VOCABULARY[i] not in (START, PAD):
                words.append(VOCABULARY[i])
        sentences.append(words)
    return sentences


def teacher_forcing(tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Decoder inputs, next-word targets and loss weights from tokenised captions.

    ``tokens`` ``(samples, L)`` → inputs ``tokens[:, :-1]``, targets ``tokens[:, 1:]`` (each input
    word's *next* word), and float32 weights ``(samples, L - 1)``: 1 on real targets (words and
    ``<end>``), 0 on padding, so padding does not count in the loss.
    """
    tokens = np.asarray(tokens)
    if tokens.ndim != 2 or tokens.shape[1] < 2 or not np.issubdtype(tokens.dtype, np.integer):
        raise ValueError(f"tokens must be integers (samples, length >= 2), got {tokens.shape}")
    targets = tokens[:, 1:]
    return tokens[:, :-1], targets, (targets != WORD_IDS[PAD]).astype(np.float32)


def attributes_of(words: str | Sequence[str]) -> tuple[str | None, str | None, str | None]:
    """(size, direction, speed) a sentence states: the first word of each group, or None."""
    found = _words(words)
    return tuple(  # type: ignore[return-value]
        next((w for w in found if w in group), None) for group in ATTRIBUTE_WORDS.values()
    )


def from_attributes(size: np.ndarray, direction: np.ndarray, speed: np.ndarray) -> list[str]:
    """Fill the sentence template from class indices (as :meth:`Clips.attribute` numbers them).

    A clip predicted "still" reads ``"a … square stays still"`` whatever its speed index; a moving
    one needs speed 0 (slowly) or 1 (quickly).

    Raises:
        ValueError: arrays of different shapes, an index out of range, or speed 2 ("none") for a
            moving square.
    """
    size, direction, speed = (np.asarray(a, dtype=np.int64) for a in (size, direction, speed))
    if not size.shape == direction.shape == speed.shape or size.ndim != 1:
        raise ValueError(
            f"size, direction and speed must be 1-D of one length, got {size.shape}, "
            f"{direction.shape}, {speed.shape}"
        )
    for name, values, n in (("size", size, 2), ("direction", direction, 5), ("speed", speed, 3)):
        if values.size and (values.min() < 0 or values.max() >= n):
            raise ValueError(f"{name} indices must lie in 0 .. {n - 1}, got {values.tolist()}")
    out = []
    for s, d, v in zip(size.tolist(), direction.tolist(), speed.tolist(), strict=True):
        name = DIRECTIONS[d]
        if name != "still" and v == 2:
            raise ValueError("a moving square needs speed 0 (slowly) or 1 (quickly), got 2 (none)")
        out.append(caption(SIZES[s], name, None if name == "still" else SPEEDS[v]))
    return out


def motion_trail(videos: np.ndarray) -> np.ndarray:
    """One still image per clip that shows its motion: every frame overlaid, later ones brighter.

    ``(samples, frames, rows, cols, 1)`` → float32 ``(samples, rows, cols)`` in [0, 1]: a pixel
    holds ``0.25 + 0.75 · t / (frames - 1)`` for the last frame ``t`` that lights it (else 0).
    """
    clips = np.asarray(videos)
    if clips.ndim != 5 or clips.shape[-1] != 1 or clips.shape[1] < 2:
        raise ValueError(
            f"videos must be (samples, frames >= 2, rows, cols, 1), got shape {clips.shape}"
        )
    frames = clips.shape[1]
    brightness = (0.25 + 0.75 * np.arange(frames) / (frames - 1)).astype(np.float32)
    return (clips[..., 0] * brightness[None, :, None, None]).max(axis=1)


def show_captions(
    videos: np.ndarray,
    references: Sequence[str],
    hypotheses: Sequence[str | Sequence[str]],
    *,
    ncols: int = 4,
    size: float = 2.4,
) -> Figure:
    """A grid of clips (as :func:`motion_trail` images) with their true and generated captions.

    Above each clip its true caption; below it the generated one, each word in red where it
    differs from the true caption's word at the same position (a missing or extra word counts as
    different), and in green otherwise. Returns a closed figure (shown once as a cell's last value).
    """
    import matplotlib.pyplot as plt

    trails = motion_trail(videos)
    refs = [_words(r) for r in references]
    hyps = [_words(h) for h in hypotheses]
    if not len(trails) == len(refs) == len(hyps):
        raise ValueError(
            f"one true and one generated caption per clip: got {len(trails)} clips, "
            f"{len(refs)} references and {len(hyps)} hypotheses"
        )
    ncols = _check_int("ncols", ncols, 1)
    rows = -(-len(trails) // ncols)
    fig, axes = plt.subplots(rows, ncols, figsize=(ncols * size, rows * (size + 0.5)),
                             squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, trail, ref, hyp in zip(axes.flat, trails, refs, hyps, strict=False):
        ax.imshow(trail, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(" ".join(ref), fontsize=8)
        previous = None
        for i, word in enumerate(hyp or ["(nothing)"]):
            colour = "tab:green" if i < len(ref) and ref[i] == word else "tab:red"
            where = {"xy": (0.0, -0.04), "xycoords": ax.transAxes, "va": "top"} if (
                previous is None) else {"xy": (1.0, 0.0), "xycoords": previous, "va": "bottom"}
            previous = ax.annotate(word + " ", ha="left", fontsize=8, color=colour,
                                   fontweight="bold", **where)
    fig.tight_layout(h_pad=1.5)
    plt.close(fig)
    return fig
