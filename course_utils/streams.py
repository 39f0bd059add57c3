"""Training data that never repeats: a fresh set of synthetic videos for every epoch.

Synthetic videos cost almost nothing to make, so a model need never see the same clip twice.
:class:`VideoStream` is a ``keras.utils.PyDataset`` holding every epoch's videos, each epoch made
from a seed derived from ``(seed, epoch)``: the same stream gives the same videos on every run.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.checks import check_keywords, integer, positive_int, seed_int
from course_utils.session import import_keras
from course_utils.video import make_videos

keras = import_keras()


def epoch_seed(seed: int, epoch: int) -> int:
    """The generator seed of one epoch of a stream: distinct for every ``(seed, epoch)`` pair."""
    seed, epoch = seed_int("seed", seed), seed_int("epoch", epoch)
    return int(np.random.SeedSequence([seed, epoch]).generate_state(1)[0])


class VideoStream(keras.utils.PyDataset):
    """Batches of fresh videos: ``per_class`` new clips of each class in every epoch."""

    def __init__(self, per_class: int, seed: int, epochs: int, batch_size: int = 16,
                 **video_kwargs: Any) -> None:
        super().__init__()
        self.per_class = positive_int("per_class", per_class)
        self.seed = positive_int("seed", seed, minimum=0)
        self.epochs = positive_int("epochs", epochs)
        self.batch_size = positive_int("batch_size", batch_size)
        check_keywords("VideoStream", make_videos, video_kwargs, supplied=2)
        self.video_kwargs = video_kwargs
        sample, _, self.class_names = make_videos(1, seed, **video_kwargs)  # shapes, class names
        self.clip_shape: tuple[int, ...] = tuple(sample.shape[1:])
        self.videos_per_epoch = self.per_class * len(self.class_names)
        self.batches_per_epoch = -(-self.videos_per_epoch // self.batch_size)
        self._epoch: int | None = None
        self._x = self._y = np.empty(0)

    def epoch_videos(self, epoch: int) -> tuple[np.ndarray, np.ndarray]:
        """All clips of one epoch, ``(x, y)``: x ``(per_class * classes, time, rows, cols, 1)``."""
        epoch = positive_int("epoch", epoch, minimum=0)
        x, y, _ = make_videos(self.per_class, epoch_seed(self.seed, epoch), **self.video_kwargs)
        return x, y

    def __len__(self) -> int:
        return self.epochs * self.batches_per_epoch

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        index = integer("index", index)
        if not 0 <= index < len(self):
            raise IndexError(f"batch index must be in 0 .. {len(self) - 1}, got {index}")
        epoch, batch = divmod(index, self.batches_per_epoch)
        if self._epoch != epoch:
            self._x, self._y = self.epoch_videos(epoch)
            self._epoch = epoch
        part = slice(batch * self.batch_size, (batch + 1) * self.batch_size)
        return self._x[part], self._y[part]

    def __repr__(self) -> str:
        return (f"VideoStream({self.epochs} epochs of {self.videos_per_epoch} fresh clips "
                f"{self.clip_shape}, batches of {self.batch_size}, seed {self.seed})")
