"""Tests for course_utils.captions: clips of a moving square with their sentences."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import captions as C

FRAME = 32


@pytest.fixture(scope="module")
def clips() -> C.Clips:
    return C.make_clips(600, seed=3, split="all")


def test_shapes_values_and_seed(clips):
    assert clips.videos.shape == (600, 12, FRAME, FRAME, 1)
    assert clips.videos.dtype == np.float32
    assert set(np.unique(clips.videos)) == {0.0, 1.0}
    again = C.make_clips(600, seed=3, split="all")
    assert np.array_equal(clips.videos, again.videos) and clips.captions == again.captions
    assert not np.array_equal(clips.videos, C.make_clips(600, seed=4, split="all").videos)


def test_every_frame_shows_the_whole_square(clips):
    lit = clips.videos.sum(axis=(2, 3, 4))  # (samples, frames)
    sides = np.array([C.SQUARE_SIDES[c[0]] for c in clips.combinations])
    assert np.array_equal(lit, np.repeat(sides[:, None] ** 2, 12, axis=1))


def _centre_track(videos: np.ndarray, side: int) -> np.ndarray:
    """Top-left corner per frame, recovered from the pixels (frame wraps: circular search)."""
    n, frames = videos.shape[:2]
    corners = np.zeros((n, frames, 2), dtype=int)
    for axis in (0, 1):
        profile = videos[..., 0].max(axis=3 - axis)  # (samples, frames, size) lit rows or cols
        # the corner is the lit index whose predecessor (circularly) is dark
        start = (profile > 0) & (np.roll(profile, 1, axis=-1) == 0)
        corners[..., axis] = start.argmax(axis=-1)
    return corners


def test_each_clip_moves_as_its_caption_says(clips):
    for size in C.SIZES:
        for (name, (dr, dc)) in C.STEPS.items():
            for speed in (None,) if name == "still" else C.SPEEDS:
                which = [i for i, c in enumerate(clips.combinations) if c == (size, name, speed)]
                assert which, (size, name, speed)
                track = _centre_track(clips.videos[which], C.SQUARE_SIDES[size])
                step = np.diff(track, axis=1)
                step = (step + FRAME // 2) % FRAME - FRAME // 2  # undo the wrap
                pixels = C.PIXELS_PER_FRAME[speed] if speed else 0
                assert np.all(step[..., 0] == dr * pixels) and np.all(step[..., 1] == dc * pixels)
                words = C.caption(size, name, speed).split()
                assert words[1] == size and (name in words)


def test_one_frame_does_not_give_away_direction_or_speed():
    # where the square is in the first frame: the same distribution for every direction, speed
    clips = C.make_clips(6000, seed=0, split="all")
    first = clips.videos[:, 0, ..., 0]  # (samples, rows, cols)
    rows, cols = first.mean(axis=2), first.mean(axis=1)  # lit share of each row / column

    def profile(mask: np.ndarray) -> np.ndarray:
        return np.concatenate([rows[mask].mean(0), cols[mask].mean(0)])

    size = np.array([c[0] for c in clips.combinations])
    for s in C.SIZES:
        base = profile(size == s)
        for attribute, index in (("direction", 1), ("speed", 2)):
            for value in set(c[index] for c in clips.combinations):
                group = np.array([c[index] == value for c in clips.combinations]) & (size == s)
                gap = np.abs(profile(group) - base).max()
                assert gap < 0.35 * base.mean(), (s, attribute, value, gap)
    # and the last frame too: the torus keeps every frame uniform
    last = clips.videos[:, -1, ..., 0].mean(axis=(0, 1))
    assert last.std() < 0.1 * last.mean()


def test_held_out_combinations_never_in_seen_split():
    seen = C.make_clips(2000, seed=1)
    assert not set(seen.combinations) & set(C.HELD_OUT)
    assert set(seen.combinations) == set(C.COMBINATIONS) - set(C.HELD_OUT)
    held = C.make_clips(200, seed=1, split="held_out")
    assert set(held.combinations) == set(C.HELD_OUT)
    # every pair of words of a held-out caption occurs in some training caption
    seen_words = [set(c.split()) for c in set(seen.captions)]
    for caption in set(held.captions):
        words = caption.split()
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                assert any({a, b} <= s for s in seen_words), (caption, a, b)


def test_captions_vocabulary_and_tokens(clips):
    assert C.caption("large", "left", "quickly") == "a large square moves left quickly"
    assert C.caption("small", "still", None) == "a small square stays still"
    assert C.VOCABULARY[0] == C.PAD and len(set(C.VOCABULARY)) == len(C.VOCABULARY)
    tokens = C.tokenize(clips.captions)
    assert tokens.shape == (600, C.SEQUENCE_LENGTH) and tokens.dtype == np.int32
    assert np.all(tokens[:, 0] == C.WORD_IDS[C.START])
    assert [" ".join(w) for w in C.decode(tokens)] == list(clips.captions)
    still = tokens[[c[1] == "still" for c in clips.combinations]]
    assert np.all(still[:, -1] == C.WORD_IDS[C.PAD]) and np.all(still[:, -2] == C.WORD_IDS[C.END])


def test_teacher_forcing_shifts_and_weights():
    tokens = C.tokenize(["a small square stays still", "a large square moves up slowly"])
    inputs, targets, weights = C.teacher_forcing(tokens)
    assert np.array_equal(inputs[:, 1:], targets[:, :-1])
    assert weights.tolist() == [[1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1]]


def test_attributes_round_trip(clips):
    got = [C.attributes_of(c) for c in clips.captions]
    assert got == list(clips.combinations)
    sentences = C.from_attributes(clips.attribute("size"), clips.attribute("direction"),
                                  np.minimum(clips.attribute("speed"), 1))
    assert sentences == list(clips.captions)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_clips": 0, "seed": 0}, ValueError, "n_clips"),
        ({"n_clips": 2.5, "seed": 0}, TypeError, "n_clips"),
        ({"n_clips": 2, "seed": -1}, ValueError, "seed"),
        ({"n_clips": 2, "seed": 0, "split": "test"}, ValueError, "split"),
        ({"n_clips": 2, "seed": 0, "frame_size": 12}, ValueError, "frame_size"),
        ({"n_clips": 2, "seed": 0, "frames": 1}, ValueError, "frames"),
        ({"n_clips": 2, "seed": 0, "held_out": [("huge", "up", "slowly")]}, ValueError,
         "unknown combination"),
        ({"n_clips": 2, "seed": 0, "split": "held_out", "held_out": ()}, ValueError, "no comb"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        C.make_clips(**kwargs)


def test_bad_sentences():
    with pytest.raises(ValueError, match="outside the vocabulary"):
        C.tokenize(["a blue square"])
    with pytest.raises(ValueError, match="at most 6"):
        C.tokenize(["a small square moves up slowly slowly"])
    with pytest.raises(TypeError, match="one string"):
        C.tokenize("a small square stays still")
    with pytest.raises(ValueError, match="unknown combination"):
        C.caption("small", "still", "slowly")
    with pytest.raises(ValueError, match="speed 0"):
        C.from_attributes([0], [0], [2])
    with pytest.raises(ValueError, match="direction indices"):
        C.from_attributes([0], [7], [0])
    with pytest.raises(ValueError, match="token ids"):
        C.decode(np.array([[99]]))
