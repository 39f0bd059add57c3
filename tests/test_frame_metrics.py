"""Frame metrics in the video-prediction convention: sums over pixels, SSIM from scikit-image."""

import numpy as np
import pytest

from course_utils import metrics as fm


@pytest.fixture
def frames():
    rng = np.random.default_rng(0)
    truth = rng.random((3, 4, 16, 16, 1)).astype(np.float32)
    return truth


def test_mse_and_mae_sum_over_a_frames_pixels(frames):
    off = np.clip(frames + 0.1, 0, 1)
    mse = fm.mse_per_frame(frames, off)
    mae = fm.mae_per_frame(frames, off)
    assert mse.shape == mae.shape == (3, 4)
    expected = ((off - frames) ** 2).sum(axis=(2, 3, 4))
    np.testing.assert_allclose(mse, expected, rtol=1e-6)
    np.testing.assert_allclose(mae, np.abs(off - frames).sum(axis=(2, 3, 4)), rtol=1e-6)


def test_a_uniform_error_of_0_1_on_64_by_64_gives_40_96():
    truth = np.zeros((1, 1, 64, 64, 1), np.float32)
    assert fm.mse_per_frame(truth, truth + np.float32(0.1))[0, 0] == pytest.approx(40.96, rel=1e-5)
    assert fm.mae_per_frame(truth, truth + np.float32(0.1))[0, 0] == pytest.approx(409.6, rel=1e-5)


def test_ssim_is_one_for_identical_frames_and_lower_for_others(frames):
    same = fm.ssim_per_frame(frames, frames)
    assert same.shape == (3, 4)
    np.testing.assert_allclose(same, 1.0)
    blurred = (frames + np.roll(frames, 1, axis=2) + np.roll(frames, -1, axis=2)) / 3
    worse = fm.ssim_per_frame(frames, blurred)
    assert (worse < 0.9).all()


def test_ssim_agrees_with_scikit_image_frame_by_frame(frames):
    from skimage.metrics import structural_similarity

    other = frames[::-1].copy()
    scores = fm.ssim_per_frame(frames, other)
    expected = structural_similarity(frames[1, 2, ..., 0], other[1, 2, ..., 0], data_range=1.0)
    assert scores[1, 2] == pytest.approx(expected)


def test_per_frame_gives_every_score_and_passes_the_data_range(frames):
    other = frames[::-1].copy()
    scores = fm.per_frame(frames, other)
    assert set(scores) == set(fm.METRICS)
    np.testing.assert_allclose(scores["MSE"], fm.mse_per_frame(frames, other))
    wide = fm.per_frame(frames, other, data_range=2)["SSIM"]
    np.testing.assert_allclose(wide, fm.ssim_per_frame(frames, other, data_range=2))
    assert wide.mean() > scores["SSIM"].mean()  # a wider range forgives the same errors


def test_four_dimensional_frames_are_accepted(frames):
    np.testing.assert_allclose(
        fm.mse_per_frame(frames[..., 0], frames[..., 0] * 0.5),
        fm.mse_per_frame(frames, frames * 0.5),
    )


@pytest.mark.parametrize(
    ("predicted", "error", "words"),
    [
        ([[0.0]], TypeError, "NumPy array"),
        (np.zeros((3, 4, 16, 16, 2), np.float32), ValueError, "one channel"),
        (np.zeros((3, 4, 16), np.float32), ValueError, "samples, frames, rows, cols"),
        (np.zeros((3, 4, 16, 16, 1), np.uint8), TypeError, "float"),
        (np.full((3, 4, 16, 16, 1), 2.0, np.float32), ValueError, r"\[0, 1\]"),
        (np.full((3, 4, 16, 16, 1), np.nan, np.float32), ValueError, "NaN"),
        (np.zeros((2, 4, 16, 16, 1), np.float32), ValueError, "same shape"),
    ],
)
def test_bad_inputs_get_clear_errors(frames, predicted, error, words):
    with pytest.raises(error, match=words):
        fm.mse_per_frame(frames, predicted)


def test_ssim_needs_frames_of_at_least_seven_pixels():
    tiny = np.zeros((1, 1, 5, 5), np.float32)
    with pytest.raises(ValueError, match="at least 7"):
        fm.ssim_per_frame(tiny, tiny)


def test_ssim_with_openstls_range_has_larger_constants_and_a_higher_score_on_dark_frames():
    from skimage.metrics import structural_similarity

    rng = np.random.default_rng(1)
    dark = (rng.random((1, 2, 16, 16)) * 0.1).astype(np.float32)  # faint noise on black
    other = dark[:, ::-1].copy()
    ours, openstl = fm.ssim_per_frame(dark, other), fm.ssim_per_frame(dark, other, data_range=2)
    expected = structural_similarity(dark[0, 0], other[0, 0], data_range=2.0)
    assert openstl[0, 0] == pytest.approx(expected)
    assert (openstl > ours).all()


@pytest.mark.parametrize("data_range", [0, -1.0, "1"])
def test_ssim_rejects_a_bad_data_range(frames, data_range):
    with pytest.raises(ValueError, match="data_range"):
        fm.ssim_per_frame(frames, frames, data_range=data_range)

