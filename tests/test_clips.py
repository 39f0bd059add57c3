"""course_utils.clips: decoding video files, the shipped clip, clear errors, streaming folders."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from course_utils import clips

cv2 = pytest.importorskip("cv2")


def _write(path, frames, rows=12, cols=16, fps=10.0):
    """A grey test clip whose frame t is uniformly t * 20 (so each frame is identifiable)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (cols, rows))
    assert writer.isOpened()
    for t in range(frames):
        writer.write(np.full((rows, cols, 3), 20 * t, np.uint8))
    writer.release()
    return path


def test_the_shipped_clip_matches_its_readme_and_decodes():
    readme = (clips.CLIPS_DIR / "README.md").read_text(encoding="utf-8")
    for name, digest in clips.SHIPPED_SHA256.items():
        path = clips.CLIPS_DIR / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
        assert digest in readme and name in readme
    assert "CC BY 3.0" in readme or "Attribution 3.0" in readme
    assert "Blender Foundation" in readme
    clip = clips.read_clip(clips.SAMPLE_CLIP)
    assert clip.shape == (132, 90, 160, 3) and clip.dtype == np.float32
    assert clip.min() >= 0.0 and clip.max() <= 1.0


def test_a_corrupt_shipped_clip_is_refused(monkeypatch):
    monkeypatch.setitem(clips.SHIPPED_SHA256, clips.SAMPLE_CLIP.name, "0" * 64)
    with pytest.raises(ValueError, match="corrupt"):
        clips.read_clip(clips.SAMPLE_CLIP, frames=2)


def test_frame_indices():
    assert clips.frame_indices(132, frames=5).tolist() == [0, 33, 66, 98, 131]
    assert clips.frame_indices(10, every=4).tolist() == [0, 4, 8]
    assert clips.frame_indices(10, frames=3, every=4).tolist() == [0, 4, 8]
    assert clips.frame_indices(4).tolist() == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="frames"):
        clips.frame_indices(10, frames=4, every=4)
    with pytest.raises(ValueError, match="frames"):
        clips.frame_indices(3, frames=4)
    with pytest.raises(TypeError, match="every"):
        clips.frame_indices(10, every=2.0)


def test_read_clip_picks_the_frames_asked_for(tmp_path):
    path = _write(tmp_path / "ramp.mp4", frames=10)
    levels = clips.read_clip(path, every=3, grey=True).mean(axis=(1, 2, 3)) * 255
    np.testing.assert_allclose(levels, [0, 60, 120, 180], atol=4)
    levels = clips.read_clip(path, frames=4, grey=True).mean(axis=(1, 2, 3)) * 255
    np.testing.assert_allclose(levels, [0, 60, 120, 180], atol=4)
    assert clips.read_clip(path).shape == (10, 12, 16, 3)


def test_read_clip_resizes_after_a_centre_crop_and_returns_rgb(tmp_path):
    path = tmp_path / "halves.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (32, 16))
    frame = np.zeros((16, 32, 3), np.uint8)
    frame[:, :8] = (255, 0, 0)  # blue in OpenCV's BGR: the left quarter, cropped away below
    frame[:, 8:24] = (0, 0, 255)  # red: the middle half, kept
    for _ in range(3):
        writer.write(frame)
    writer.release()
    cropped = clips.read_clip(path, size=(8, 8))
    assert cropped.shape == (3, 8, 8, 3)
    red, green, blue = cropped[..., 0].mean(), cropped[..., 1].mean(), cropped[..., 2].mean()
    assert red > 0.8 and green < 0.1 and blue < 0.1  # RGB order, the blue edge cropped off
    stretched = clips.read_clip(path, size=(8, 8), crop=False)
    assert stretched[..., 2].mean() > 0.1  # the blue quarter is still there


def test_clear_errors_name_the_argument(tmp_path):
    with pytest.raises(clips.ClipNotFoundError, match="^path: no file"):
        clips.read_clip(tmp_path / "missing.mp4")
    with pytest.raises(ValueError, match="^path: no file"):  # also a ValueError
        clips.read_clip(tmp_path / "missing.mp4")
    with pytest.raises(FileNotFoundError):  # and a FileNotFoundError
        clips.read_clip(tmp_path / "missing.mp4")
    (tmp_path / "text.mp4").write_text("not a video")
    with pytest.raises(ValueError, match="^path: text.mp4 is not a video"):
        clips.read_clip(tmp_path / "text.mp4")
    path = _write(tmp_path / "short.mp4", frames=5)
    with pytest.raises(ValueError, match="^frames: the clip has 5 frames"):
        clips.read_clip(path, frames=8)
    with pytest.raises(TypeError, match="^path must be a file path"):
        clips.read_clip(42)
    with pytest.raises(TypeError, match="size"):
        clips.read_clip(path, size=64)
    with pytest.raises(TypeError, match="frames"):
        clips.read_clip(path, frames="4")


def _folder(tmp_path, per_class=(3, 2)):
    root = tmp_path / "clips"
    for name, n in zip(("left", "right"), per_class, strict=True):
        (root / name).mkdir(parents=True)
        for i in range(n):
            _write(root / name / f"{i}.mp4", frames=6)
        (root / name / "notes.txt").write_text("ignored")
    return root


def test_clip_folder_streams_labelled_batches(tmp_path):
    stream = clips.ClipFolder(_folder(tmp_path), frames=4, grey=True, batch_size=2, seed=1)
    assert stream.class_names == ["left", "right"]
    assert stream.labels.tolist() == [0, 0, 0, 1, 1] and len(stream) == 3
    batches = [stream[i] for i in range(len(stream))]
    assert batches[0][0].shape == (2, 4, 12, 16, 1) and batches[-1][0].shape == (1, 4, 12, 16, 1)
    seen = np.concatenate([y for _, y in batches])
    assert sorted(seen.tolist()) == [0, 0, 0, 1, 1]
    first_order = stream._order.copy()
    stream.on_epoch_end()
    again = clips.ClipFolder(_folder(tmp_path / "b"), frames=4, grey=True, batch_size=2, seed=1)
    assert again._order.tolist() == first_order.tolist()  # same seed, same first epoch
    with pytest.raises(IndexError):
        stream[3]
    assert "5 clips in 2 classes" in repr(stream)


def test_clip_folder_class_order_and_errors(tmp_path):
    root = _folder(tmp_path)
    stream = clips.ClipFolder(root, frames=4, class_names=["right", "left"], shuffle=False)
    assert stream.labels.tolist() == [0, 0, 1, 1, 1]
    with pytest.raises(ValueError, match="class_names"):
        clips.ClipFolder(root, frames=4, class_names=["up"])
    with pytest.raises(ValueError, match="folder"):
        clips.ClipFolder(tmp_path / "nowhere", frames=4)
    with pytest.raises(ValueError, match="frames"):
        clips.ClipFolder(root, frames=8, batch_size=5, shuffle=False)[0]


def test_clip_folder_feeds_model_fit_with_worker_threads(tmp_path):
    keras = pytest.importorskip("keras")
    from course_utils.session import set_seed

    stream = clips.ClipFolder(_folder(tmp_path, (4, 4)), frames=4, grey=True, batch_size=4,
                              workers=2)
    set_seed(0)
    model = keras.Sequential([
        keras.Input((4, 12, 16, 1)),
        keras.layers.TimeDistributed(keras.layers.Flatten()),
        keras.layers.LSTM(4),
        keras.layers.Dense(2, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(stream, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
