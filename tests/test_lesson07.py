"""course_utils.models.lesson07 (written in notebook 07): the moving-digit clips, the frame CNN and
its head, the baselines, the ImageNet path with weights=None, writing clips, and the two-device run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from course_utils import clips
from course_utils.models import lesson07
from course_utils.session import import_keras, set_seed

keras = import_keras()
DIGITS = np.random.default_rng(0).random((40, 14, 14)).astype("float32")
LABELS = np.repeat(np.arange(10), 4)


def test_moving_clips_shapes_labels_and_directions():
    x, y = lesson07.make_moving_clips(DIGITS, LABELS, per_class=30, seed=0)
    assert x.shape == (600, 8, 18, 42, 1) and x.dtype == np.float32
    assert np.bincount(y).tolist() == [30] * 20
    cols = np.arange(42)
    mass = x[..., 0].sum(axis=2)  # (clips, frames, cols)
    centre = (mass * cols).sum(-1) / mass.sum(-1)  # the digit's centre column in every frame
    moves = np.diff(centre, axis=1).mean(axis=1)
    assert (moves[y % 2 == 0] > 1).all() and (moves[y % 2 == 1] < -1).all()
    # no shortcut: the places a clip visits look alike for both directions
    visited = centre.mean(axis=1)
    assert abs(visited[y % 2 == 0].mean() - visited[y % 2 == 1].mean()) < 1.0
    again, _ = lesson07.make_moving_clips(DIGITS, LABELS, per_class=30, seed=0)
    np.testing.assert_array_equal(x, again)


def test_stills_and_shrunk_digits():
    x, y = lesson07.make_stills(DIGITS, LABELS, n=50, seed=1)
    assert x.shape == (50, 18, 42, 1) and y.shape == (50,)
    # each still holds one whole digit (random digits have distinct pixel sums) with its label
    which = np.argmin(np.abs(x.sum(axis=(1, 2, 3))[:, None] - DIGITS.sum(axis=(1, 2))[None]), 1)
    np.testing.assert_allclose(x.sum(axis=(1, 2, 3)), DIGITS[which].sum(axis=(1, 2)), rtol=1e-5)
    assert (LABELS[which] == y).all()
    shrunk = lesson07.shrink_digits(np.full((3, 28, 28), 255, np.uint8))
    assert shrunk.shape == (3, 14, 14) and np.allclose(shrunk, 1.0)


def test_the_lessons_weight_counts_and_shapes():
    eyes = lesson07.build_frame_cnn()
    assert eyes.output_shape == (None, 160) and eyes.count_params() == 14_048
    head = lesson07.build_head(8, 160)
    assert head.count_params() == 4 * (160 + 32 + 1) * 32 + 32 * 20 + 20
    model = lesson07.build_cnn_lstm(eyes, head)
    assert model.input_shape == (None, 8, 18, 42, 1) and model.output_shape == (None, 20)
    eyes.trainable = False
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == head.count_params()


def test_frame_features_equal_the_eyes_on_every_frame():
    set_seed(0)
    eyes = lesson07.build_frame_cnn()
    x = np.random.default_rng(1).random((3, 8, 18, 42, 1)).astype("float32")
    features = lesson07.frame_features(eyes, x)
    assert features.shape == (3, 8, 160)
    np.testing.assert_allclose(features[2, 5], np.asarray(eyes(x[2, 5:6]))[0], rtol=1e-4,
                               atol=1e-5)


def test_baselines_are_blind_as_claimed():
    set_seed(0)
    f = np.random.default_rng(2).random((4, 8, 6)).astype("float32")
    shuffled = f[:, ::-1]
    blind = lesson07.build_order_blind(8, 6)
    np.testing.assert_allclose(np.asarray(blind(f)), np.asarray(blind(shuffled)), atol=1e-6)
    single = lesson07.build_single_frame(8, 6)
    changed = f.copy()
    changed[:, [0, 1, 2, 3, 5, 6, 7]] = 0.0  # all but the middle frame (4)
    np.testing.assert_allclose(np.asarray(single(f)), np.asarray(single(changed)), atol=1e-6)


def test_fit_steps_runs_exactly_the_budget():
    set_seed(0)
    f = np.random.default_rng(3).random((10, 8, 6)).astype("float32")
    y = np.arange(10) % 2
    model = lesson07.fit_steps(lesson07.build_order_blind(8, 6, n_classes=2), f, y, steps=7,
                               batch_size=4)
    assert int(model.optimizer.iterations) == 7


def test_imagenet_path_with_random_weights():
    eyes = lesson07.imagenet_eyes(weights=None)
    assert not any(layer.trainable_weights for layer in eyes.layers)
    x = np.random.default_rng(4).random((2, 3, 18, 42, 1)).astype("float32")
    features = lesson07.frame_features(eyes, x)
    assert features.shape[:2] == (2, 3) and features.shape[2] == eyes.output_shape[-1]
    assert np.isfinite(features).all()


def test_written_clips_read_back_within_codec_loss(tmp_path):
    x, _ = lesson07.make_moving_clips(DIGITS, LABELS, per_class=1, seed=5)
    lesson07.write_clip(tmp_path / "clip.mp4", x[0])
    back = clips.read_clip(tmp_path / "clip.mp4", grey=True)
    assert back.shape == x[0].shape
    assert np.abs(back - x[0]).mean() < 0.01
    colour = np.random.default_rng(6).random((4, 16, 24, 3)).astype("float32")
    lesson07.write_clip(tmp_path / "colour.mp4", colour)
    assert clips.read_clip(tmp_path / "colour.mp4").shape == (4, 16, 24, 3)
    with pytest.raises(ValueError, match="^path"):
        lesson07.write_clip(tmp_path / "no" / "such" / "folder.mp4", x[0])


@pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="JAX is not installed")
def test_two_virtual_devices_give_the_loss_of_one(tmp_path):
    """Slow (a fresh JAX process, two compilations): about 30 s on 2 idle cores."""
    x, y = lesson07.make_moving_clips(DIGITS, LABELS, per_class=2, seed=7)
    np.savez(tmp_path / "data.npz", x=x[:32], y=y[:32])
    environment = {**os.environ, "KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu",
                   "XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    command = ("from course_utils.models.lesson07 import compare_devices; "
               f"compare_devices({str(tmp_path / 'data.npz')!r}, epochs=1, batch_size=16)")
    finished = subprocess.run([sys.executable, "-c", command], env=environment,
                              capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr[-2000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["backend"] == "jax" and len(report["devices"]) == 2
    np.testing.assert_allclose(report["losses"]["2"], report["losses"]["1"], rtol=1e-4)
