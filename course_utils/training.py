"""Fitting with checks and timing, predictions, accuracy and confusion matrices.

:func:`fit` checks the inputs against the model first (one-line errors instead of a stack trace from
inside Keras), prints one short line per epoch (no progress bars, no timings in the stored notebook)
and records the seconds each epoch took, for the course's cost tables.
"""

from __future__ import annotations

import time

import numpy as np

from course_utils.checks import check_input, check_labels
from course_utils.runtime import import_keras

keras = import_keras()


class EpochTimer(keras.callbacks.Callback):
    """Record the wall time of every training epoch in ``seconds`` (a list, one per epoch)."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


class EpochLogger(keras.callbacks.Callback):
    """Print one line per epoch with the metrics rounded, and nothing that changes run to run."""

    def __init__(self, epochs: int) -> None:
        super().__init__()
        self.epochs = epochs

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        shown = ", ".join(
            f"{key} {value:.4f}" for key, value in (logs or {}).items() if key != "learning_rate"
        )
        print(f"epoch {epoch + 1:>2}/{self.epochs}: {shown}")


class StopAtAccuracy(keras.callbacks.Callback):
    """Stop training at the first epoch whose held-out accuracy reaches ``target``.

    Attributes:
        stopped_epoch: 1-based epoch at which ``target`` was reached, or None.
    """

    def __init__(self, target: float = 1.0, monitor: str = "val_accuracy") -> None:
        super().__init__()
        self.target = target
        self.monitor = monitor
        self.stopped_epoch: int | None = None

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        value = (logs or {}).get(self.monitor)
        if value is not None and value >= self.target and self.stopped_epoch is None:
            self.stopped_epoch = epoch + 1
            self.model.stop_training = True


def shuffled_split(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Split ``(x, y)`` into training and validation parts AFTER a seeded shuffle.

    Keras's ``validation_split`` takes the last samples as they come: on data stored class by class
    it validates on classes the model never trains on. This takes a random ``fraction`` instead.

    Returns:
        ``(x_train, y_train), (x_val, y_val)``.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction}")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    order = np.random.default_rng(seed).permutation(len(x))
    n_val = max(1, round(len(x) * fraction))
    val, train = order[:n_val], order[n_val:]
    return (x[train], y[train]), (x[val], y[val])


def fit(
    model: keras.Model,
    x: np.ndarray | keras.utils.PyDataset,
    y: np.ndarray | None = None,
    *,
    epochs: int,
    batch_size: int | None = 32,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    callbacks: list[keras.callbacks.Callback] | None = None,
    verbose: bool = True,
) -> keras.callbacks.History:
    """Check the inputs, train ``model`` and time each epoch.

    Args:
        model: a compiled Keras model.
        x: inputs matching ``model.input_shape``, e.g. ``(samples, time, rows, cols, channels)``;
            or a ``keras.utils.PyDataset`` of ``(x, y)`` batches such as
            ``course_utils.streams.VideoStream`` (then ``y`` and ``batch_size`` are not given, and
            the stream's first batch is checked).
        y: labels, integer ``(samples,)`` or one-hot ``(samples, classes)``.
        epochs, batch_size: as in ``model.fit``.
        validation_data: ``(x_val, y_val)`` checked like ``x`` and ``y``.
        callbacks: extra Keras callbacks.
        verbose: print one line of metrics per epoch.

    Returns:
        The Keras ``History``, with ``epoch_seconds`` (wall time of each epoch) added.
    """
    n_classes = int(model.output_shape[-1])
    if isinstance(x, keras.utils.PyDataset):
        if y is not None:
            raise ValueError("give arrays x and y, or a dataset of (x, y) batches as x alone")
        first_x, first_y = x[0]
        check_input(first_x, model)
        check_labels(first_y, n_classes, n_samples=len(first_x))
        dataset_args: dict = {"batch_size": None, "shuffle": False}
        steps = getattr(x, "batches_per_epoch", None)  # a VideoStream: many epochs in one
        if steps is not None:
            if len(x) < epochs * steps:
                raise ValueError(
                    f"the stream holds {len(x) // steps} epochs of videos, fit asks for "
                    f"epochs={epochs}: make the stream with epochs >= {epochs}"
                )
            dataset_args["steps_per_epoch"] = steps
    else:
        if y is None:
            raise ValueError("labels y are missing: fit(model, x, y, ...) with arrays x and y")
        check_input(x, model)
        check_labels(y, n_classes, n_samples=len(x))
        dataset_args = {"batch_size": batch_size}
    if validation_data is not None:
        check_input(validation_data[0], model)
        check_labels(validation_data[1], n_classes, n_samples=len(validation_data[0]))
    timer = EpochTimer()
    extra: list[keras.callbacks.Callback] = [timer, *list(callbacks or [])]
    if verbose:
        extra.append(EpochLogger(epochs))
    history = model.fit(
        x,
        y,
        epochs=epochs,
        validation_data=validation_data,
        callbacks=extra,
        verbose=0,
        **dataset_args,
    )
    history.epoch_seconds = timer.seconds
    return history


def predict_classes(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Most likely class of every sample: int64 ``(samples,)``. Inputs are checked first."""
    check_input(x, model)
    return np.argmax(model.predict(x, batch_size=batch_size, verbose=0), axis=-1)


def count_params(model: keras.Model) -> int:
    """Total number of weights in ``model`` (trainable and not)."""
    return int(model.count_params())
