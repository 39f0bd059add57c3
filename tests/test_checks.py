"""course_utils.checks: one-line errors for inputs that do not fit a model."""

import numpy as np
import pytest

from course_utils import checks
from course_utils.session import import_keras

keras = import_keras()


@pytest.fixture(scope="module")
def sequence_model():
    return keras.Sequential(
        [
            keras.Input((2, 28, 28, 1)),
            keras.layers.TimeDistributed(keras.layers.Flatten()),
            keras.layers.LSTM(3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


@pytest.fixture(scope="module")
def image_model():
    return keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )


def _one_line(error):
    message = str(error.value)
    assert "\n" not in message
    return message


def test_good_inputs_pass(sequence_model, image_model):
    seqs = np.zeros((4, 2, 28, 28, 1), dtype="float32")
    images = np.zeros((4, 28, 28, 1), dtype="float32")
    assert checks.check_sequences(seqs, sequence_model) is seqs
    assert checks.check_input(images, image_model) is images
    assert checks.check_input(images, image_model) is images


def test_images_given_to_sequence_model(sequence_model):
    with pytest.raises(ValueError) as error:
        checks.check_sequences(np.zeros((4, 28, 28, 1), "float32"), sequence_model)
    message = _one_line(error)
    assert "(samples, 2, 28, 28, 1)" in message and "(4, 28, 28, 1)" in message
    assert "single images" in message and "sequences of 2 frames" in message


def test_sequences_given_to_image_model(image_model):
    with pytest.raises(ValueError, match="sequences was given to a model that reads single images"):
        checks.check_input(np.zeros((4, 2, 28, 28, 1), "float32"), image_model)


def test_missing_channel_axis(image_model):
    with pytest.raises(ValueError, match="channel axis is missing"):
        checks.check_input(np.zeros((4, 28, 28), "float32"), image_model)


def test_wrong_number_of_frames(sequence_model):
    with pytest.raises(ValueError, match="reads 2 frames per sequence, these have 3"):
        checks.check_sequences(np.zeros((4, 3, 28, 28, 1), "float32"), sequence_model)


def test_wrong_frame_size(sequence_model):
    with pytest.raises(ValueError, match=r"got \(4, 2, 32, 32, 1\)"):
        checks.check_sequences(np.zeros((4, 2, 32, 32, 1), "float32"), sequence_model)


def test_unscaled_integer_pixels(image_model):
    with pytest.raises(TypeError, match="uint8.*/ 255"):
        checks.check_input(np.zeros((4, 28, 28, 1), np.uint8), image_model)


def test_not_an_array(image_model):
    with pytest.raises(TypeError, match="NumPy array, got list"):
        checks.check_input([[0.0]], image_model)


def test_not_a_model():
    with pytest.raises(TypeError, match="built Keras model"):
        checks.check_input(np.zeros((1, 28, 28, 1), "float32"), object())


def test_check_sequences_needs_a_sequence_model(image_model):
    with pytest.raises(ValueError, match="reads sequences"):
        checks.check_sequences(np.zeros((4, 2, 28, 28, 1), "float32"), image_model)


def test_check_sequences_without_model():
    with pytest.raises(ValueError, match="single images came"):
        checks.check_sequences(np.zeros((4, 28, 28, 1), "float32"))
    assert checks.check_sequences(np.zeros((1, 2, 3, 4, 1))).ndim == 5


def test_check_labels():
    assert checks.check_labels(np.array([0, 9]), 10).shape == (2,)
    assert checks.check_labels(np.eye(10)[:3], 10, n_samples=3).shape == (3, 10)
    with pytest.raises(ValueError, match="expected 5 labels"):
        checks.check_labels(np.zeros(4, int), 10, n_samples=5)
    with pytest.raises(ValueError, match="labels in 0..9"):
        checks.check_labels(np.array([0, 10]), 10)
    with pytest.raises(ValueError, match=r"one-hot labels \(samples, 10\)"):
        checks.check_labels(np.zeros((3, 4)), 10)
    with pytest.raises(TypeError, match="integer class labels"):
        checks.check_labels(np.array([0.5]), 10)


def test_positive_int():
    assert checks.positive_int("frames", 3) == 3
    assert checks.positive_int("height", 8, minimum=8) == 8
    assert checks.positive_int("frames", np.int64(3)) == 3
    with pytest.raises(ValueError, match="frames must be an int >= 1, got 0"):
        checks.positive_int("frames", 0)
    for bad in (2.0, True, "3", None):  # a wrong type is a TypeError
        with pytest.raises(TypeError, match=r"frames must be an int >= 1, got .* \("):
            checks.positive_int("frames", bad)


def test_pixels_must_be_finite_and_scaled(image_model):
    images = np.full((2, 28, 28, 1), 0.5, "float32")
    images[1, 3, 4, 0] = np.nan
    with pytest.raises(ValueError, match=r"1 NaN value\(s\) \(first at index \(1, 3, 4, 0\)\)"):
        checks.check_input(images, image_model)
    with pytest.raises(ValueError, match=r"from 0 to 255: scale them first \(x / 255\)"):
        checks.check_pixels(np.linspace(0, 255, 2 * 28 * 28).reshape(2, 28, 28, 1))
    shifted = np.full((1, 28, 28, 1), -0.5)
    assert checks.check_pixels(shifted, pixel_range=None) is shifted
    assert checks.check_pixels(shifted, pixel_range=(-1, 1)) is shifted
    with pytest.raises(ValueError, match="holds no samples"):
        checks.check_sequences(np.zeros((0, 2, 28, 28, 1)))
    almost_one = np.full((1, 28, 28, 1), 1 + 1e-7)  # rounding of a resized frame is tolerated
    assert checks.check_pixels(almost_one) is almost_one


def test_check_labels_refuses_floats_nan_and_bad_one_hot():
    with pytest.raises(TypeError, match="fractions such as 0.9"):
        checks.check_labels(np.array([0.9, 1.0]), 3)
    with pytest.raises(TypeError, match="holding NaN"):
        checks.check_labels(np.array([np.nan]), 3)
    with pytest.raises(TypeError, match=r"convert with y.astype\('int64'\)"):
        checks.check_labels(np.array([1.0, 2.0]), 3)
    with pytest.raises(ValueError, match="rows summing to 1"):
        checks.check_labels(np.zeros((2, 3)), 3)
    with pytest.raises(ValueError, match="n_classes must be an int >= 1"):
        checks.check_labels(np.array([0]), 0)


def test_argument_helpers():
    assert checks.fraction("fraction", 0.25) == 0.25
    assert checks.positive_number("size", 2) == 2.0
    assert checks.integer("index", np.int32(-2)) == -2
    assert checks.seed_int("seed", 0) == 0
    for bad in (0, 1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="between 0 and 1"):
            checks.fraction("fraction", bad)
    with pytest.raises(TypeError, match=r"got '0.2' \(str\)"):
        checks.fraction("fraction", "0.2")


def test_learning_rate_check():
    assert checks.learning_rate("learning_rate", 3e-3) == 3e-3
    assert checks.learning_rate("learning_rate", np.float32(0.5)) == 0.5
    for bad in (0, 1, 3, -1e-3, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"learning_rate must be a number in \(0, 1\)"):
            checks.learning_rate("learning_rate", bad)
    for bad in ("1e-3", True, None):
        with pytest.raises(TypeError, match=r"rate must be a number in \(0, 1\), got"):
            checks.learning_rate("rate", bad)


def test_check_keywords_names_the_owner():
    def make(n_per_class, seed, frames=20, *, noise=1.0):
        return n_per_class, seed, frames, noise

    checks.check_keywords("Owner", make, {"frames": 4, "noise": 0.0}, supplied=2)
    with pytest.raises(TypeError, match=r"^Owner got unexpected keyword argument\(s\) 'colour'"):
        checks.check_keywords("Owner", make, {"colour": True}, supplied=2)
    with pytest.raises(TypeError, match="Owner sets 'seed' of make itself"):
        checks.check_keywords("Owner", make, {"seed": 1}, supplied=2)
    with pytest.raises(TypeError, match="Owner: make must be a function"):
        checks.check_keywords("Owner", "make", {})
    checks.check_keywords("Owner", lambda n, seed, **anything: None, {"colour": True}, supplied=2)
