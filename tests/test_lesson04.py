"""Lesson 04's frame predictors (generated from the notebook) and its baselines: shapes, weights,
no peeking at later frames, forecasts."""

import keras
import numpy as np
import pytest

from course_utils import baselines
from course_utils.models import lesson04
from course_utils.session import set_seed

STEPS, SIZE = 19, 32  # the lesson's defaults


@pytest.fixture(scope="module")
def models():
    set_seed(0)
    small = {"steps": 7, "size": 16}
    return {
        "convlstm": lesson04.build_convlstm_predictor(**small),
        "cnn_lstm": lesson04.build_cnn_lstm_predictor(**small),
    }


@pytest.fixture(scope="module")
def videos():
    rng = np.random.default_rng(0)
    return rng.random((3, 8, 16, 16, 1)).astype(np.float32)


def test_default_models_have_the_lessons_weight_counts():
    convlstm = lesson04.build_convlstm_predictor()
    cnn_lstm = lesson04.build_cnn_lstm_predictor()
    assert convlstm.input_shape == cnn_lstm.input_shape == (None, STEPS, SIZE, SIZE, 1)
    assert convlstm.output_shape == cnn_lstm.output_shape == convlstm.input_shape
    assert (convlstm.count_params(), cnn_lstm.count_params()) == (30_660, 35_897)


def test_convlstm_keeps_maps_through_time_and_the_cnn_lstm_a_vector():
    convlstm = lesson04.build_convlstm_predictor()
    cnn_lstm = lesson04.build_cnn_lstm_predictor()
    assert convlstm.get_layer("convlstm1").output.shape == (None, STEPS, SIZE // 2, SIZE // 2, 16)
    assert cnn_lstm.get_layer("lstm").output.shape == (None, STEPS, 20)


def test_the_cnn_lstm_decoder_also_sees_the_frame_of_its_step():
    model = lesson04.build_cnn_lstm_predictor()
    assert model.get_layer("skip").output.shape == (None, SIZE, SIZE, 8 + 1)


@pytest.mark.parametrize("name", ["convlstm", "cnn_lstm"])
def test_outputs_are_frames_in_0_1(models, videos, name):
    out = np.asarray(models[name].predict(videos[:, :7], verbose=0))
    assert out.shape == (3, 7, 16, 16, 1)
    assert out.min() >= 0.0 and out.max() <= 1.0


@pytest.mark.parametrize("name", ["convlstm", "cnn_lstm"])
def test_an_output_never_depends_on_later_frames(models, videos, name):
    model = models[name]
    x = videos[:, :7].copy()
    before = np.asarray(model.predict(x, verbose=0))
    x[:, 4:] = 1.0 - x[:, 4:]  # change frames 4, 5, 6
    after = np.asarray(model.predict(x, verbose=0))
    np.testing.assert_allclose(before[:, :4], after[:, :4], atol=1e-5)
    assert not np.allclose(before[:, 4:], after[:, 4:], atol=1e-5)


def test_the_patches_are_undone_exactly():
    # cutting a frame into patches and putting them back leaves every pixel where it was
    model = lesson04.build_convlstm_predictor(steps=2, size=8, patch=2, filters=1)
    frames = np.arange(2 * 2 * 8 * 8, dtype=np.float32).reshape(2, 2, 8, 8, 1)
    to_patches = keras.Model(model.inputs, model.get_layer("patches").output)
    patches = np.asarray(to_patches.predict(frames, verbose=0))
    assert patches.shape == (2, 2, 4, 4, 4)
    np.testing.assert_array_equal(patches[0, 0, 1, 2], frames[0, 0, 2:4, 4:6, 0].ravel())
    back = keras.Sequential([keras.Input(patches.shape[1:]), *model.layers[-3:]])
    np.testing.assert_array_equal(np.asarray(back.predict(patches, verbose=0)), frames)


def test_forecast_pairs_blank_the_future_and_shift_the_targets(videos):
    x, y = lesson04.forecast_pairs(videos, input_frames=5)
    assert x.shape == y.shape == (3, 7, 16, 16, 1)
    np.testing.assert_array_equal(x[:, :5], videos[:, :5])
    assert not x[:, 5:].any()
    np.testing.assert_array_equal(y, videos[:, 1:])
    assert videos[:, 5:].any()  # the input was not modified in place


def test_predict_future_is_the_models_output_after_the_last_frame_seen(models, videos):
    model = models["convlstm"]
    future = lesson04.predict_future(model, videos[:, :5])
    assert future.shape == (3, 3, 16, 16, 1)
    x, _ = lesson04.forecast_pairs(videos, input_frames=5)
    np.testing.assert_allclose(future, np.asarray(model.predict(x, verbose=0))[:, 4:], atol=1e-6)


def test_copy_last_and_mean_frame_baselines(videos):
    last = baselines.copy_last_frame(videos[:, :5], horizon=4)
    assert last.shape == (3, 4, 16, 16, 1)
    for t in range(4):
        np.testing.assert_array_equal(last[:, t], videos[:, 4])
    mean = baselines.mean_frame(videos, n=2, horizon=3)
    assert mean.shape == (2, 3, 16, 16, 1) and mean.dtype == np.float32
    np.testing.assert_allclose(mean[1, 2], videos.mean(axis=(0, 1)), rtol=1e-5)


def test_baselines_name_a_bad_argument():
    with pytest.raises(ValueError, match="sequences"):
        baselines.copy_last_frame(np.zeros((2, 8, 8, 1), np.float32))
