"""Tests for course_utils.models.lesson01, generated from notebook 01: the original lesson's CNN
and the models that read digit sequences with its convolutional stack; and for the concatenated
model that notebook 01 writes in a hidden solution (not exported)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import keras
import numpy as np
import pytest

from course_utils.display import layer_table
from course_utils.models.lesson01 import (
    build_cnn,
    build_cnn_lstm,
    build_frame_encoder,
    build_order_blind,
)
from course_utils.session import set_seed
from tools.export import solution_function

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_mnist_cnn_vs_cnn_lstm.ipynb"

ENCODER_PARAMS = 416 + 14_436  # conv1 + conv2
HEAD_PARAMS_100 = 1764 * 128 + 128 + 128 * 100 + 100


@pytest.fixture(scope="module")
def frames() -> np.ndarray:
    """Eight random two-frame sequences (8, 2, 28, 28, 1) in [0, 1]."""
    return np.random.default_rng(0).random((8, 2, 28, 28, 1), dtype=np.float32)


def solution_builder(name: str) -> Callable[..., keras.Model]:
    """The function ``name`` defined in a hidden solution cell (``#@title Solution N``) of
    notebook 01, compiled with the names that cell uses."""
    namespace = {"keras": keras, "layers": keras.layers, "build_frame_encoder": build_frame_encoder}
    return solution_function(NOTEBOOK, name, namespace)


@pytest.fixture(scope="module")
def build_concatenated() -> Callable[..., keras.Model]:
    return solution_builder("build_concatenated")


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
    assert cnn.count_params() == 242_062


def test_sequence_models_shapes_and_weights(build_concatenated):
    blind, lstm, joined = build_order_blind(), build_cnn_lstm(), build_concatenated()
    for model in (blind, lstm, joined):
        assert model.input_shape == (None, 2, 28, 28, 1)
        assert model.output_shape == (None, 100)
    assert blind.count_params() == ENCODER_PARAMS + HEAD_PARAMS_100 == 253_672
    lstm_params = 4 * (1764 + 32 + 1) * 32
    head = 32 * 128 + 128 + 128 * 100 + 100
    assert lstm.count_params() == ENCODER_PARAMS + lstm_params + head == 261_992
    assert joined.count_params() == 479_464
    assert build_concatenated(frames=20).get_layer("dense").count_params() == (20 * 1764 + 1) * 128
    assert build_cnn_lstm(frames=3, n_classes=7).output_shape == (None, 7)
    assert build_order_blind(frames=3, n_classes=1000).output_shape == (None, 1000)


def test_all_models_share_one_conv_stack_definition(build_concatenated):
    reference = conv_configs(build_cnn())
    assert len(reference) == 2
    for build in (build_order_blind, build_cnn_lstm, build_concatenated):
        assert conv_configs(build()) == reference


def test_order_blind_cannot_see_order_and_the_others_can(frames, build_concatenated):
    set_seed(0)
    swapped = frames[:, ::-1]
    blind = build_order_blind()
    np.testing.assert_allclose(
        blind.predict(frames, verbose=0), blind.predict(swapped, verbose=0), atol=1e-6
    )
    for model in (build_cnn_lstm(), build_concatenated()):
        assert not np.allclose(model.predict(frames, verbose=0), model.predict(swapped, verbose=0))


def test_lstm_activation_is_a_parameter():
    tanh = build_cnn_lstm().get_layer("lstm").get_config()
    sigmoid = build_cnn_lstm(lstm_activation="sigmoid", lstm_units=8).get_layer("lstm").get_config()
    assert (tanh["activation"], tanh["units"]) == ("tanh", 32)
    assert (sigmoid["activation"], sigmoid["units"]) == ("sigmoid", 8)


def test_models_train_a_step_with_fixed_layer_names(frames):
    model = build_cnn_lstm()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(frames, np.arange(8), epochs=1, verbose=0)
    names = [layer.name for layer in model.layers]
    assert names == ["frames", "per_frame_cnn", "lstm", "dense", "dropout_dense", "probabilities"]


def test_frozen_encoder_transfer_uses_the_cnns_encoder():
    """Solution 3 copies the CNN's encoder into the CNN-LSTM by layer name."""
    cnn, net = build_cnn(), build_cnn_lstm()
    encoder = net.get_layer("per_frame_cnn").layer
    encoder.set_weights(cnn.get_layer("frame_encoder").get_weights())
    for mine, theirs in zip(encoder.get_weights(), cnn.get_layer("frame_encoder").get_weights(),
                            strict=True):
        np.testing.assert_array_equal(mine, theirs)


def test_layer_table_lists_nested_layers_and_total():
    lines = layer_table(build_cnn()).splitlines()
    assert lines[0].split() == ["layer", "kind", "output", "shape", "weights"]
    assert lines[-1].split() == ["total", "242,062"]
    assert any(line.startswith("  conv2 ") and "(samples, 14, 14, 36)" in line for line in lines)
    assert "TimeDistributed(frame_encoder)" in layer_table(build_cnn_lstm())
