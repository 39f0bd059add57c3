"""Training data that never repeats: a fresh set of synthetic videos for every epoch.

Synthetic videos cost almost nothing to make (``course_utils.video.make_videos`` draws a thousand
in a few hundredths of a second), so a model need never see the same clip twice.
:class:`VideoStream` is a ``keras.utils.PyDataset``: pass it to ``course_utils.training.fit`` in
place of ``x`` and ``y``. Each epoch is ``per_class`` new clips of every class, made from a seed
derived from ``(seed, epoch)``, so the same stream gives the same videos on every run, and no
epoch repeats another.

Lessons 02 and 03 train this way: many small epochs of new videos, with a check on held-out videos
after each one, reach 100% on fresh videos sooner than more epochs over a fixed set (see the
README's *Performance* section).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course_utils.checks import check_keywords, integer, positive_int, seed_int
from course_utils.session import import_keras
from course_utils.video import make_videos

keras = import_keras()

#: A function like ``video.make_videos``: ``(n_per_class, seed, **kwargs) -> (x, y, class_names)``.
VideoMaker = Callable[..., tuple[np.ndarray, np.ndarray, tuple[str, ...]]]


def epoch_seed(seed: int, epoch: int) -> int:
    """The generator seed of one epoch of a stream: distinct for every ``(seed, epoch)`` pair."""
    seed, epoch = seed_int("seed", seed), seed_int("epoch", epoch)
    return int(np.random.SeedSequence([seed, epoch]).generate_state(1)[0])


class VideoStream(keras.utils.PyDataset):
    """Batches of fresh videos: ``per_class`` new clips of each class in every epoch.

    Args:
        per_class: clips of each class per epoch (an epoch holds ``per_class * classes`` clips).
        seed: seed of the stream; epoch ``e`` uses the generator seed ``epoch_seed(seed, e)``.
        epochs: how many epochs of videos the stream holds (``fit``'s ``epochs`` at most).
        batch_size: clips per batch; the last batch of an epoch may be smaller.
        make: the video generator, ``video.make_videos`` (default) or
            ``video.make_clutter_videos``.
        **video_kwargs: passed to ``make`` (``frames``, ``height``, ``width``, ...).

    Batch ``i`` is batch ``i % batches_per_epoch`` of epoch ``i // batches_per_epoch``, a pure
    function of ``i``: the videos do not depend on when Keras asks for them or how far ahead it
    prefetches. Train with ``course_utils.training.fit(model, stream, epochs=...)``, which passes
    ``steps_per_epoch=stream.batches_per_epoch`` and ``shuffle=False`` (``make`` shuffles the clips
    of each epoch; Keras's own shuffle would mix the epochs). Each batch is ``(x, y)`` with ``x``
    float32 of shape ``(batch, time, rows, cols, channels)`` and ``y`` int64 labels ``(batch,)``.

    Example:
        >>> stream = VideoStream(per_class=4, seed=0, epochs=3, batch_size=8)
        >>> stream.batches_per_epoch, len(stream), stream[0][0].shape
        (2, 6, (8, 20, 50, 130, 1))
    """

    def __init__(
        self,
        per_class: int,
        seed: int,
        epochs: int,
        batch_size: int = 16,
        make: VideoMaker = make_videos,
        **video_kwargs: Any,
    ) -> None:
        super().__init__()
        self.per_class = positive_int("per_class", per_class)
        self.seed = positive_int("seed", seed, minimum=0)
        self.epochs = positive_int("epochs", epochs)
        self.batch_size = positive_int("batch_size", batch_size)
        check_keywords("VideoStream", make, video_kwargs, supplied=2)  # before make is called
        self.make = make
        self.video_kwargs = video_kwargs
        # One small call up front: checks the arguments, and gives the shapes and class names.
        sample, _, self.class_names = make(1, seed, **video_kwargs)
        self.clip_shape: tuple[int, ...] = tuple(sample.shape[1:])
        self.videos_per_epoch = self.per_class * len(self.class_names)
        self.batches_per_epoch = -(-self.videos_per_epoch // self.batch_size)
        self._cached_epoch: int | None = None
        self._x = self._y = np.empty(0)

    def epoch_videos(self, epoch: int) -> tuple[np.ndarray, np.ndarray]:
        """All clips of one epoch, ``(x, y)``: x ``(per_class * classes, time, rows, cols, 1)``."""
        epoch = positive_int("epoch", epoch, minimum=0)
        x, y, _ = self.make(self.per_class, epoch_seed(self.seed, epoch), **self.video_kwargs)
        return x, y

    def __len__(self) -> int:
        return self.epochs * self.batches_per_epoch

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        index = integer("index", index)
        if not 0 <= index < len(self):
            raise IndexError(f"batch index must be in 0 .. {len(self) - 1}, got {index}")
        epoch, batch = divmod(index, self.batches_per_epoch)
        if self._cached_epoch != epoch:
            self._x, self._y = self.epoch_videos(epoch)
            self._cached_epoch = epoch
        part = slice(batch * self.batch_size, (batch + 1) * self.batch_size)
        return self._x[part], self._y[part]

    def __repr__(self) -> str:
        return (
            f"VideoStream({self.epochs} epochs of {self.videos_per_epoch} fresh clips "
            f"{self.clip_shape}, batches of {self.batch_size}, seed {self.seed})"
        )
