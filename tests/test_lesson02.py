"""Tests for course_utils.models.lesson02, generated from notebook 02: one CNN-LSTM written four
ways, and two baselines built from the same frame CNN."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils.models.lesson02 import (
    FoldTime,
    baseline_units_like,
    build_cnn_lstm_folded,
    build_cnn_lstm_functional,
    build_cnn_lstm_per_layer,
    build_cnn_lstm_wrapped,
    build_frame_cnn,
    build_order_blind,
    build_single_frame,
)
from course_utils.session import set_seed

FRAMES, FRAME_SHAPE = 20, (50, 130, 1)
VIDEO_SHAPE = (None, FRAMES, *FRAME_SHAPE)
WAYS = {
    "a": build_cnn_lstm_wrapped,
    "b": build_cnn_lstm_per_layer,
    "c": build_cnn_lstm_functional,
    "d": build_cnn_lstm_folded,
}


@pytest.fixture(scope="module")
def models() -> dict[str, keras.Model]:
    set_seed(0)
    return {way: build() for way, build in WAYS.items()}


@pytest.fixture(scope="module")
def clips() -> np.ndarray:
    """Three random clips ``(3, 20, 50, 130, 1)`` in [0, 1]."""
    return np.random.default_rng(0).random((3, FRAMES, *FRAME_SHAPE), dtype=np.float32)


def features_before_lstm(model: keras.Model, videos: np.ndarray) -> np.ndarray:
    """What the model's LSTM reads: the model cut just before its layer named "lstm"."""
    cut = keras.Model(model.inputs, model.get_layer("lstm").input)
    return np.asarray(cut.predict(videos, verbose=0))


def test_frame_cnn_gives_480_features_per_frame():
    cnn = build_frame_cnn()
    assert cnn.input_shape == (None, *FRAME_SHAPE)
    assert cnn.output_shape == (None, 480)
    assert cnn.count_params() == 85 + 1_605 + 1_605
    assert [layer.name for layer in cnn.layers] == [
        "conv1", "pool1", "conv2", "pool2", "conv3", "pool3", "flatten"
    ]


