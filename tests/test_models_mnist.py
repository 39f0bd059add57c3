"""Tests for course_utils.models.mnist: the original lesson's CNN and three readers of digit
sequences."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.display import layer_table
from course_utils.models.mnist import (
    CNN_PARAMS,
    build_cnn,
    build_cnn_lstm,
    build_frame_encoder,
    build_order_blind,
    cudnn_blockers,
    keras,
    predict_by_place_value,
)
from course_utils.session import set_seed
from course_utils.source import source_text

ENCODER_PARAMS = 416 + 14_436  # conv1 + conv2
HEAD_PARAMS_100 = 1764 * 128 + 128 + 128 * 100 + 100


@pytest.fixture(scope="module")
def frames() -> np.ndarray:
    """Eight random two-frame sequences (8, 2, 28, 28, 1) in [0, 1]."""
    return np.random.default_rng(0).random((8, 2, 28, 28, 1), dtype=np.float32)


def conv_configs(model: keras.Model) -> list[dict]:
    """The Conv2D configs of every frame encoder inside ``model``, names dropped."""
    configs = []
    for layer in model.layers:
        inner = getattr(layer, "layer", layer)
        if isinstance(inner, keras.Model):
            configs += [
                {k: v for k, v in sub.get_config().items() if k != "name"}
                for sub in inner.layers
                if isinstance(sub, keras.layers.Conv2D)
            ]
    return configs


def test_frame_encoder_shapes_and_weights():
    encoder = build_frame_encoder()
    assert encoder.input_shape == (None, 28, 28, 1)
    assert encoder.output_shape == (None, 7 * 7 * 36)
    assert encoder.count_params() == ENCODER_PARAMS
    assert [type(layer).__name__ for layer in encoder.layers] == [
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Dropout",
        "Flatten",
    ]


def test_cnn_is_the_original_lessons_242062_weights():
    cnn = build_cnn()
    assert cnn.input_shape == (None, 28, 28, 1)
    assert cnn.output_shape == (None, 10)
    assert cnn.count_params() == CNN_PARAMS == 242_062


def test_sequence_models_shapes_and_weights():
    blind, lstm = build_order_blind(), build_cnn_lstm()
    for model in (blind, lstm):
        assert model.input_shape == (None, 2, 28, 28, 1)
        assert model.output_shape == (None, 100)
    assert blind.count_params() == ENCODER_PARAMS + HEAD_PARAMS_100
    lstm_params = 4 * (1764 + 32 + 1) * 32
    head = 32 * 128 + 128 + 128 * 100 + 100
    assert lstm.count_params() == ENCODER_PARAMS + lstm_params + head
    assert build_cnn_lstm(frames=3, n_classes=7).output_shape == (None, 7)
    assert build_order_blind(frames=3).output_shape == (None, 1000)


def test_all_models_share_one_conv_stack_definition():
    reference = conv_configs(build_cnn())
    assert len(reference) == 2
    assert conv_configs(build_order_blind()) == reference
    assert conv_configs(build_cnn_lstm()) == reference


def test_order_blind_cannot_see_order_and_lstm_can(frames):
    set_seed(0)
    blind, lstm = build_order_blind(), build_cnn_lstm()
    swapped = frames[:, ::-1]
    np.testing.assert_allclose(
        blind.predict(frames, verbose=0), blind.predict(swapped, verbose=0), atol=1e-6
    )
    assert not np.allclose(lstm.predict(frames, verbose=0), lstm.predict(swapped, verbose=0))


def test_lstm_activation_and_cudnn_blockers():
    tanh = build_cnn_lstm().get_layer("lstm")
    sigmoid = build_cnn_lstm(lstm_activation="sigmoid").get_layer("lstm")
    assert cudnn_blockers(tanh) == []
    assert cudnn_blockers(sigmoid) == ["activation='sigmoid' (needs 'tanh')"]
    assert len(cudnn_blockers(keras.layers.LSTM(4, unroll=True, use_bias=False))) == 2
    with pytest.raises(TypeError, match="expected a keras.layers.LSTM"):
        cudnn_blockers(keras.layers.GRU(4))


def test_place_value_rule_joins_per_frame_predictions(frames):
    set_seed(1)
    cnn = build_cnn()
    first = np.argmax(cnn.predict(frames[:, 0], verbose=0), axis=-1)
    second = np.argmax(cnn.predict(frames[:, 1], verbose=0), axis=-1)
    np.testing.assert_array_equal(predict_by_place_value(cnn, frames), 10 * first + second)
    with pytest.raises(ValueError, match="x_seq must be sequences"):
        predict_by_place_value(cnn, frames[:, 0])


def test_models_train_a_step_with_fixed_layer_names(frames):
    model = build_cnn_lstm()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(frames, np.arange(8), epochs=1, verbose=0)
    names = [layer.name for layer in model.layers]
    assert names == ["frames", "per_frame_cnn", "lstm", "dense", "dropout_dense", "probabilities"]


def test_layer_table_lists_nested_layers_and_total():
    table = layer_table(build_cnn())
    lines = table.splitlines()
    assert lines[0].split() == ["layer", "kind", "output", "shape", "weights"]
    assert lines[-1].split() == ["total", "242,062"]
    assert any(line.startswith("  conv2 ") and "(samples, 14, 14, 36)" in line for line in lines)
    assert "conv1" not in layer_table(build_cnn(), expand=False)
    assert "TimeDistributed(frame_encoder)" in layer_table(build_cnn_lstm())


@pytest.mark.parametrize(
    ("build", "kwargs", "words"),
    [
        (build_cnn, {"frame_shape": (28, 28)}, "frame_shape must be"),
        (build_cnn, {"frame_shape": (30, 30, 1)}, "multiples of 4"),
        (build_cnn, {"n_classes": 0}, "n_classes must be an int >= 1"),
        (build_cnn_lstm, {"frames": 0}, "frames must be an int >= 1"),
        (build_cnn_lstm, {"lstm_units": 0}, "lstm_units must be an int >= 1"),
        (build_order_blind, {"frames": 1.5}, "frames must be an int >= 1"),
    ],
)
def test_bad_arguments_raise_one_clear_error(build, kwargs, words):
    with pytest.raises(ValueError, match=words):
        build(**kwargs)


@pytest.mark.parametrize(
    ("builder", "layers"),
    [
        (build_frame_encoder, ["Conv2D", "MaxPooling2D", "Dropout", "Flatten"]),
        (build_order_blind, ["TimeDistributed", "GlobalAveragePooling1D"]),
        (build_cnn_lstm, ["TimeDistributed", "LSTM"]),
    ],
)
def test_builders_write_their_own_layers(builder, layers):
    """Notebook 01 shows these builders' source: the layers it teaches must be in it."""
    text = source_text(builder)
    for layer in layers:
        assert f"keras.layers.{layer}(" in text, f"{builder.__name__} hides {layer}"
