"""course_utils.models.lesson06 (written in notebook 06): shapes, weight counts, padding masks."""

import keras
import numpy as np
import pytest

from course_utils.models import lesson06
from course_utils.session import set_seed

BUILDERS = {
    "CNN-LSTM": lesson06.build_cnn_lstm_1d,
    "LSTM": lesson06.build_lstm,
    "Conv1D + pooling": lesson06.build_conv_pool,
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builders_map_recordings_to_class_probabilities(name):
    model = BUILDERS[name](30, 6, 4)
    assert model.input_shape == (None, 30, 6) and model.output_shape == (None, 4)
    x = np.random.default_rng(0).normal(size=(3, 30, 6)).astype("float32")
    probabilities = np.asarray(model.predict(x, verbose=0))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_the_lessons_weight_counts():
    # BasicMotions (100 steps, 6 channels, 4 classes) and JapaneseVowels (29, 12, 9), masked
    assert lesson06.build_cnn_lstm_1d(100, 6, 4, window=10).count_params() == 6708
    assert lesson06.build_lstm(100, 6, 4).count_params() == 5124
    assert lesson06.build_conv_pool(100, 6, 4).count_params() == 1476
    assert lesson06.build_cnn_lstm_1d(29, 12, 9, window=3, masked=True).count_params() == 7161
    assert lesson06.build_lstm(29, 12, 9, masked=True).count_params() == 6057
    assert lesson06.build_conv_pool(29, 12, 9, masked=True).count_params() == 2953


def test_the_sub_window_length_does_not_change_the_weight_count():
    """Exercise 2: Conv1D weights depend on the kernel, LSTM weights on the features per step."""
    counts = {window: lesson06.build_cnn_lstm_1d(100, 6, 4, window=window).count_params()
              for window in (5, 10, 25)}
    assert set(counts.values()) == {(3 * 6 * 16 + 16) + 4 * (16 + 32 + 1) * 32 + (32 * 4 + 4)}
    lstm = next(layer for layer in lesson06.build_cnn_lstm_1d(100, 6, 4, window=25).layers
                if isinstance(layer, keras.layers.LSTM))
    assert tuple(lstm.input.shape) == (None, 4, 16)  # 4 sub-windows of 16 features


def test_cnn_lstm_cuts_windows_and_pads_the_end():
    model = lesson06.build_cnn_lstm_1d(29, 12, 9, window=3, filters=4, lstm_units=5)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds[:3] == ["InputLayer", "ZeroPadding1D", "Reshape"]
    assert model.layers[2].output.shape == (None, 10, 3, 12)  # 29 steps + 1 = 10 windows of 3
    assert "TimeDistributed" in kinds and "LSTM" in kinds
    # Conv1D (3*12*4 + 4) + LSTM (4*(4+5+1)*5) + Dense (5*9 + 9)
    assert model.count_params() == 148 + 200 + 54


def test_padding_mask_marks_real_steps_and_windows():
    x = np.zeros((2, 6, 2), dtype="float32")
    x[0, :4, 0] = 1.0  # 4 real steps
    x[1, :1, 1] = -2.0  # 1 real step
    steps = np.asarray(lesson06.padding_mask(x))
    assert steps.tolist() == [[True] * 4 + [False] * 2, [True] + [False] * 5]
    windows = np.asarray(lesson06.padding_mask(x, window=2))
    assert windows.tolist() == [[True, True, False], [True, False, False]]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_masked_models_ignore_padding(name):
    """A recording padded to 12 steps gives what the same weights give it unpadded (6 steps)."""
    kwargs = {"window": 3} if name == "CNN-LSTM" else {}
    set_seed(0)
    padded_model = BUILDERS[name](12, 3, 2, masked=True, **kwargs)
    short_model = BUILDERS[name](6, 3, 2, masked=True, **kwargs)
    short_model.set_weights(padded_model.get_weights())
    short = np.random.default_rng(1).normal(size=(1, 6, 3)).astype("float32")
    padded = np.concatenate([short, np.zeros((1, 6, 3), dtype="float32")], axis=1)
    np.testing.assert_allclose(
        np.asarray(padded_model(padded)), np.asarray(short_model(short)), atol=1e-5
    )
    if name != "LSTM":  # unmasked, the padding changes the answer
        unmasked = BUILDERS[name](12, 3, 2, masked=False, **kwargs)
        unmasked.set_weights(padded_model.get_weights())
        assert not np.allclose(np.asarray(unmasked(padded)), np.asarray(short_model(short)),
                               atol=1e-5)


def test_a_fresh_model_learns_an_easy_split():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 24)
    x = rng.normal(size=(48, 10, 2)).astype("float32")
    x[y == 1, 5:, 0] += 2.0  # class 1: the second half of channel 0 rises
    set_seed(0)
    model = lesson06.build_conv_pool(10, 2, 2, filters=4)
    model.compile(optimizer=keras.optimizers.Adam(0.03), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[::2], y[::2], epochs=15, batch_size=8, verbose=0)
    assert np.mean(model.predict(x[1::2], verbose=0).argmax(-1) == y[1::2]) >= 0.9
