"""Tests for course_utils.models.convlstm: the ConvLSTM2D classifier and its memory estimate."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import checks, training
from course_utils.models import convlstm
from course_utils.models.cnn_lstm import compile_classifier
from course_utils.session import import_keras

keras = import_keras()


@pytest.fixture(scope="module")
def seed_model():
    return convlstm.build_convlstm()


def test_seed_architecture_has_29504_weights(seed_model):
    assert seed_model.count_params() == convlstm.PARAMS == 29_504


@pytest.mark.parametrize("filters", [convlstm.FILTERS, 3, 8])
def test_weights_per_layer_follow_the_gate_formula(seed_model, filters):
    model = seed_model if filters == convlstm.FILTERS else convlstm.build_convlstm(filters=filters)
    counts = {layer.name: layer.count_params() for layer in model.layers}
    f = filters
    for block, (k, _), channels in zip((1, 2, 3), convlstm.KERNEL_SIZES, (1, f, f), strict=True):
        assert counts[f"convlstm{block}"] == 4 * (k * k * channels * f + k * k * f * f + f)
    assert counts["probabilities"] == 6 * 16 * f * 4 + 4
    assert model.get_layer("convlstm3").output.shape[-1] == f


def test_shapes_layer_by_layer(seed_model):
    shapes = [tuple(layer.output.shape) for layer in seed_model.layers]
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
    assert seed_model.input_shape == (None, 20, 50, 130, 1)


def test_only_the_last_recurrent_layer_returns_one_step(seed_model):
    recurrent = [layer for layer in seed_model.layers if isinstance(layer, keras.layers.ConvLSTM2D)]
    assert [layer.return_sequences for layer in recurrent] == [True, True, False]
    assert {layer.padding for layer in recurrent} == {"same"}


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_activation_changes_no_weight_count(activation):
    model = convlstm.build_convlstm(activation=activation)
    assert model.count_params() == convlstm.PARAMS
    cell = model.get_layer("convlstm1").cell
    assert cell.activation.__name__ == activation
    assert cell.recurrent_activation.__name__ == "sigmoid"


def test_small_geometry_predicts_probabilities():
    model = convlstm.build_convlstm(frames=3, height=16, width=24, n_classes=3)
    x = np.random.default_rng(0).random((2, 3, 16, 24, 1), dtype=np.float32)
    probabilities = model.predict(x, verbose=0)
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_a_batch_of_frames_fails_in_one_line(seed_model):
    frames = np.zeros((4, 50, 130, 1), dtype=np.float32)  # the time axis is missing
    with pytest.raises(ValueError) as info:
        checks.check_sequences(frames, seed_model)
    message = str(info.value)
    assert "\n" not in message
    assert "(samples, 20, 50, 130, 1)" in message and "stack the frames on axis 1" in message


def test_fit_rejects_a_wrong_frame_count_before_keras_does():
    model = compile_classifier(convlstm.build_convlstm(frames=4, height=8, width=8))
    x = np.zeros((2, 5, 8, 8, 1), dtype=np.float32)
    with pytest.raises(ValueError, match="reads 4 frames per sequence, these have 5"):
        training.fit(model, x, np.array([0, 1]), epochs=1, verbose=False)


def test_integer_pixels_are_refused(seed_model):
    with pytest.raises(TypeError, match="float pixels"):
        checks.check_sequences(np.zeros((1, 20, 50, 130, 1), dtype=np.uint8), seed_model)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"height": 6}, ValueError, "height must be an int >= 8"),
        ({"frames": 0}, ValueError, "frames must be an int >= 1"),
        ({"n_classes": 2.0}, ValueError, "n_classes"),
        ({"filters": 0}, ValueError, "filters must be an int >= 1"),
        ({"filters": "8"}, ValueError, "filters"),
        ({"activation": None}, TypeError, "activation"),
        ({"activation": "no_such_activation"}, ValueError, "no_such_activation"),
    ],
)
def test_bad_arguments(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        convlstm.build_convlstm(**kwargs)


def test_feature_map_bytes_counts_every_step_of_the_recurrent_layers(seed_model):
    found = convlstm.feature_map_bytes(seed_model, batch_size=1)
    assert list(found) == [layer.name for layer in seed_model.layers]
    kept = convlstm.MAPS_KEPT_PER_STEP
    assert found["convlstm1"] == 20 * 50 * 130 * 5 * kept * 4
    assert found["convlstm3"] == 20 * 12 * 32 * 5 * kept * 4  # last step only returned, all kept
    assert found["pool1"] == 20 * 25 * 65 * 5 * 4
    assert found["probabilities"] == 4 * 4
    doubled = convlstm.feature_map_bytes(seed_model, batch_size=2)
    assert sum(doubled.values()) == 2 * sum(found.values())


@pytest.mark.parametrize("count", [convlstm.feature_map_bytes, convlstm.multiply_adds])
def test_counts_agree_for_every_cnn_lstm_builder(count):
    from course_utils.models import cnn_lstm

    kwargs = {"batch_size": 1} if count is convlstm.feature_map_bytes else {}
    totals = {sum(count(build(), **kwargs).values()) for build in cnn_lstm.BUILDERS.values()}
    assert len(totals) == 1


def test_multiply_adds_of_the_seed_convlstm(seed_model):
    found = convlstm.multiply_adds(seed_model)
    f = convlstm.FILTERS
    assert found["convlstm1"] == 20 * 50 * 130 * 4 * f * (4 * 4 * 1 + 4 * 4 * f)
    assert found["convlstm3"] == 20 * 12 * 32 * 4 * f * (8 * 8 * f + 8 * 8 * f)
    assert found["pool1"] == found["flatten"] == 0
    assert found["probabilities"] == 480 * 4
    assert sum(found.values()) == 763_905_920


def test_the_cnn_lstm_does_a_tenth_of_the_arithmetic(seed_model):
    from course_utils.models import cnn_lstm

    cnn = sum(convlstm.multiply_adds(cnn_lstm.build_cnn_lstm_per_layer()).values())
    convolutions = 20 * (50 * 130 * 16 * 5 + 25 * 65 * 64 * 25 + 12 * 32 * 64 * 25)
    assert cnn == convolutions + 20 * 20 * 485 + 5 * 4  # + 20 LSTM(5) steps + Dense(5 -> 4)
    assert 9 < sum(convlstm.multiply_adds(seed_model).values()) / cnn < 11


def test_feature_map_bytes_rejects_a_bad_batch(seed_model):
    with pytest.raises(ValueError, match="batch_size"):
        convlstm.feature_map_bytes(seed_model, batch_size=0)


def test_training_memory_is_measured_in_a_fresh_process():
    used = convlstm.training_memory_bytes(
        convlstm.build_convlstm, batch_size=2, steps=1, frames=2, height=8, width=8
    )
    assert isinstance(used, int) and used >= 0


def test_training_memory_rejects_a_bad_batch_before_starting_a_process():
    with pytest.raises(ValueError, match="batch_size"):
        convlstm.training_memory_bytes(convlstm.build_convlstm, batch_size=0)


def test_training_memory_names_a_builder_that_is_not_a_function():
    with pytest.raises(TypeError, match="builder must be a model-building function"):
        convlstm.training_memory_bytes("build_convlstm")


def test_training_memory_each_measures_every_model_in_its_own_process():
    small = {"frames": 2, "height": 8, "width": 8}
    used = convlstm.training_memory_bytes_each(
        {"ConvLSTM": (convlstm.build_convlstm, small),
         "ConvLSTM, 2 maps": (convlstm.build_convlstm, {**small, "filters": 2})},
        batch_size=2, steps=1,
    )
    assert list(used) == ["ConvLSTM", "ConvLSTM, 2 maps"]
    assert all(isinstance(v, int) and v >= 0 for v in used.values())


@pytest.mark.parametrize("models", [{}, [("a", convlstm.build_convlstm)],
                                    {"a": convlstm.build_convlstm},
                                    {"a": (convlstm.build_convlstm, None)}])
def test_training_memory_each_rejects_a_bad_models_mapping(models):
    with pytest.raises(TypeError, match="models"):
        convlstm.training_memory_bytes_each(models)
