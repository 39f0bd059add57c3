"""Shared helpers of the unit tests."""

import pytest

from course_utils.session import import_keras, set_seed

keras = import_keras()


@pytest.fixture
def tiny_sequence_model():
    """Build a small compiled sequence classifier: ``(samples, time, rows, cols, 1)`` → classes."""

    def build(frame_input: tuple[int, ...], n_classes: int, units: int = 8):
        set_seed(0)
        model = keras.Sequential(
            [
                keras.Input(frame_input),
                keras.layers.TimeDistributed(keras.layers.Flatten()),
                keras.layers.LSTM(units),
                keras.layers.Dense(n_classes, activation="softmax"),
            ]
        )
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    return build


@pytest.fixture(autouse=True)
def no_figures_left_from_other_tests():
    """Start every test with no open matplotlib figure, so that checks such as "the helper closed
    its own figure" (``plt.get_fignums() == []``) see only what the test itself opened."""
    import matplotlib.pyplot as plt

    plt.close("all")
    yield
