"""Models for recordings ``(samples, time, channels)``: a 1-D CNN-LSTM and its two baselines.

- :func:`build_cnn_lstm_1d`: the series is cut into sub-windows of ``window`` steps,
  ``(samples, windows, window, channels)``; one small ``Conv1D`` feature extractor reads every
  sub-window (``TimeDistributed``), max-pools it to one feature vector, and an ``LSTM`` reads the
  sub-windows' vectors in order; ``Dense`` names the class. The CNN sees local shape, the LSTM
  sees how it changes from one sub-window to the next.
- :func:`build_lstm`: an ``LSTM`` straight on the raw steps (no convolution).
- :func:`build_conv_pool`: a ``Conv1D`` layer, then global average pooling over time: it sees
  local shape only within its kernels' reach and is blind to the order of anything further apart
  (the order-blind baseline).

Variable length. Recordings shorter than the array are zero-padded at the end. With
``masked=True`` every builder ignores the padding, using the pattern that survives Keras 3: the
mask is computed from the inputs by :class:`PaddingMask` and handed explicitly to the layer that
must honour it (``LSTM(...)(x, mask=mask)``, ``GlobalAveragePooling1D()(x, mask=mask)``),
because a ``Masking`` layer's mask does not survive ``Conv1D`` (it is dropped, with a warning)
nor ``TimeDistributed`` around a layer that changes the shape (it is passed on unchanged, with the
wrong shape). :func:`build_lstm` can use ``Masking`` directly: nothing stands between it and the
``LSTM``. Padded steps must be exactly 0 (``recordings.standardise`` keeps them so).

The builders return uncompiled models; :func:`compile_classifier` compiles them for integer
labels, and :class:`SeedRunner` trains one architecture with many seeds and learning rates on a
fixed split and scores it on the test part.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from course_utils import metrics, session
from course_utils.checks import learning_rate as check_learning_rate
from course_utils.checks import positive_int
from course_utils.session import import_keras
from course_utils.training import build_training_state

keras = import_keras()
layers = keras.layers
ops = keras.ops


class PaddingMask(layers.Layer):
    """Which steps (or sub-windows of ``window`` steps) hold real data: bool ``(samples, steps)``.

    A step is padding when all its channels are exactly 0; a sub-window is padding when all its
    steps are. Input ``(samples, time, channels)`` with ``time`` a multiple of ``window``.
    """

    def __init__(self, window: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.window = positive_int("window", window)

    def call(self, inputs):
        real_step = ops.any(ops.not_equal(inputs, 0.0), axis=-1)  # (samples, time)
        if self.window == 1:
            return real_step
        windows = ops.reshape(real_step, (-1, inputs.shape[1] // self.window, self.window))
        return ops.any(windows, axis=-1)  # (samples, windows)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] // self.window)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "window": self.window}


def _check_shape(time: int, channels: int, n_classes: int) -> None:
    positive_int("time", time)
    positive_int("channels", channels)
    positive_int("n_classes", n_classes, minimum=2)


def build_cnn_lstm_1d(
    time: int,
    channels: int,
    n_classes: int,
    *,
    window: int = 10,
    filters: int = 16,
    kernel_size: int = 3,
    lstm_units: int = 32,
    masked: bool = False,
) -> keras.Model:
    """Sub-windows → ``TimeDistributed(Conv1D)`` + max-pool → ``LSTM`` → ``Dense`` softmax.

    Args:
        time, channels: one recording is ``(time, channels)``; if ``time`` is not a multiple of
            ``window``, zeros are appended to make it one.
        n_classes: classes to tell apart.
        window: steps per sub-window.
        filters, kernel_size: the convolution that reads every sub-window.
        lstm_units: the LSTM that reads the sub-windows in order.
        masked: skip sub-windows that are all padding (variable-length recordings).

    Returns:
        Uncompiled model: input ``(samples, time, channels)``, output ``(samples, n_classes)``.
    """
    _check_shape(time, channels, n_classes)
    window = positive_int("window", window)
    inputs = keras.Input((time, channels), name="recording")
    x = inputs
    extra = -time % window
    if extra:  # pad the end so that the windows tile the series
        x = layers.ZeroPadding1D((0, extra))(x)
    n_windows = (time + extra) // window
    mask = PaddingMask(window, name="window_mask")(x) if masked else None
    x = layers.Reshape((n_windows, window, channels))(x)  # (samples, windows, window, channels)
    x = layers.TimeDistributed(
        layers.Conv1D(filters, kernel_size, padding="same", activation="relu"))(x)
    x = layers.TimeDistributed(layers.GlobalMaxPooling1D())(x)  # (samples, windows, filters)
    x = layers.LSTM(lstm_units)(x, mask=mask)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn_lstm_1d")


def build_lstm(
    time: int, channels: int, n_classes: int, *, units: int = 32, masked: bool = False
) -> keras.Model:
    """``LSTM`` on the raw steps → ``Dense`` softmax; ``masked`` adds ``Masking(0.0)`` first."""
    _check_shape(time, channels, n_classes)
    inputs = keras.Input((time, channels), name="recording")
    x = layers.Masking(mask_value=0.0)(inputs) if masked else inputs
    x = layers.LSTM(positive_int("units", units))(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="lstm")


def build_conv_pool(
    time: int,
    channels: int,
    n_classes: int,
    *,
    filters: int = 64,
    kernel_size: int = 3,
    masked: bool = False,
) -> keras.Model:
    """``Conv1D`` → global average pooling over time → ``Dense`` softmax (order-blind).

    The convolution sees ``kernel_size`` neighbouring steps; the average forgets where, and in
    which order, anything happened. With ``masked``, the average is taken over the real steps
    only. (One convolution, not two: a second one would let the padding leak into the last real
    steps through the first one's outputs, which the mask does not cover.)
    """
    _check_shape(time, channels, n_classes)
    inputs = keras.Input((time, channels), name="recording")
    mask = PaddingMask(name="step_mask")(inputs) if masked else None
    x = layers.Conv1D(filters, kernel_size, padding="same", activation="relu")(inputs)
    x = layers.GlobalAveragePooling1D()(x, mask=mask)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="conv_pool")


BUILDERS: dict[str, Callable[..., keras.Model]] = {
    "CNN-LSTM": build_cnn_lstm_1d,
    "LSTM": build_lstm,
    "Conv1D + pooling": build_conv_pool,
}


def compile_classifier(model: keras.Model, learning_rate: float = 1e-3) -> keras.Model:
    """Compile ``model`` for integer labels: Adam, sparse cross-entropy, accuracy. Returns it."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    rate = check_learning_rate("learning_rate", learning_rate)
    model.compile(optimizer=keras.optimizers.Adam(rate),
                  loss="sparse_categorical_crossentropy",
                  metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
    return build_training_state(model)  # no variables made inside the first traced step


def _checked(split: Any, model: keras.Model, name: str) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` that fits ``model``: float ``(samples, time, channels)``, int labels in range."""
    if not isinstance(split, (tuple, list)) or len(split) != 2:
        raise TypeError(f"{name} must be an (x, y) pair, got {type(split).__name__}")
    x, y = np.asarray(split[0]), np.asarray(split[1])
    expected = tuple(model.input_shape[1:])
    if x.ndim != 3 or x.shape[1:] != expected or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            f"{name} x must be float (samples, {expected[0]}, {expected[1]}) = (samples, time, "
            f"channels), got {x.dtype} {x.shape}"
        )
    n_classes = int(model.output_shape[-1])
    if y.shape != (len(x),) or not np.issubdtype(y.dtype, np.integer) or (
        y.size and (y.min() < 0 or y.max() >= n_classes)
    ):
        raise ValueError(
            f"{name} y must be integer labels 0..{n_classes - 1} of shape ({len(x)},), "
            f"got {y.dtype} {y.shape}"
        )
    return x, y


class SeedRunner:
    """Train one architecture many times (seeds, learning rates) at the cost of building it once.

    Keras traces a model's training step the first time it is fitted, and on a CPU that tracing
    costs more than a whole training of these small models. A runner compiles the architecture
    once; every :meth:`run` then loads the initial weights a FRESH model gets with that seed
    (``build()`` after ``set_seed(seed)``), resets the optimizer (Adam's step count and moments
    to zero, the learning rate to the one asked for) and trains. The result is the training a
    freshly built and compiled model would get (``tests/test_sequence_1d.py`` checks it), without
    tracing again. The training call is the plain::

        model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=0)

    (``course_utils.training.fit`` is not used: it checks for pixels in [0, 1], and recordings are
    standardised values.)

    Args:
        build: a function without arguments returning an uncompiled classifier.
    """

    def __init__(self, build: Callable[[], keras.Model]) -> None:
        if not callable(build):
            raise TypeError(f"build must be a function returning a model, got {build!r:.60}")
        self.build = build
        self.model = compile_classifier(build(), 1e-3)

    def run(
        self,
        train: tuple[np.ndarray, np.ndarray],
        test: tuple[np.ndarray, np.ndarray],
        *,
        seed: int,
        learning_rate: float,
        epochs: int,
        batch_size: int = 16,
    ) -> dict[str, Any]:
        """Train from the initial weights ``seed`` gives, ``epochs`` on ``train``; score on test.

        Args:
            train, test: ``(x, y)``, ``x`` float ``(samples, time, channels)``, ``y`` int
                ``(samples,)``.
            seed: sets the initial weights and the order of the batches.
            learning_rate, epochs, batch_size: the training recipe.

        Returns:
            ``{"seed", "learning_rate", "accuracy", "train_seconds"}``; ``accuracy`` on ``test``.
        """
        model = self.model
        x_train, y_train = _checked(train, model, "train")
        x_test, y_test = _checked(test, model, "test")
        learning_rate = check_learning_rate("learning_rate", learning_rate)
        session.set_seed(positive_int("seed", seed, minimum=0))
        model.set_weights(self.build().get_weights())  # a fresh model's initial weights
        for variable in model.optimizer.variables:
            variable.assign(ops.zeros(variable.shape, variable.dtype))
        model.optimizer.learning_rate = learning_rate
        session.set_seed(seed)  # the order of the batches
        start = _time.perf_counter()
        model.fit(x_train, y_train, epochs=positive_int("epochs", epochs),
                  batch_size=positive_int("batch_size", batch_size), verbose=0)
        seconds = _time.perf_counter() - start
        probabilities = np.asarray(model.predict(x_test, batch_size=256, verbose=0))
        picked = np.clip(probabilities[np.arange(len(y_test)), y_test], 1e-7, 1.0)
        return {"seed": seed, "learning_rate": learning_rate,
                "accuracy": metrics.accuracy(y_test, probabilities.argmax(axis=-1)),
                "loss": float(-np.log(picked).mean()), "train_seconds": seconds}


def sweep_learning_rates(
    runners: dict[str, SeedRunner],
    train: tuple[np.ndarray, np.ndarray],
    validation: tuple[np.ndarray, np.ndarray],
    rates: tuple[float, ...],
    *,
    seed: int,
    epochs: int,
    batch_size: int,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Every model at every learning rate, scored on a validation part of the TRAINING data.

    Returns:
        ``(table, best)``: one row per model and rate (validation accuracy and loss), and each
        model's best rate (highest validation accuracy, then lowest validation loss).
    """
    rows = [
        {"model": name, **runner.run(train, validation, seed=seed, learning_rate=rate,
                                     epochs=epochs, batch_size=batch_size)}
        for name, runner in runners.items() for rate in rates
    ]
    table = pd.DataFrame(rows).rename(columns={"accuracy": "val_accuracy", "loss": "val_loss"})
    ranked = table.sort_values(["val_accuracy", "val_loss"], ascending=[False, True])
    best = ranked.groupby("model", sort=False).head(1)
    return table, dict(zip(best["model"], best["learning_rate"], strict=True))


def seed_runs(
    runners: dict[str, SeedRunner],
    rates: dict[str, float],
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    *,
    seeds: tuple[int, ...],
    epochs: int,
    batch_size: int,
) -> pd.DataFrame:
    """Every model at its own learning rate, once per seed; trained on train, scored on test.

    Returns:
        One row per model and seed: ``model, seed, learning_rate, accuracy, loss, train_seconds``.
    """
    rows = [
        {"model": name, **runner.run(train, test, seed=seed, learning_rate=rates[name],
                                     epochs=epochs, batch_size=batch_size)}
        for name, runner in runners.items() for seed in seeds
    ]
    return pd.DataFrame(rows)
