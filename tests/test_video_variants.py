"""Tests for make_clutter_videos (the clutter experiment of benchmarks/convlstm_recipe.md)."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.video import CLASS_NAMES, make_clutter_videos, make_videos

N_PER_CLASS = 6
SEED = 11
SQUARE = 6


@pytest.fixture(scope="module")
def clean():
    return make_videos(N_PER_CLASS, seed=SEED)


@pytest.fixture(scope="module")
def cluttered():
    return make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=2)


def test_shapes_dtype_and_values(cluttered):
    x, y, names = cluttered
    assert x.shape == (4 * N_PER_CLASS, 20, 50, 130, 1)
    assert x.dtype == np.float32
    assert set(np.unique(x).tolist()) == {0.0, 1.0}
    assert names == CLASS_NAMES
    assert np.bincount(y).tolist() == [N_PER_CLASS] * 4


def test_moving_square_and_labels_are_those_of_make_videos(clean, cluttered):
    x_clean, y_clean, _ = clean
    x, y, _ = cluttered
    np.testing.assert_array_equal(y, y_clean)
    assert (x >= x_clean).all(), "a pixel of the moving square was lost"


def test_no_distractors_and_full_span_give_make_videos(clean):
    x, y, names = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=0, span=1.0)
    np.testing.assert_array_equal(x, clean[0])
    np.testing.assert_array_equal(y, clean[1])
    assert names == clean[2]


def test_each_frame_shows_up_to_one_square_per_distractor_more(cluttered):
    lit = cluttered[0][..., 0].sum(axis=(2, 3))  # (samples, frames)
    assert lit.min() >= SQUARE * SQUARE
    assert lit.max() <= 3 * SQUARE * SQUARE
    assert (lit > SQUARE * SQUARE).mean() > 0.9  # overlaps are rare


def test_clutter_moves_to_a_new_place_every_frame(clean, cluttered):
    extra = cluttered[0][..., 0] - clean[0][..., 0]  # (samples, frames, rows, cols)
    changed = (extra[:, 1:] != extra[:, :-1]).any(axis=(2, 3))
    assert changed.mean() > 0.95


def test_same_seed_same_clips_and_other_seed_other_clips(cluttered):
    again = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=2)
    np.testing.assert_array_equal(again[0], cluttered[0])
    other = make_clutter_videos(N_PER_CLASS, seed=SEED + 1, distractors=2)
    assert not np.array_equal(other[0], cluttered[0])


def test_geometry_and_classes_are_passed_on():
    x, y, names = make_clutter_videos(
        3, seed=0, distractors=4, frames=8, height=25, width=65, classes=("sine", "constant")
    )
    assert x.shape == (6, 8, 25, 65, 1)
    assert names == ("sine", "constant")
    assert set(y.tolist()) == {0, 1}


def lit_columns(videos):
    """First and last lit column of each clip over all its frames: two arrays (samples,)."""
    lit = videos[..., 0].any(axis=(1, 2))  # (samples, cols)
    first = lit.argmax(axis=1)
    last = lit.shape[1] - 1 - lit[:, ::-1].argmax(axis=1)
    return first, last


def test_a_short_span_puts_the_motion_anywhere():
    x, y, _ = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=0, span=0.4)
    window = round(0.4 * 130)
    narrow, y_narrow, _ = make_videos(N_PER_CLASS, seed=SEED, width=window)
    np.testing.assert_array_equal(y, y_narrow)
    first, last = lit_columns(x)
    assert (last - first < window).all()
    moving = y != CLASS_NAMES.index("constant")
    assert len(set(first[moving].tolist())) > len(first[moving]) // 2  # starts differ clip to clip
    for clip in range(len(x)):  # each clip is the narrow one, pasted at its own column
        start = first[clip] - lit_columns(narrow[clip : clip + 1])[0][0]
        np.testing.assert_array_equal(x[clip, :, :, start : start + window], narrow[clip])
        assert x[clip].sum() == narrow[clip].sum()


def test_span_changes_neither_clutter_nor_labels():
    wide = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=1)
    short = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=1, span=0.5)
    np.testing.assert_array_equal(wide[1], short[1])
    only_clutter_wide = wide[0] - make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=0)[0]
    assert (short[0] >= (only_clutter_wide > 0)).all()


@pytest.mark.parametrize(
    ("span", "error"),
    [(0.0, ValueError), (1.5, ValueError), (0.05, ValueError), (True, TypeError), ("1", TypeError)],
)
def test_bad_spans(span, error):
    with pytest.raises(error, match="span"):
        make_clutter_videos(1, seed=0, span=span)


@pytest.mark.parametrize(
    ("distractors", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_bad_distractor_counts(distractors, error):
    with pytest.raises(error, match="distractors"):
        make_clutter_videos(1, seed=0, distractors=distractors)


def test_placement_is_passed_on():
    for placement in ("random", "original"):
        x, y, _ = make_clutter_videos(N_PER_CLASS, seed=SEED, distractors=0, placement=placement)
        clean_x, clean_y, _ = make_videos(N_PER_CLASS, seed=SEED, placement=placement)
        np.testing.assert_array_equal(x, clean_x)
        np.testing.assert_array_equal(y, clean_y)
    with pytest.raises(ValueError, match="placement must be one of"):
        make_clutter_videos(1, seed=0, placement="seed")
