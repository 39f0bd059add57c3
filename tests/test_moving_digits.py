"""The Moving MNIST generator: shapes, invariants, seeds, disjoint digit pools, argument errors."""

import numpy as np
import pytest

from course_utils import data
from course_utils.moving_digits import bounce, make_moving_digits, resize_digits


@pytest.fixture(scope="module")
def pools():
    (x_train, _), (x_test, _) = data.load_mnist("sample", verbose=False)
    return x_train, x_test


@pytest.fixture(scope="module")
def standard(pools):
    return make_moving_digits(pools[0], 40, seed=3, return_details=True)


@pytest.fixture(scope="module")
def small(pools):
    return make_moving_digits(
        pools[0], 60, seed=4, size=32, digit_size=14, frames=12, return_details=True
    )


def test_standard_shape_dtype_and_range(standard):
    v = standard.videos
    assert v.shape == (40, 20, 64, 64, 1)  # the standard geometry by default
    assert v.dtype == np.float32
    assert v.min() >= 0.0 and v.max() <= 1.0
    assert v.max() > 0.9  # digits are drawn, not a blank canvas


def test_digits_stay_on_the_canvas(standard, small):
    for made, size in ((standard, 64), (small, 32)):
        free = size - made.digit_size
        for pos in (made.rows, made.cols):
            assert pos.min() >= 0 and pos.max() <= free
        # nothing is drawn outside the union of the digits' boxes
        n, frames, digits = made.rows.shape
        inside = np.zeros(made.videos.shape[:4], dtype=bool)
        for i in range(n):
            for t in range(frames):
                for k in range(digits):
                    r, c = made.rows[i, t, k], made.cols[i, t, k]
                    inside[i, t, r : r + made.digit_size, c : c + made.digit_size] = True
        assert not made.videos[..., 0][~inside].any()


def test_digits_move_and_bounce(standard):
    steps = np.abs(np.diff(standard.rows, axis=1)) + np.abs(np.diff(standard.cols, axis=1))
    assert steps.max() > 0  # they move
    # speed 3.6 px per frame: a step never exceeds it, give or take rounding, on each axis
    assert np.abs(np.diff(standard.rows, axis=1)).max() <= 5
    free = 64 - 28
    touched = (standard.rows == 0) | (standard.rows == free) | (standard.cols == 0)
    touched |= standard.cols == free
    assert touched.any()  # some digit reaches an edge and comes back


def test_bounce_folds_a_straight_line_into_the_range():
    path = np.arange(-10, 31, dtype=float)
    folded = bounce(path, 10)
    assert folded.min() >= 0 and folded.max() <= 10
    assert folded[path == 13][0] == 7 and folded[path == -3][0] == 3
    assert np.abs(np.diff(folded)).max() == 1  # no jumps


def test_frame_mass_is_the_sum_of_the_digits_where_they_do_not_overlap(pools, standard, small):
    for made, pool in ((standard, pools[0]), (small, pools[0])):
        pixels = resize_digits(pool[made.image_index.ravel()], made.digit_size)
        masses = pixels.sum(axis=(1, 2)).reshape(made.image_index.shape)  # (samples, digits)
        d = made.digit_size
        apart = (np.abs(made.rows[..., 0] - made.rows[..., 1]) >= d) | (
            np.abs(made.cols[..., 0] - made.cols[..., 1]) >= d
        )  # (samples, frames): the two boxes do not overlap
        assert apart.any() and (~apart).any()
        frame_mass = made.videos.sum(axis=(2, 3, 4), dtype=np.float64)
        expected = np.broadcast_to(masses.sum(axis=1)[:, None], frame_mass.shape)
        np.testing.assert_allclose(frame_mass[apart], expected[apart], rtol=1e-5)
        # overlapping digits combine by their maximum: never more than the sum, never less
        # than the larger digit
        assert (frame_mass <= expected + 1e-3).all()
        assert (frame_mass + 1e-3 >= masses.max(axis=1)[:, None]).all()


