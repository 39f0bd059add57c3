"""Keras callbacks the course needs and Keras lacks: a quiet epoch log with timings, a stop at a
target accuracy, and a cosine learning-rate schedule fixed in advance.

Use them in ``model.fit(..., callbacks=[...], verbose=0)``.
"""

from __future__ import annotations

import math
import time
from numbers import Real

from course_utils.checks import fraction as check_fraction
from course_utils.checks import positive_int
from course_utils.session import import_keras

keras = import_keras()

__all__ = ["CosineSchedule", "EpochLogger", "StopAtAccuracy"]


class EpochLogger(keras.callbacks.Callback):
    """Print one short line per epoch (metrics rounded, nothing that changes run to run) and record
    the wall time of every epoch in ``seconds``.
    """

    def __init__(self, epochs: int | None = None, show: bool = True) -> None:
        super().__init__()
        self.epochs = None if epochs is None else positive_int("epochs", epochs)
        if not isinstance(show, bool):
            raise TypeError(f"EpochLogger: show must be True or False, got {show!r}")
        self.show = show
        self.seconds: list[float] = []
        self._start = 0.0

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.seconds = []

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)
        if self.show:
            logged = (logs or {}).items()
            shown = ", ".join(f"{k} {v:.4f}" for k, v in logged if k != "learning_rate")
            of = "" if self.epochs is None else f"/{self.epochs}"
            print(f"epoch {epoch + 1:>2}{of}: {shown}")


class StopAtAccuracy(keras.callbacks.Callback):
    """Stop training at the first epoch whose held-out accuracy reaches ``target``.

    A ``monitor`` that the model does not log (a misspelt ``"val_acc"``, or ``"val_accuracy"``
    without validation data) is an error at the start of training, not a callback that silently
    never fires: the metric's name is checked against the first batch's logs, and the full key
    (``val_`` included) against the first epoch's.
    """

    def __init__(self, target: float = 1.0, monitor: str = "val_accuracy") -> None:
        super().__init__()
        if isinstance(target, bool) or not isinstance(target, Real):
            raise TypeError(
                f"StopAtAccuracy: target must be an accuracy in (0, 1], got {target!r} "
                f"({type(target).__name__})"
            )
        if not (math.isfinite(target) and 0 < target <= 1):
            raise ValueError(f"StopAtAccuracy: target must be an accuracy in (0, 1], got {target}")
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(
                f"StopAtAccuracy: monitor must be the name of a logged metric such as "
                f"'val_accuracy', got {monitor!r}"
            )
        self.target = float(target)
        self.monitor = monitor
        self.stopped_epoch: int | None = None
        self._checked_batch = self._checked_epoch = False

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._checked_batch = self._checked_epoch = False
        self.stopped_epoch = None

    def _missing(self, key: str, logs: dict, when: str) -> ValueError:
        logged = sorted(k for k in logs if k != "learning_rate")
        if when == "batch":
            logged = sorted({*logged, *(f"val_{k}" for k in logged)})
            where = "this model logs (val_ ones with validation data)"
        else:
            where = "this run logs"
        hint = " (fit has no validation_data)" if key.startswith("val_") and when == "epoch" else ""
        return ValueError(
            f"StopAtAccuracy: monitor={self.monitor!r} is not a logged metric{hint}; "
            f"{where}: {', '.join(logged)}"
        )

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._checked_batch or not logs:
            return
        self._checked_batch = True
        base = self.monitor.removeprefix("val_")
        if base not in logs:
            raise self._missing(base, logs, "batch")

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        if not self._checked_epoch:
            self._checked_epoch = True
            if self.monitor not in logs:
                raise self._missing(self.monitor, logs, "epoch")
        value = logs.get(self.monitor)
        if value is not None and value >= self.target and self.stopped_epoch is None:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True


class CosineSchedule(keras.callbacks.Callback):
    """A learning rate fixed in advance: half a cosine from ``learning_rate`` down towards 0.

    Epoch ``e`` (counted from 0) trains at ``learning_rate * (1 + cos(pi * e / epochs)) / 2``: the
    full rate first, half of it at mid-run, a few thousandths of it in the last epoch. Large steps
    while the model finds the motion, small ones to settle, and no decision taken on a noisy
    validation loss (unlike ``ReduceLROnPlateau``). The rate of each epoch is logged as
    ``learning_rate``. (Keras's ``LearningRateScheduler`` would do the same job, but it reads the
    optimizer's rate back through NumPy, which warns under NumPy 2 with Keras 3.15.)
    """

    def __init__(self, learning_rate: float, epochs: int) -> None:
        super().__init__()
        self.learning_rate = check_fraction("learning_rate", learning_rate)
        self.epochs = positive_int("epochs", epochs)

    def rate_at(self, epoch: int) -> float:
        """The learning rate of epoch ``epoch`` (0-based)."""
        return self.learning_rate * 0.5 * (1.0 + math.cos(math.pi * epoch / self.epochs))

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.model.optimizer.learning_rate = self.rate_at(epoch)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if logs is not None:
            logs["learning_rate"] = self.rate_at(epoch)