@pytest.mark.parametrize("way", sorted(WAYS))
def test_every_way_has_the_original_13039_weights(models, way, clips):
    model = models[way]
    assert model.count_params() == 13_039
    assert model.input_shape == VIDEO_SHAPE and model.output_shape == (None, 4)
    probabilities = model.predict(clips, verbose=0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("way", sorted(WAYS))
def test_same_layer_settings_in_every_way(models, way):
    convs = []
    for layer in models[way].layers:
        inner = getattr(layer, "layer", layer)
        found = inner.layers if isinstance(inner, keras.Model) else [inner]
        convs += [c for c in found if isinstance(c, keras.layers.Conv2D)]
    assert [(c.filters, c.kernel_size, c.padding) for c in convs] == [
        (5, (4, 4), "same"), (5, (8, 8), "same"), (5, (8, 8), "same")
    ]
    lstm = models[way].get_layer("lstm")
    assert lstm.units == 5
    assert keras.activations.serialize(lstm.cell.activation) == "tanh"  # cuDNN-friendly


@pytest.mark.parametrize("way", ["b", "c", "d"])
def test_equal_weights_give_equal_outputs(models, clips, way):
    target = WAYS[way]()
    target.set_weights(models["a"].get_weights())
    np.testing.assert_allclose(
        target.predict(clips, verbose=0), models["a"].predict(clips, verbose=0), atol=1e-6
    )


def test_the_folded_model_holds_the_cnn_once_and_no_time_distributed():
    model = build_cnn_lstm_folded()
    kinds = [type(layer).__name__ for layer in model.layers]
    assert "TimeDistributed" not in kinds
    assert kinds.count("Sequential") == 1  # the frame CNN, called once on all frames
    assert model.get_layer("fold_time").output.shape[1:] == FRAME_SHAPE
    assert model.get_layer("unfold_time").output.shape[1:] == (FRAMES, 480)


@pytest.mark.parametrize("way", sorted(WAYS))
def test_what_the_lstm_reads_is_the_frame_cnn_on_each_frame(models, clips, way):
    features = features_before_lstm(models[way], clips)
    assert features.shape == (3, FRAMES, 480)
    assert (features >= 0).all()  # after ReLU and max pooling
    if way == "a":
        cnn = models[way].get_layer("cnn_on_every_frame").layer
        one_by_one = np.stack([cnn.predict(clips[:, t], verbose=0) for t in range(FRAMES)], 1)
        np.testing.assert_allclose(features, one_by_one, atol=1e-5)


def test_other_geometries_build():
    for build in WAYS.values():
        model = build(frames=6, frame_shape=(16, 24, 1), n_classes=3)
        assert model.input_shape == (None, 6, 16, 24, 1) and model.output_shape == (None, 3)
    videos = np.zeros((2, 6, 16, 24, 1), np.float32)
    assert features_before_lstm(model, videos).shape == (2, 6, 30)


@pytest.mark.parametrize("way", sorted(WAYS))
def test_a_wider_lstm_is_one_argument(way):
    model = WAYS[way](lstm_units=32)
    assert model.get_layer("lstm").units == 32
    # 4 gates x (480 inputs + 32 recurrent + 1 bias) x 32 units, then Dense(4) on 32
    assert model.count_params() == 3_295 + 4 * (480 + 32 + 1) * 32 + (32 + 1) * 4


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # from inside Keras's saving code
def test_the_folded_model_saves_and_loads(tmp_path, clips):
    model = build_cnn_lstm_folded()
    model.save(tmp_path / "folded.keras")
    loaded = keras.saving.load_model(tmp_path / "folded.keras")
    np.testing.assert_allclose(loaded.predict(clips, verbose=0), model.predict(clips, verbose=0))


# --------------------------------------------------------------------------- baselines


@pytest.fixture(scope="module")
def baselines() -> dict[str, keras.Model]:
    set_seed(0)
    return {"single_frame": build_single_frame(), "order_blind": build_order_blind()}


@pytest.mark.parametrize("name", ["single_frame", "order_blind"])
def test_baselines_use_the_same_frame_cnn_and_no_lstm(baselines, name, clips):
    model = baselines[name]
    assert model.input_shape == VIDEO_SHAPE and model.output_shape == (None, 4)
    assert model.get_layer("frame_cnn").count_params() == 3_295
    assert model.count_params() == 3_295 + (480 + 1) * 16 + (16 + 1) * 4
    assert not any(isinstance(layer, keras.layers.LSTM) for layer in model.layers)
    np.testing.assert_allclose(model.predict(clips, verbose=0).sum(axis=1), 1.0, rtol=1e-5)


def test_order_blind_ignores_the_order_of_the_frames(baselines, clips):
    model = baselines["order_blind"]
    order = np.random.default_rng(1).permutation(FRAMES)
    as_given = model.predict(clips, verbose=0)
    np.testing.assert_allclose(model.predict(clips[:, order], verbose=0), as_given, atol=1e-6)
    np.testing.assert_allclose(model.predict(clips[:, ::-1], verbose=0), as_given, atol=1e-6)


def test_single_frame_reads_only_its_frame(baselines, clips):
    model = baselines["single_frame"]
    changed = clips.copy()
    changed[:, 1:] = 0.0  # every frame but the first
    np.testing.assert_allclose(model.predict(changed, verbose=0), model.predict(clips, verbose=0))
    later = build_single_frame(frame_index=FRAMES - 1)
    later.set_weights(model.get_weights())
    moved = clips.copy()
    moved[:, -1] = clips[:, 0]
    np.testing.assert_allclose(
        later.predict(moved, verbose=0), model.predict(clips, verbose=0), atol=1e-6
    )


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # from inside Keras's saving code
def test_baselines_save_and_load(tmp_path, baselines, clips):
    for name, model in baselines.items():
        path = tmp_path / f"{name}.keras"
        model.save(path)
        again = keras.saving.load_model(path)
        np.testing.assert_allclose(
            again.predict(clips, verbose=0), model.predict(clips, verbose=0), atol=1e-6
        )


@pytest.mark.parametrize("lstm_units", [5, 16, 32, 64])
def test_baseline_units_like_match_the_cnn_lstm_within_two_percent(lstm_units):
    hidden = baseline_units_like(lstm_units)
    lstm_weights = build_cnn_lstm_folded(lstm_units=lstm_units).count_params()
    for build in (build_single_frame, build_order_blind):
        weights = build(hidden_units=hidden).count_params()
        assert abs(weights - lstm_weights) <= 0.02 * lstm_weights, (build.__name__, weights)


def test_baseline_units_like_at_lesson_03_s_frame_size():
    assert baseline_units_like(64) == 288
    assert baseline_units_like(64, frame_shape=(25, 65, 1)) == 381


# --------------------------------------------------------------------------- exercises


def test_the_notebook_s_checked_exercises_have_the_solutions_answers():
    """Exercises 1 and 2: the weights of LSTM(64), and the shape of one folded batch of 16."""
    lstm = build_cnn_lstm_folded(lstm_units=64).get_layer("lstm")
    assert lstm.count_params() == 4 * (480 + 64 + 1) * 64
    folded = FoldTime()(np.zeros((16, FRAMES, *FRAME_SHAPE), dtype="float32"))
    assert tuple(keras.ops.shape(folded)) == (16 * FRAMES, *FRAME_SHAPE)
