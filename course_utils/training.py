"""Fitting with checks and timing, predictions, accuracy and confusion matrices.

:func:`fit` checks the inputs against the model first (one-line errors instead of a stack trace from
inside Keras), prints one short line per epoch (no progress bars, no timings in the stored notebook)
and records the seconds each epoch took, for the course's cost tables.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.checks import (
    ArgumentTypeError,
    check_input,
    check_labels,
    positive_int,
)
from course_utils.session import import_keras

keras = import_keras()


from course_utils.callbacks import CosineSchedule, EpochLogger, EpochTimer, StopAtAccuracy  # noqa: E402, F401
from course_utils.data import shuffled_split  # noqa: E402, F401


def _check_model(model: Any, *, compiled: bool) -> None:
    if not isinstance(model, keras.Model):
        raise ArgumentTypeError(f"model must be a Keras model, got {type(model).__name__}")
    if compiled and not getattr(model, "compiled", True):
        raise ValueError(
            f"model {model.name!r} is not compiled: call model.compile(optimizer, loss, "
            "metrics=['accuracy']) before fit"
        )


def build_training_state(model: keras.Model, y: np.ndarray | None = None) -> keras.Model:
    """Create now the variables that Keras would create in the first training step; return model.

    ``fit`` on TensorFlow traces its training step into a graph. Where that first trace creates
    variables (the optimizer's, two per weight for Adam; a metric given by name, such as
    ``"accuracy"``, which becomes a metric object only then), TensorFlow traces the step a second
    time: several seconds for a ConvLSTM, before its first batch. This builds the optimizer and,
    given labels ``y`` (a few samples), the compiled metrics, from ``y`` and a zero prediction of
    the model's output shape (nothing is trained; the metrics are reset). A model not built yet
    (no input shape known) is left to ``fit``.
    """
    _check_model(model, compiled=True)
    if not model.built:
        return model
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    if y is not None and isinstance(model.output_shape, tuple):  # one output: build its metrics
        y = np.asarray(y)[:1]
        zeros = np.zeros((len(y), *model.output_shape[1:]), dtype="float32")
        model.compute_metrics(None, y, keras.ops.convert_to_tensor(zeros), sample_weight=None)
        model.reset_metrics()
    return model


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
    pixel_range: tuple[float, float] | str | None = "auto",
) -> keras.callbacks.History:
    """Check the inputs, train ``model`` and time each epoch.

    Before training, :func:`build_training_state` creates the optimizer's and the metrics'
    variables, so that TensorFlow traces the training step once rather than twice.

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
        pixel_range: the range the inputs must lie in, as in ``checks.check_input`` (by default
            [0, 1] for images and frame sequences).

    Returns:
        The Keras ``History``, with ``epoch_seconds`` (wall time of each epoch) added.

    Raises:
        TypeError, ValueError: before any training, in one line: ``model`` not a compiled Keras
            model, ``epochs < 1``, ``batch_size < 1``, no samples, inputs of the wrong shape,
            type or range (NaN, 0-255 pixels), labels that are not classes (floats, NaN, out of
            range), malformed ``validation_data`` or ``callbacks``.
    """
    _check_model(model, compiled=True)
    epochs = positive_int("epochs", epochs)
    if batch_size is not None:
        batch_size = positive_int("batch_size", batch_size)
    if not isinstance(verbose, bool):
        raise ArgumentTypeError(f"verbose must be True or False, got {verbose!r}")
    if callbacks is not None:
        if not isinstance(callbacks, (list, tuple)):
            raise ArgumentTypeError(
                f"callbacks must be a list of Keras callbacks, got {type(callbacks).__name__}: "
                "wrap one callback in a list, callbacks=[stop]"
            )
        for callback in callbacks:
            if not isinstance(callback, keras.callbacks.Callback):
                raise ArgumentTypeError(
                    f"callbacks must hold Keras callbacks, got {type(callback).__name__} "
                    f"{callback!r:.40}"
                )
    if validation_data is not None and (
        not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2
    ):
        raise ArgumentTypeError(
            "validation_data must be a pair (x_val, y_val), got "
            f"{type(validation_data).__name__}"
            + (f" of {len(validation_data)} items" if isinstance(validation_data, tuple) else "")
        )
    n_classes = int(model.output_shape[-1])
    if isinstance(x, keras.utils.PyDataset):
        if y is not None:
            raise ValueError("give arrays x and y, or a dataset of (x, y) batches as x alone")
        if len(x) == 0:
            raise ValueError("x is a dataset of no batches: give it at least one")
        first_x, first_y = x[0]
        check_input(first_x, model, pixel_range=pixel_range)
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
        x = check_input(x, model, pixel_range=pixel_range)
        check_labels(y, n_classes, n_samples=len(x))
        dataset_args = {"batch_size": batch_size}
    if validation_data is not None:
        x_val = check_input(validation_data[0], model, pixel_range=pixel_range)
        check_labels(validation_data[1], n_classes, n_samples=len(x_val))
    build_training_state(model, first_y if isinstance(x, keras.utils.PyDataset) else y)
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


def predict_classes(
    model: keras.Model,
    x: np.ndarray,
    batch_size: int = 256,
    *,
    pixel_range: tuple[float, float] | str | None = "auto",
) -> np.ndarray:
    """Most likely class of every sample: int64 ``(samples,)``.

    Inputs are checked first, as in :func:`fit` (``checks.check_input``): zero samples, a wrong
    shape, NaN or unscaled pixels are one-line errors, not a crash inside Keras.
    """
    _check_model(model, compiled=False)
    batch_size = positive_int("batch_size", batch_size)
    x = check_input(x, model, pixel_range=pixel_range)
    return np.argmax(model.predict(x, batch_size=batch_size, verbose=0), axis=-1)


def count_params(model: keras.Model) -> int:
    """Total number of weights in ``model`` (trainable and not)."""
    _check_model(model, compiled=False)
    return int(model.count_params())
