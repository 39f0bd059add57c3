"""Tests for course_utils.data.make_digit_sequences (sequences of MNIST digits, lesson 01)."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.data import (
    MAX_SEQUENCE_FRAMES,
    load_mnist_sample_arrays,
    make_digit_sequences,
    prepare_images,
)


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """The first 1,000 embedded MNIST digits, uint8 (1000, 28, 28), labels (1000,)."""
    x, y = load_mnist_sample_arrays()
    return x[:1000], y[:1000]


def test_shapes_dtypes_and_range(digits):
    x, y = digits
    x_seq, y_seq = make_digit_sequences(x, y, n=50, seed=0)
    assert x_seq.shape == (50, 2, 28, 28, 1)
    assert x_seq.dtype == np.float32
    assert x_seq.min() >= 0.0 and x_seq.max() <= 1.0
    assert y_seq.shape == (50,)
    assert np.issubdtype(y_seq.dtype, np.integer)
    assert y_seq.min() >= 0 and y_seq.max() <= 99


def test_label_is_the_number_the_frames_spell_in_order(digits):
    x, y = digits
    x_seq, y_seq, index = make_digit_sequences(x, y, n=300, seed=1, return_index=True)
    assert index.shape == (300, 2)
    np.testing.assert_array_equal(y_seq, 10 * y[index[:, 0]] + y[index[:, 1]])
    np.testing.assert_array_equal(x_seq, prepare_images(x)[index])


def test_swapping_frames_changes_the_label_when_digits_differ(digits):
    x, y = digits
    _, y_seq, index = make_digit_sequences(x, y, n=300, seed=2, return_index=True)
    first, second = y[index[:, 0]], y[index[:, 1]]
    differ = first != second
    assert differ.mean() > 0.8  # about 90 % of uniformly drawn numbers have two different digits
    swapped = 10 * second + first
    assert np.all(swapped[differ] != y_seq[differ])
    assert np.all(swapped[~differ] == y_seq[~differ])


def test_same_seed_same_sequences_other_seed_other_sequences(digits):
    x, y = digits
    a = make_digit_sequences(x, y, n=40, seed=5, return_index=True)
    b = make_digit_sequences(x, y, n=40, seed=5, return_index=True)
    c = make_digit_sequences(x, y, n=40, seed=6, return_index=True)
    for left, right in zip(a, b, strict=True):
        np.testing.assert_array_equal(left, right)
    assert not np.array_equal(a[2], c[2])


def test_every_number_is_drawn_about_equally_often(digits):
    x, y = digits
    _, y_seq = make_digit_sequences(x, y, n=20_000, seed=3)
    counts = np.bincount(y_seq, minlength=100)
    assert counts.min() > 120 and counts.max() < 280  # expected 200 each


def test_disjoint_sources_give_disjoint_images(digits):
    x, y = digits
    (x_a, y_a), (x_b, y_b) = (x[:500], y[:500]), (x[500:], y[500:])
    seq_a, _, index_a = make_digit_sequences(x_a, y_a, n=400, seed=0, return_index=True)
    seq_b, _, index_b = make_digit_sequences(x_b, y_b, n=400, seed=0, return_index=True)
    assert index_a.max() < 500 and index_b.max() < 500
    bytes_a = {frame.tobytes() for frame in seq_a.reshape(-1, 28 * 28)}
    bytes_b = {frame.tobytes() for frame in seq_b.reshape(-1, 28 * 28)}
    assert not bytes_a & bytes_b


@pytest.mark.parametrize("frames", [1, 3])
def test_other_frame_counts(digits, frames):
    x, y = digits
    x_seq, y_seq, index = make_digit_sequences(x, y, n=60, seed=0, frames=frames, return_index=True)
    assert x_seq.shape == (60, frames, 28, 28, 1)
    assert y_seq.max() < 10**frames
    powers = 10 ** np.arange(frames - 1, -1, -1)
    np.testing.assert_array_equal(y[index] @ powers, y_seq)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"n": 2.5}, TypeError, "n must be an int"),
        ({"seed": -1}, ValueError, "seed must be a non-negative"),
        ({"seed": "0"}, TypeError, "seed must be an int"),
        ({"frames": 0}, ValueError, "frames must be between 1"),
        ({"frames": MAX_SEQUENCE_FRAMES + 1}, ValueError, "frames must be between 1"),
        ({"frames": True}, TypeError, "frames must be an int"),
    ],
)
def test_bad_arguments_name_themselves(digits, kwargs, error, words):
    x, y = digits
    args = {"n": 10, "seed": 0, "frames": 2, **kwargs}
    with pytest.raises(error, match=words):
        make_digit_sequences(x, y, **args)


def test_bad_images_and_labels(digits):
    x, y = digits
    with pytest.raises(ValueError, match=r"shape \(samples, rows, cols\)"):
        make_digit_sequences(x[..., np.newaxis], y, n=5, seed=0)  # uint8 with a channel axis
    with pytest.raises(TypeError, match=r"expected uint8 pixels"):
        make_digit_sequences(x.astype("float32") / 255, y, n=5, seed=0)  # already scaled
    with pytest.raises(ValueError, match=r"one label per image"):
        make_digit_sequences(x, y[:-1], n=5, seed=0)
    with pytest.raises(TypeError, match=r"integer digit labels"):
        make_digit_sequences(x, y.astype("float32"), n=5, seed=0)
    with pytest.raises(ValueError, match=r"missing \[7\]"):
        keep = y != 7
        make_digit_sequences(x[keep], y[keep], n=5, seed=0)
