"""Video files for the course: decode a clip into the tensor a CNN-LSTM reads, and stream a folder.

- :func:`read_clip` decodes a video file (``.mp4``, ``.avi``, ... whatever OpenCV's FFmpeg reads)
  into float32 ``(frames, rows, cols, channels)`` in [0, 1], RGB (or grey): only the frames asked
  for (every k-th, or a fixed number spread over the clip), resized, centre-cropped to the shape's
  aspect ratio first so that nothing is stretched.
- :class:`ClipFolder` is a ``keras.utils.PyDataset`` over a folder with one sub-folder of clips per
  class (the layout of UCF101 and of ``keras.utils.image_dataset_from_directory``): each batch is
  decoded when ``model.fit`` asks for it, by ``workers`` threads, so the clips never need to fit in
  memory together.
- :data:`SAMPLE_CLIP`: a real clip shipped with the package (5 s of *Big Buck Bunny*, CC BY 3.0,
  (c) Blender Foundation; ``data_files/clips/README.md``), its checksum verified on every read.

OpenCV is imported when a clip is first read (``pip install opencv-python-headless``), so that
importing this module costs nothing. Errors name the argument: a missing file raises
:class:`ClipNotFoundError` (a ``FileNotFoundError`` that ``except ValueError`` also catches), a
file that is not a video and a clip shorter than asked raise ``ValueError``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from course_utils.checks import positive_int, seed_int
from course_utils.session import import_keras

keras = import_keras()

# FFmpeg's own messages ("moov atom not found") would reach a notebook's stderr, and the errors
# raised here say it better. OpenCV reads this when it first opens a video, so it is set on import;
# set OPENCV_FFMPEG_LOGLEVEL yourself (e.g. 24) to see them.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

CLIPS_DIR = Path(__file__).resolve().parent / "data_files" / "clips"
#: The real clip shipped with the package: 132 frames of 90 x 160 RGB at 25 frames per second.
SAMPLE_CLIP = CLIPS_DIR / "big_buck_bunny_160x90.mp4"
#: sha256 of every file shipped in ``data_files/clips`` (also listed in its README).
SHIPPED_SHA256 = {
    "big_buck_bunny_160x90.mp4":
        "dd327347180ced0a41ac8ec5b9d77c8add658e6a21ecf18b5114351853da7710",
}
#: The file endings :class:`ClipFolder` takes for clips.
VIDEO_SUFFIXES = (".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v")


class ClipNotFoundError(FileNotFoundError, ValueError):
    """No file at the path given: a ``FileNotFoundError`` that is also a ``ValueError``."""


def _path(name: str, value: Any) -> Path:
    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file path (str or pathlib.Path), got "
                                f"{type(value).__name__} {value!r:.60}")
    return Path(value)


def _verify_shipped(path: Path) -> None:
    """A file of ``data_files/clips`` must have the checksum its README gives."""
    if path.resolve().parent != CLIPS_DIR or path.name not in SHIPPED_SHA256:
        return
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHIPPED_SHA256[path.name]:
        raise ValueError(f"path: the shipped clip {path.name} is corrupt (its sha256 is not the "
                         "one in data_files/clips/README.md): reinstall the course")


def _size(size: Any) -> tuple[int, int] | None:
    if size is None:
        return None
    if not isinstance(size, (tuple, list)) or len(size) != 2:
        raise TypeError(f"size must be (rows, cols) such as (64, 96), got {size!r:.60}")
    return positive_int("size[0] (rows)", size[0]), positive_int("size[1] (cols)", size[1])


def frame_indices(total: int, frames: int | None = None, every: int | None = None) -> np.ndarray:
    """Which frames of a clip of ``total`` frames :func:`read_clip` decodes.

    ``every=k``: frames 0, k, 2k, ... (``frames`` of them if given, else to the end);
    ``frames=n`` alone: n frames spread evenly from the first to the last; neither: all frames.
    Raises ``ValueError`` naming ``frames`` when the clip is shorter than asked.
    """
    total = positive_int("total", total)
    if every is not None:
        every = positive_int("every", every)
        if frames is None:
            return np.arange(0, total, every)
        frames = positive_int("frames", frames)
        needed = (frames - 1) * every + 1
        if needed > total:
            raise ValueError(f"frames: the clip has {total} frames, but frames={frames} every "
                             f"{every} needs {needed}: ask for fewer frames or a smaller step")
        return np.arange(frames) * every
    if frames is None:
        return np.arange(total)
    frames = positive_int("frames", frames)
    if frames > total:
        raise ValueError(f"frames: the clip has {total} frames, fewer than frames={frames}")
    return np.rint(np.linspace(0, total - 1, frames)).astype(np.int64)


def _resize(frame: np.ndarray, size: tuple[int, int], crop: bool, cv2: Any) -> np.ndarray:
    rows, cols = size
    if crop:  # centre-crop to the target's aspect ratio, so that resizing stretches nothing
        height, width = frame.shape[:2]
        if width * rows > height * cols:  # too wide
            keep = max(1, round(height * cols / rows))
            left = (width - keep) // 2
            frame = frame[:, left:left + keep]
        else:  # too tall
            keep = max(1, round(width * rows / cols))
            top = (height - keep) // 2
            frame = frame[top:top + keep]
    return cv2.resize(frame, (cols, rows), interpolation=cv2.INTER_AREA)


def read_clip(
    path: str | os.PathLike,
    *,
    frames: int | None = None,
    every: int | None = None,
    size: tuple[int, int] | None = None,
    crop: bool = True,
    grey: bool = False,
) -> np.ndarray:
    """Decode a video file into float32 ``(frames, rows, cols, 3)`` RGB in [0, 1] (``grey``: 1
    channel).

    ``frames``/``every`` choose the frames (:func:`frame_indices`); only those are converted, and
    decoding stops after the last one. ``size=(rows, cols)`` resizes every frame, after a centre
    crop to that aspect ratio (``crop=False``: stretch instead). OpenCV decodes to **BGR**; this
    returns RGB.
    """
    import cv2

    path = _path("path", path)
    if not path.is_file():
        raise ClipNotFoundError(f"path: no file at {path}")
    size = _size(size)
    if not isinstance(crop, bool) or not isinstance(grey, bool):
        raise TypeError(f"crop and grey must be True or False, got {crop!r}, {grey!r}")
    _verify_shipped(path)
    capture = cv2.VideoCapture(str(path))
    try:
        total = int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) if capture.isOpened() else 0
        if total <= 0:
            raise ValueError(f"path: {path.name} is not a video OpenCV can decode "
                             "(no frames; is it a video file, and is the file complete?)")
        wanted = frame_indices(total, frames, every)
        out = []
        position = 0
        for index in wanted:
            while position < index:  # skip: demultiplex and decode, no colour conversion
                if not capture.grab():
                    break
                position += 1
            ok, frame = capture.read() if position == index else (False, None)
            if not ok:
                raise ValueError(
                    f"frames: {path.name} ended after {position} frames, before frame {index} "
                    f"(its header said {total}): ask for fewer frames")
            position += 1
            frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY if grey else cv2.COLOR_BGR2RGB)
            if size is not None:
                frame = _resize(frame, size, crop, cv2)
            out.append(frame)
    finally:
        capture.release()
    clip = np.stack(out).astype(np.float32) / 255.0
    return clip[..., np.newaxis] if grey else clip


class ClipFolder(keras.utils.PyDataset):
    """Batches ``(clips, labels)`` decoded on the fly from ``folder/<class name>/<clip file>``.

    ``clips`` are float32 ``(batch, frames, rows, cols, channels)`` read by :func:`read_clip`
    (``frames``, ``every``, ``size``, ``grey`` are passed on); labels are int indices into
    :attr:`class_names` (the sub-folders, sorted, or the order given). ``workers`` threads decode
    batches ahead of the model (OpenCV releases Python's lock while it decodes). With ``shuffle``,
    the order of the clips changes every epoch, the same on every run for the same ``seed``.
    """

    def __init__(self, folder: str | os.PathLike, *, frames: int, every: int | None = None,
                 size: tuple[int, int] | None = None, grey: bool = False, batch_size: int = 16,
                 class_names: Sequence[str] | None = None, shuffle: bool = True, seed: int = 0,
                 workers: int = 1, max_queue_size: int = 10) -> None:
        super().__init__(workers=positive_int("workers", workers), use_multiprocessing=False,
                         max_queue_size=positive_int("max_queue_size", max_queue_size))
        folder = _path("folder", folder)
        if not folder.is_dir():
            raise ClipNotFoundError(f"folder: no folder at {folder}")
        found = sorted(p.name for p in folder.iterdir() if p.is_dir())
        if class_names is None:
            class_names = found
        elif isinstance(class_names, str) or not isinstance(class_names, Sequence):
            raise TypeError(f"class_names must be a list of sub-folder names, got "
                                    f"{class_names!r:.60}")
        missing = [name for name in class_names if name not in found]
        if missing or not class_names:
            raise ValueError(f"class_names: no sub-folder {missing or '(none given)'} in {folder}"
                             f" (found {found[:5]}{'...' if len(found) > 5 else ''})")
        self.class_names = [str(name) for name in class_names]
        self.paths: list[Path] = []
        labels = []
        for label, name in enumerate(self.class_names):
            files = sorted(p for p in (folder / name).iterdir()
                           if p.suffix.lower() in VIDEO_SUFFIXES)
            self.paths += files
            labels += [label] * len(files)
        if not self.paths:
            raise ValueError(f"folder: no video files ({', '.join(VIDEO_SUFFIXES)}) in the "
                             f"class sub-folders of {folder}")
        self.labels = np.asarray(labels, dtype=np.int64)
        self.frames = positive_int("frames", frames)
        self.read_options = {"frames": self.frames, "every": every, "size": _size(size),
                             "grey": grey}
        self.batch_size = positive_int("batch_size", batch_size)
        self.shuffle = bool(shuffle)
        self.seed = seed_int("seed", seed)
        self._epoch = 0
        self._order = self._epoch_order()

    def _epoch_order(self) -> np.ndarray:
        if not self.shuffle:
            return np.arange(len(self.paths))
        return np.random.default_rng([self.seed, self._epoch]).permutation(len(self.paths))

    def __len__(self) -> int:
        return -(-len(self.paths) // self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        if not 0 <= index < len(self):
            raise IndexError(f"index: batch {index} of a ClipFolder of {len(self)} batches")
        chosen = self._order[index * self.batch_size:(index + 1) * self.batch_size]
        clips = np.stack([read_clip(self.paths[i], **self.read_options) for i in chosen])
        return clips, self.labels[chosen]

    def on_epoch_end(self) -> None:
        """A new order for the next epoch (Keras calls this after each one)."""
        self._epoch += 1
        self._order = self._epoch_order()

    def __repr__(self) -> str:
        return (f"ClipFolder({len(self.paths)} clips in {len(self.class_names)} classes, "
                f"{self.frames} frames each, batches of {self.batch_size}, "
                f"{self.workers} worker thread(s))")
