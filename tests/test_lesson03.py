"""Lesson 03's saved cells (course_utils.models.lesson03): the ConvLSTM classifier and one ConvLSTM
step written out; and the cost counts of course_utils.metrics that the lesson teaches with."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import checks, metrics
from course_utils.session import import_keras

keras = import_keras()

from course_utils.models import lesson02, lesson03  # noqa: E402  (after the backend starts quietly)

KERNEL_SIZES = (4, 8, 8)


@pytest.fixture(scope="module")
def original():
    return lesson03.build_convlstm()


def test_the_original_lesson_s_model_has_29504_weights(original):
    assert original.count_params() == 29_504


@pytest.mark.parametrize("filters", [5, 3, 8])
def test_weights_per_layer_follow_the_gate_formula(original, filters):
    model = original if filters == 5 else lesson03.build_convlstm(filters=filters)
    counts = {layer.name: layer.count_params() for layer in model.layers}
    f = filters
    for block, k, channels in zip((1, 2, 3), KERNEL_SIZES, (1, f, f), strict=True):
        assert counts[f"convlstm{block}"] == 4 * (k * k * channels * f + k * k * f * f + f)
    assert counts["probabilities"] == 6 * 16 * f * 4 + 4


def test_shapes_layer_by_layer(original):
    shapes = [tuple(layer.output.shape) for layer in original.layers]
    assert shapes == [
        (None, 20, 50, 130, 5),
        (None, 20, 25, 65, 5),
        (None, 20, 25, 65, 5),
        (None, 20, 12, 32, 5),
        (None, 12, 32, 5),
        (None, 6, 16, 5),
        (None, 480),
        (None, 4),
    ]
    assert original.input_shape == (None, 20, 50, 130, 1)


def test_only_the_last_recurrent_layer_returns_one_step(original):
    recurrent = [layer for layer in original.layers if isinstance(layer, keras.layers.ConvLSTM2D)]
    assert [layer.return_sequences for layer in recurrent] == [True, True, False]
    assert {layer.padding for layer in recurrent} == {"same"}


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_activation_changes_no_weight_count(activation):
    model = lesson03.build_convlstm(activation=activation)
    assert model.count_params() == 29_504
    cell = model.get_layer("convlstm1").cell
    assert cell.activation.__name__ == activation
    assert cell.recurrent_activation.__name__ == "sigmoid"


def test_small_geometry_predicts_probabilities():
    model = lesson03.build_convlstm(frames=3, height=16, width=24, n_classes=3)
    x = np.random.default_rng(0).random((2, 3, 16, 24, 1), dtype=np.float32)
    probabilities = model.predict(x, verbose=0)
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_one_step_written_out_is_keras_s_convlstm2d(activation):
    keras.utils.set_random_seed(0)
    layer = keras.layers.ConvLSTM2D(3, (4, 4), padding="same", activation=activation,
                                    return_sequences=True)
    clips = np.random.default_rng(1).random((2, 5, 7, 9, 2), dtype=np.float32)
    expected = keras.ops.convert_to_numpy(layer(clips))
    kernel, recurrent_kernel, bias = layer.get_weights()
    h = c = np.zeros((2, 7, 9, 3), dtype=np.float32)
    steps = []
    for t in range(clips.shape[1]):
        h, c = lesson03.convlstm_step(clips[:, t], h, c, kernel, recurrent_kernel, bias,
                                      activation=getattr(keras.ops, activation))
        steps.append(keras.ops.convert_to_numpy(h))
    np.testing.assert_allclose(np.stack(steps, axis=1), expected, atol=1e-5)


def test_a_batch_of_frames_fails_in_one_line(original):
    frames = np.zeros((4, 50, 130, 1), dtype=np.float32)  # the time axis is missing
    with pytest.raises(ValueError) as info:
        checks.check_sequences(frames, original)
    message = str(info.value)
    assert "\n" not in message
    assert "(samples, 20, 50, 130, 1)" in message and "stack the frames on axis 1" in message


def test_integer_pixels_are_refused(original):
    with pytest.raises(TypeError, match="float pixels"):
        checks.check_sequences(np.zeros((1, 20, 50, 130, 1), dtype=np.uint8), original)


def test_feature_map_bytes_counts_every_step_of_the_recurrent_layers(original):
    found = metrics.feature_map_bytes(original, batch_size=1)
    assert list(found) == [layer.name for layer in original.layers]
    kept = metrics.MAPS_KEPT_PER_STEP
    assert found["convlstm1"] == 20 * 50 * 130 * 5 * kept * 4
    assert found["convlstm3"] == 20 * 12 * 32 * 5 * kept * 4  # last step only returned, all kept
    assert found["pool1"] == 20 * 25 * 65 * 5 * 4
    assert found["probabilities"] == 4 * 4
    doubled = metrics.feature_map_bytes(original, batch_size=2)
    assert sum(doubled.values()) == 2 * sum(found.values())


def _cnn_lstm_ways():
    """Lesson 02's ways of writing the CNN-LSTM that its module exports (way (d) at least)."""
    names = ("build_cnn_lstm_wrapped", "build_cnn_lstm_per_layer", "build_cnn_lstm_functional",
             "build_cnn_lstm_folded")
    return [getattr(lesson02, name) for name in names if hasattr(lesson02, name)]


