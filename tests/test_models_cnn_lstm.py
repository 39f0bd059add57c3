"""Tests for course_utils.models.cnn_lstm: one video CNN-LSTM written four ways."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.models.cnn_lstm import (
    BASELINE_UNITS,
    BUILDERS,
    FEATURES_PER_FRAME,
    FRAME_SHAPE,
    FRAMES,
    PARAMS,
    baseline_units_like,
    build_cnn_lstm_folded,
    build_cnn_lstm_functional,
    build_cnn_lstm_per_layer,
    build_cnn_lstm_wrapped,
    build_frame_cnn,
    build_order_blind,
    build_single_frame,
    compile_classifier,
    conv_layer,
    copy_weights,
    frame_features,
    keras,
    pool_layer,
)
from course_utils.session import set_seed

VIDEO_SHAPE = (None, FRAMES, *FRAME_SHAPE)


@pytest.fixture(scope="module")
def models() -> dict[str, keras.Model]:
    set_seed(0)
    return {way: build() for way, build in BUILDERS.items()}


@pytest.fixture(scope="module")
def clips() -> np.ndarray:
    """Three random clips ``(3, 20, 50, 130, 1)`` in [0, 1]."""
    return np.random.default_rng(0).random((3, FRAMES, *FRAME_SHAPE), dtype=np.float32)


def test_the_four_ways_are_the_builders():
    assert {
        "a": build_cnn_lstm_wrapped,
        "b": build_cnn_lstm_per_layer,
        "c": build_cnn_lstm_functional,
        "d": build_cnn_lstm_folded,
    } == BUILDERS


def test_the_folded_model_holds_the_cnn_once_and_no_time_distributed():
    model = build_cnn_lstm_folded()
    kinds = [type(layer).__name__ for layer in model.layers]
    assert "TimeDistributed" not in kinds
    assert kinds.count("Sequential") == 1  # the frame CNN, called once on all frames
    assert model.get_layer("fold_time").output.shape[1:] == FRAME_SHAPE
    assert model.get_layer("unfold_time").output.shape[1:] == (FRAMES, 480)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # from inside Keras's saving code
def test_the_folded_model_saves_and_loads(tmp_path, clips):
    model = build_cnn_lstm_folded()
    model.save(tmp_path / "folded.keras")
    loaded = keras.saving.load_model(tmp_path / "folded.keras")
    assert np.allclose(loaded.predict(clips, verbose=0), model.predict(clips, verbose=0))


@pytest.mark.parametrize("way", sorted(BUILDERS))
def test_every_way_has_the_seeds_13039_weights(models, way):
    assert models[way].count_params() == PARAMS == 13_039


@pytest.mark.parametrize("way", sorted(BUILDERS))
def test_every_way_reads_videos_and_gives_four_probabilities(models, way, clips):
    model = models[way]
    assert model.input_shape == VIDEO_SHAPE
    assert model.output_shape == (None, 4)
    probabilities = model.predict(clips, verbose=0)
    assert probabilities.shape == (3, 4)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_frame_cnn_gives_480_features_per_frame():
    cnn = build_frame_cnn()
    assert cnn.input_shape == (None, *FRAME_SHAPE)
    assert cnn.output_shape == (None, FEATURES_PER_FRAME) == (None, 480)
    assert cnn.count_params() == 85 + 1_605 + 1_605
    assert [type(layer).__name__ for layer in cnn.layers] == [
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Conv2D",
        "MaxPooling2D",
        "Flatten",
    ]


@pytest.mark.parametrize("way", sorted(BUILDERS))
def test_same_layer_settings_in_every_way(models, way):
    convs = []
    for layer in models[way].layers:
        inner = getattr(layer, "layer", layer)
        found = inner.layers if isinstance(inner, keras.Model) else [inner]
        convs += [c for c in found if isinstance(c, keras.layers.Conv2D)]
    assert [(c.filters, c.kernel_size, c.padding) for c in convs] == [
        (5, (4, 4), "same"),
        (5, (8, 8), "same"),
        (5, (8, 8), "same"),
    ]
    lstm = next(layer for layer in models[way].layers if isinstance(layer, keras.layers.LSTM))
    assert lstm.units == 5
    assert keras.activations.serialize(lstm.cell.activation) == "tanh"  # cuDNN-friendly


@pytest.mark.parametrize("way", ["b", "c"])
def test_equal_weights_give_equal_outputs(models, clips, way):
    source = models["a"]
    target = copy_weights(source, BUILDERS[way]())
    np.testing.assert_allclose(
        target.predict(clips, verbose=0), source.predict(clips, verbose=0), atol=1e-6
    )


@pytest.mark.parametrize("way", sorted(BUILDERS))
def test_frame_features_are_what_the_lstm_reads(models, clips, way):
    features = frame_features(models[way], clips)
    assert features.shape == (3, FRAMES, FEATURES_PER_FRAME)
    assert features.dtype == np.float32
    assert (features >= 0).all()  # after ReLU and max pooling


def test_frame_features_equal_the_frame_cnn_on_each_frame(models, clips):
    wrapped = models["a"]
    cnn = wrapped.get_layer("cnn_on_every_frame").layer
    one_by_one = np.stack([cnn.predict(clips[:, t], verbose=0) for t in range(FRAMES)], axis=1)
    np.testing.assert_allclose(frame_features(wrapped, clips), one_by_one, atol=1e-5)


def test_other_geometries_build():
    model = build_cnn_lstm_functional(frames=6, frame_shape=(16, 24, 1), n_classes=3)
    assert model.input_shape == (None, 6, 16, 24, 1)
    assert model.output_shape == (None, 3)
    assert frame_features(model, np.zeros((2, 6, 16, 24, 1), np.float32)).shape == (2, 6, 30)


def test_compile_classifier_sets_adam_and_sparse_labels():
    model = compile_classifier(build_cnn_lstm_per_layer(), learning_rate=0.005)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.005)
    assert model.loss == "sparse_categorical_crossentropy"


def _one_line(excinfo: pytest.ExceptionInfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"frame_shape": (50, 130)}, "frame_shape must be (rows, cols, channels)"),
        ({"frame_shape": (4, 130, 1)}, "at least 8 rows"),
        ({"frames": 0}, "frames must be an int >= 1"),
        ({"n_classes": 2.0}, "n_classes must be an int >= 1"),
    ],
)
@pytest.mark.parametrize("way", sorted(BUILDERS))
def test_bad_geometry_is_one_line(way, kwargs, words):
    with pytest.raises(ValueError) as excinfo:
        BUILDERS[way](**kwargs)
    assert words in _one_line(excinfo)


def test_single_images_given_to_frame_features_is_one_line(models, clips):
    with pytest.raises(ValueError) as excinfo:
        frame_features(models["c"], clips[:, 0])
    message = _one_line(excinfo)
    assert "expected input of shape (samples, 20, 50, 130, 1)" in message
    assert "stack the frames on axis 1" in message


def test_integer_pixels_are_one_line(models):
    with pytest.raises(TypeError) as excinfo:
        frame_features(models["a"], np.zeros((1, FRAMES, *FRAME_SHAPE), dtype=np.uint8))
    assert "float pixels" in _one_line(excinfo)


def test_copy_weights_between_geometries_is_one_line(models):
    other = build_cnn_lstm_wrapped(frame_shape=(16, 24, 1))
    with pytest.raises(ValueError) as excinfo:
        copy_weights(models["a"], other)
    assert "same frames, frame_shape and n_classes" in _one_line(excinfo)


@pytest.mark.parametrize("rate", [0, 1.5, "fast", True])
def test_bad_learning_rate_is_one_line(rate):
    with pytest.raises(ValueError) as excinfo:
        compile_classifier(build_cnn_lstm_wrapped(), learning_rate=rate)
    assert "learning_rate" in _one_line(excinfo)


def test_conv_and_pool_layers_carry_the_seeds_sizes():
    convs = [conv_layer(block) for block in (1, 2, 3)]
    assert [(c.name, c.filters, c.kernel_size, c.padding) for c in convs] == [
        ("conv1", 5, (4, 4), "same"),
        ("conv2", 5, (8, 8), "same"),
        ("conv3", 5, (8, 8), "same"),
    ]
    assert pool_layer(2).name == "pool2" and pool_layer(2).pool_size == (2, 2)


@pytest.mark.parametrize("factory", [conv_layer, pool_layer])
@pytest.mark.parametrize("block", [0, 4, "1"])
def test_bad_block_is_one_line(factory, block):
    with pytest.raises(ValueError) as excinfo:
        factory(block)
    assert "block must be 1, 2 or 3" in _one_line(excinfo)


# --------------------------------------------------------------------------- baselines


@pytest.fixture(scope="module")
def baselines() -> dict[str, keras.Model]:
    set_seed(0)
    return {"single_frame": build_single_frame(), "order_blind": build_order_blind()}


@pytest.mark.parametrize("name", ["single_frame", "order_blind"])
def test_baselines_use_the_same_frame_cnn_and_about_as_many_weights(baselines, name, clips):
    model = baselines[name]
    assert model.input_shape == VIDEO_SHAPE and model.output_shape == (None, 4)
    frame_cnn = model.get_layer("frame_cnn")
    assert frame_cnn.count_params() == build_frame_cnn().count_params() == 3_295
    assert model.count_params() == 3_295 + (480 + 1) * BASELINE_UNITS + (BASELINE_UNITS + 1) * 4
    assert not any(isinstance(layer, keras.layers.LSTM) for layer in model.layers)
    probabilities = model.predict(clips, verbose=0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


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


def test_single_frame_rejects_a_frame_outside_the_clip():
    with pytest.raises(ValueError, match="frame_index must be < frames = 20, got 20"):
        build_single_frame(frame_index=FRAMES)


# Saving a model whose optimizer has variables warns under NumPy 2 from inside Keras 3.15
# (keras-team/keras pull request 21288); any trained model does the same.
@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_baselines_save_and_load(tmp_path, baselines, clips):
    for name, model in baselines.items():
        path = tmp_path / f"{name}.keras"
        model.save(path)
        again = keras.saving.load_model(path)
        np.testing.assert_allclose(
            again.predict(clips, verbose=0), model.predict(clips, verbose=0), atol=1e-6
        )


def test_folded_docstring_does_not_claim_faster_later_epochs():
    text = " ".join(build_cnn_lstm_folded.__doc__.split())
    assert "every later one faster" not in text
    assert "later epochs cost the same" in text


@pytest.mark.parametrize("way", list(BUILDERS))
def test_a_wider_lstm_is_one_argument(way):
    model = BUILDERS[way](lstm_units=32)
    assert model.get_layer("lstm").units == 32
    # 4 gates x (480 inputs + 32 recurrent + 1 bias) x 32 units, then Dense(4) on 32
    assert model.count_params() == 3_295 + 4 * (480 + 32 + 1) * 32 + (32 + 1) * 4
    with pytest.raises(ValueError, match="lstm_units"):
        BUILDERS[way](lstm_units=0)


@pytest.mark.parametrize("lstm_units", [5, 16, 32, 64])
def test_baseline_units_like_match_the_cnn_lstm_within_two_percent(lstm_units):
    hidden = baseline_units_like(lstm_units)
    lstm_weights = build_cnn_lstm_folded(lstm_units=lstm_units).count_params()
    for build in (build_single_frame, build_order_blind):
        weights = build(hidden_units=hidden).count_params()
        assert abs(weights - lstm_weights) <= 0.02 * lstm_weights, (build.__name__, weights)


@pytest.mark.parametrize("bad", [0, -3, 2.5, "16", True])
def test_baselines_reject_bad_hidden_units(bad):
    for build in (build_single_frame, build_order_blind):
        with pytest.raises((TypeError, ValueError), match="hidden_units"):
            build(hidden_units=bad)


def test_compile_classifier_builds_adam_first_and_clips_when_asked():
    model = compile_classifier(build_cnn_lstm_folded(), learning_rate=0.002, clipnorm=1.0)
    assert model.optimizer.built and model.optimizer.clipnorm == 1.0
    assert compile_classifier(build_cnn_lstm_folded()).optimizer.clipnorm is None


@pytest.mark.parametrize("clipnorm", [0, -1.0, "1", True])
def test_bad_clipnorm_is_one_line(clipnorm):
    with pytest.raises(ValueError) as excinfo:
        compile_classifier(build_cnn_lstm_wrapped(), clipnorm=clipnorm)
    assert "clipnorm" in _one_line(excinfo)
