"""course_utils.checks: one-line errors for inputs that do not fit a model."""

import numpy as np
import pytest

from course_utils import checks
from course_utils.runtime import import_keras

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
    assert checks.check_images(images, image_model) is images
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


def test_check_images_without_model():
    with pytest.raises(ValueError, match="batch of sequences"):
        checks.check_images(np.zeros((4, 2, 28, 28, 1)))
    with pytest.raises(ValueError, match="add a channel axis"):
        checks.check_images(np.zeros((4, 28, 28)))


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
    for bad in (0, 2.0, True, "3"):
        with pytest.raises(ValueError, match="frames must be an int >= 1, got"):
            checks.positive_int("frames", bad)