@pytest.mark.parametrize("count", [metrics.feature_map_bytes, metrics.multiply_adds])
def test_counts_agree_for_every_way_of_writing_the_cnn_lstm(count):
    kwargs = {"batch_size": 1} if count is metrics.feature_map_bytes else {}
    totals = {sum(count(build(), **kwargs).values()) for build in _cnn_lstm_ways()}
    assert len(totals) == 1


def test_multiply_adds_of_the_original_convlstm(original):
    found = metrics.multiply_adds(original)
    f = 5
    assert found["convlstm1"] == 20 * 50 * 130 * 4 * f * (4 * 4 * 1 + 4 * 4 * f)
    assert found["convlstm3"] == 20 * 12 * 32 * 4 * f * (8 * 8 * f + 8 * 8 * f)
    assert found["pool1"] == found["flatten"] == 0
    assert found["probabilities"] == 480 * 4
    assert sum(found.values()) == 763_905_920


def test_the_cnn_lstm_does_a_tenth_of_the_arithmetic(original):
    cnn = sum(metrics.multiply_adds(lesson02.build_cnn_lstm_folded()).values())
    convolutions = 20 * (50 * 130 * 16 * 5 + 25 * 65 * 64 * 25 + 12 * 32 * 64 * 25)
    assert cnn == convolutions + 20 * 20 * 485 + 5 * 4  # + 20 LSTM(5) steps + Dense(5 -> 4)
    assert 9 < sum(metrics.multiply_adds(original).values()) / cnn < 11


def test_feature_map_bytes_rejects_a_bad_batch(original):
    with pytest.raises(ValueError, match="batch_size"):
        metrics.feature_map_bytes(original, batch_size=0)


def test_pooling_every_frame_first_is_the_classifier_on_half_size_frames(original):
    """Exercise 2: a 2 x 2 pooling in front divides the arithmetic by about 4, and the pooled model
    is the same classifier on frames of 25 x 65 (same weights, same multiply-adds)."""
    layers = keras.layers
    pooled = keras.Sequential([
        keras.Input((20, 50, 130, 1)),
        layers.TimeDistributed(layers.MaxPooling2D(2)),
        layers.ConvLSTM2D(5, (4, 4), padding="same", return_sequences=True),
        layers.TimeDistributed(layers.MaxPooling2D(2)),
        layers.ConvLSTM2D(5, (8, 8), padding="same", return_sequences=True),
        layers.TimeDistributed(layers.MaxPooling2D(2)),
        layers.ConvLSTM2D(5, (8, 8), padding="same"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(4, activation="softmax"),
    ])
    half = lesson03.build_convlstm(20, 25, 65)
    count = lambda m: sum(metrics.multiply_adds(m).values())  # noqa: E731
    assert count(pooled) == count(half)
    assert pooled.count_params() == half.count_params() == 28_064
    assert 4.0 < count(original) / count(pooled) < 4.3


def test_the_last_cell_state_has_the_twice_pooled_frame_size():
    """Exercise 4: for lesson 03's frames of 24 x 32 and 8 maps, convlstm3's state is
    (batch, 6, 8, 8); on 25 x 65, where the poolings round down, (batch, 6, 16, 8)."""
    for (height, width), state in [((24, 32), (6, 8, 8)), ((25, 65), (6, 16, 8))]:
        model = lesson03.build_convlstm(20, height, width, filters=8)
        assert tuple(model.get_layer("convlstm3").output.shape[1:]) == state
        probe = keras.layers.ConvLSTM2D(8, (8, 8), padding="same", return_state=True)
        _, h, c = probe(np.zeros((16, 20, *state), dtype=np.float32))
        assert tuple(h.shape) == tuple(c.shape) == (16, *state)