def test_same_seed_same_arrays_other_seed_other_arrays(pools):
    one = make_moving_digits(pools[0], 8, seed=11, size=32, digit_size=14)
    two = make_moving_digits(pools[0], 8, seed=11, size=32, digit_size=14)
    three = make_moving_digits(pools[0], 8, seed=12, size=32, digit_size=14)
    assert np.array_equal(one, two)
    assert not np.array_equal(one, three)


def test_train_and_test_sequences_share_no_digit_image(pools):
    x_train, x_test = pools
    train = make_moving_digits(x_train, 300, seed=1, return_details=True)
    test = make_moving_digits(x_test, 300, seed=2, return_details=True)
    train_images = {x_train[i].tobytes() for i in np.unique(train.image_index)}
    test_images = {x_test[i].tobytes() for i in np.unique(test.image_index)}
    assert train_images and test_images
    assert not train_images & test_images
    # and the pools themselves are disjoint, so no choice of seeds could make them meet
    assert not {x.tobytes() for x in x_train} & {x.tobytes() for x in x_test}


def test_matches_a_plain_loop_over_sequences_and_frames(pools, small):
    pixels = resize_digits(pools[0], 14)
    expected = np.zeros_like(small.videos)
    n, frames, digits = small.rows.shape
    for i in range(n):
        for t in range(frames):
            for k in range(digits):
                r, c = small.rows[i, t, k], small.cols[i, t, k]
                window = expected[i, t, r : r + 14, c : c + 14, 0]
                np.maximum(window, pixels[small.image_index[i, k]], out=window)
    assert np.array_equal(small.videos, expected)


def test_resize_averages_blocks(pools):
    digit = pools[0][:1]
    half = resize_digits(digit, 14)
    assert half.shape == (1, 14, 14)
    np.testing.assert_allclose(half[0, 3, 5], digit[0, 6:8, 10:12].mean() / 255, rtol=1e-6)
    np.testing.assert_allclose(resize_digits(digit, 28)[0], digit[0] / 255, rtol=1e-6)


def test_float_images_and_a_channel_axis_are_accepted(pools):
    as_uint8 = make_moving_digits(pools[0][:50], 4, seed=0, size=32, digit_size=14)
    as_float = make_moving_digits(
        (pools[0][:50] / 255.0)[..., None], 4, seed=0, size=32, digit_size=14
    )
    np.testing.assert_allclose(as_uint8, as_float, atol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"n": 0}, ValueError, "n must be"),
        ({"n": 2.5}, TypeError, "n must be an int"),
        ({"seed": -1}, ValueError, "seed"),
        ({"frames": 0}, ValueError, "frames"),
        ({"digits": 0}, ValueError, "digits"),
        ({"size": 28}, ValueError, "size must be larger"),
        ({"digit_size": 10}, ValueError, "digit_size must divide 28"),
        ({"speed": -1.0}, ValueError, "speed"),
        ({"speed": 100.0}, ValueError, "at most size - digit_size"),
        ({"speed": "fast"}, TypeError, "speed"),
    ],
)
def test_bad_arguments_get_clear_errors(pools, kwargs, error, words):
    arguments = {"n": 2, "seed": 0, **kwargs}
    n, seed = arguments.pop("n"), arguments.pop("seed")
    with pytest.raises(error, match=words):
        make_moving_digits(pools[0][:10], n, seed, **arguments)


@pytest.mark.parametrize(
    ("images", "error", "words"),
    [
        ([[0]], TypeError, "NumPy array"),
        (np.zeros((3, 28, 27), np.uint8), ValueError, r"\(samples, 28, 28\)"),
        (np.zeros((0, 28, 28), np.uint8), ValueError, "at least one digit"),
        (np.zeros((3, 28, 28), np.int64), TypeError, "uint8"),
        (np.full((3, 28, 28), 255.0), ValueError, r"\[0, 1\]"),
    ],
)
def test_bad_images_get_clear_errors(images, error, words):
    with pytest.raises(error, match=words):
        make_moving_digits(images, 2, 0)
