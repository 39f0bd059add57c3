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


def test_caption_sentences():
    assert C.caption("large", "left", "quickly") == "a large square moves left quickly"
    assert C.caption("small", "still", None) == "a small square stays still"
    assert len(C.COMBINATIONS) == 18 and set(C.HELD_OUT) < set(C.COMBINATIONS)


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


def test_bad_combination():
    with pytest.raises(ValueError, match="unknown combination"):
        C.caption("small", "still", "slowly")


def test_show_captions_draws_each_clip_with_its_two_captions(clips):
    from course_utils import display

    first = " ".join([*clips.captions[0].split()[:2], "circle"])  # two words right, one wrong
    fig = display.show_captions(clips.videos[:3], clips.captions[:3],
                                [first, *clips.captions[1:3]], ncols=2)
    assert len(fig.axes) == 4 and fig.axes[0].get_title() == clips.captions[0]
    assert [t.get_color() for t in fig.axes[0].texts] == ["tab:green", "tab:green", "tab:red"]
    with pytest.raises(ValueError, match="one true and one generated caption per clip"):
        display.show_captions(clips.videos[:2], clips.captions[:2], clips.captions[:1])
