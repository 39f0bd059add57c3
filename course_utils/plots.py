"""Figures for the notebooks: images, prediction grids, training histories, confusion matrices.

Every function returns a matplotlib ``Figure`` that is already closed: it is shown exactly once when
it is the last expression of a notebook cell, it never piles up in pyplot's memory, and it can be
saved with ``fig.savefig``. Nothing here prints. Works under any backend, Agg included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from course_utils.checks import ArgumentTypeError, positive_int, positive_number
from course_utils.metrics import as_class_indices, confusion_matrix

WRONG_COLOUR = "tab:red"


def _closed(fig: Figure) -> Figure:
    plt.close(fig)
    return fig


def _as_2d_image(image: Any) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2:
        raise ValueError(
            f"expected one grey image (rows, cols) or (rows, cols, 1), got shape {image.shape}"
        )
    return image


def _name(label: Any, class_names: Sequence[str] | None) -> str:
    return str(class_names[int(label)]) if class_names is not None else str(label)


def _check_names(class_names: Any, argument: str = "class_names") -> list[str] | None:
    """``class_names`` as a list, or None; a plain string is refused (it is not a list of names)."""
    if class_names is None:
        return None
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, Sequence):
        raise ArgumentTypeError(
            f"{argument} must be a list of names such as ['sine', 'constant'], got "
            f"{type(class_names).__name__} {class_names!r:.40}"
        )
    return [str(name) for name in class_names]


def _check_classes(name: str, values: np.ndarray, class_names: list[str] | None) -> None:
    if class_names is not None and values.size and values.max() >= len(class_names):
        raise ValueError(
            f"{name} must index class_names (0..{len(class_names) - 1}), got values up to "
            f"{values.max()}"
        )


def plot_image(image: Any, title: str | None = None, size: float = 2.0) -> Figure:
    """One grey image ``(rows, cols)`` or ``(rows, cols, 1)``, dark strokes on white."""
    size = positive_number("size", size)
    image = _as_2d_image(image)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(image, cmap="binary")
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return _closed(fig)


def plot_images(
    images: Any,
    labels: Any = None,
    predictions: Any = None,
    class_names: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    max_images: int = 32,
    size: float = 1.3,
) -> Figure:
    """A grid of grey images ``(samples, rows, cols[, 1])`` titled with label and prediction.

    Wrong predictions are titled in red, with the prediction after an arrow: ``3 → 5``.
    """
    images = np.asarray(images)
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"expected images (samples, rows, cols) or (samples, rows, cols, 1), got {images.shape}"
        )
    ncols = positive_int("ncols", ncols)
    max_images = positive_int("max_images", max_images)
    size = positive_number("size", size)
    class_names = _check_names(class_names)
    n = min(len(images), max_images)
    labels_i = None if labels is None else as_class_indices(labels, "labels")
    preds_i = None if predictions is None else as_class_indices(predictions, "predictions")
    for name, values in (("labels", labels_i), ("predictions", preds_i)):
        if values is not None and len(values) < n:
            raise ValueError(f"{name} has {len(values)} entries for {n} images")
        if values is not None:
            _check_classes(name, values[:n], class_names)
    cols = min(ncols, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(size * cols, size * rows * 1.15), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index >= n:
            continue
        ax.imshow(_as_2d_image(images[index]), cmap="binary")
        title, colour = "", "black"
        if labels_i is not None:
            title = _name(labels_i[index], class_names)
        if preds_i is not None:
            predicted = _name(preds_i[index], class_names)
            if labels_i is None:
                title = f"pred {predicted}"
            elif preds_i[index] != labels_i[index]:
                title, colour = f"{title} → {predicted}", WRONG_COLOUR
        ax.set_title(title, fontsize=9, color=colour)
    fig.tight_layout()
    return _closed(fig)


def _finite(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise ArgumentTypeError(f"{name} must hold numbers, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must hold finite numbers, got {value!r}")
    return float(value)


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping) or not logs:
        raise TypeError(
            f"expected a Keras History or its .history dict, got {type(history).__name__}"
        )
    return logs


def plot_history(history: Any, metrics: Sequence[str] = ("loss", "accuracy")) -> Figure:
    """Training curves, train against validation, one panel per metric.

    Args:
        history: a Keras ``History`` or its ``.history`` dict.
        metrics: the metrics to draw; each must be in the history.
    """
    logs = _history_dict(history)
    if isinstance(metrics, str) or not isinstance(metrics, Sequence):
        raise ArgumentTypeError(
            f"metrics must be a list of metric names, got {metrics!r}: write ({metrics!r},)"
        )
    if not metrics:
        raise ValueError("metrics is empty: name at least one, e.g. ('loss', 'accuracy')")
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(f"metrics {missing} are not in the history; it has {sorted(logs)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.2), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], marker="o", ms=3, label="train")
        if f"val_{metric}" in logs:
            ax.plot(epochs, logs[f"val_{metric}"], marker="o", ms=3, label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        ax.set_title(metric)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return _closed(fig)


def plot_histories(
    histories: Mapping[str, Any],
    metric: str = "val_accuracy",
    *,
    title: str | None = None,
    ylim: tuple[float, float] | None = (0.0, 1.0),
) -> Figure:
    """One metric of several trainings on one set of axes, to compare models epoch by epoch.

    Args:
        histories: ``{label: History or its .history dict}``, in legend order.
        metric: the metric to draw, e.g. ``"val_accuracy"``; every history must have it.
        title: axes title (default: the metric's name).
        ylim: y-axis limits, or None to let matplotlib choose.
    """
    if not isinstance(histories, Mapping):
        raise ArgumentTypeError(
            f"histories must be a dict {{label: History}}, got {type(histories).__name__}"
        )
    if not histories:
        raise ValueError("histories is empty: give {label: History}")
    if not isinstance(metric, str):
        raise ArgumentTypeError(
            f"metric must be a metric name such as 'val_accuracy', got {metric!r}"
        )
    if ylim is not None:
        if not isinstance(ylim, Sequence) or len(ylim) != 2:
            raise ArgumentTypeError(f"ylim must be a pair (bottom, top) or None, got {ylim!r}")
        bottom = _finite("ylim", ylim[0])
        if bottom >= _finite("ylim", ylim[1]):
            raise ValueError(f"ylim must be (bottom, top) with bottom < top, got {ylim!r}")
    curves = {label: _history_dict(history) for label, history in histories.items()}
    for label, logs in curves.items():
        if metric not in logs:
            raise ValueError(f"{label!r} has no {metric!r}; it has {sorted(logs)}")
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    for label, logs in curves.items():
        values = logs[metric]
        ax.plot(np.arange(1, len(values) + 1), values, marker="o", ms=3, label=label)
    ax.set(xlabel="epoch", ylabel=metric, title=title or metric)
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return _closed(fig)


def plot_sequence_features(
    features: Any, titles: Sequence[str] | None = None, *, size: float = 2.6
) -> Figure:
    """What a CNN hands its LSTM: one heat map per clip, features (rows) against time (columns).

    Args:
        features: ``(samples, time, features)``, e.g. from ``cnn_lstm.frame_features``.
        titles: one title per clip, e.g. its class name.
    """
    features = np.asarray(features)
    if features.ndim != 3 or features.size == 0:
        raise ValueError(f"expected features (samples, time, features), got shape {features.shape}")
    if not np.issubdtype(features.dtype, np.number) or not np.isfinite(features).all():
        raise ValueError("features must be finite numbers, got NaN, inf or non-numbers")
    size = positive_number("size", size)
    titles = _check_names(titles, "titles")
    if titles is not None and len(titles) != len(features):
        raise ValueError(f"{len(titles)} titles for {len(features)} clips")
    fig, axes = plt.subplots(
        1, len(features), figsize=(size * len(features), 3.0), squeeze=False, sharey=True
    )
    top = float(features.max()) or 1.0
    for index, ax in enumerate(axes.flat):
        image = ax.imshow(
            features[index].T,
            aspect="auto",
            cmap="magma",
            vmin=0.0,
            vmax=top,
            interpolation="nearest",
        )
        ax.set_xlabel("time step")
        if titles is not None:
            ax.set_title(titles[index])
    axes.flat[0].set_ylabel("feature")
    fig.colorbar(image, ax=list(axes.flat), shrink=0.8, label="activation")
    return _closed(fig)


def plot_confusion_matrix(
    y_true: Any,
    y_pred: Any,
    class_names: Sequence[str] | None = None,
    *,
    n_classes: int | None = None,
    title: str = "Confusion matrix",
) -> Figure:
    """Counts of true (rows) against predicted (columns) classes, written in every cell."""
    true_i, pred_i = as_class_indices(y_true, "y_true"), as_class_indices(y_pred, "y_pred")
    class_names = _check_names(class_names)
    if n_classes is not None:
        n_classes = positive_int("n_classes", n_classes)
    if true_i.size == 0 or pred_i.size == 0:
        raise ValueError("y_true and y_pred hold no samples: nothing to count")
    if n_classes is None:
        n_classes = (
            len(class_names)
            if class_names is not None
            else int(max(true_i.max(), pred_i.max())) + 1
        )
    matrix = confusion_matrix(true_i, pred_i, n_classes)
    names = list(class_names) if class_names is not None else [str(i) for i in range(n_classes)]
    if len(names) != n_classes:
        raise ValueError(f"class_names has {len(names)} names for {n_classes} classes")
    side = 1.0 + 0.45 * n_classes
    fig, ax = plt.subplots(figsize=(side + 1.0, side))
    ax.imshow(matrix, cmap="Blues")
    threshold = matrix.max() / 2 if matrix.max() else 1
    for (row, col), count in np.ndenumerate(matrix):
        ax.text(
            col,
            row,
            str(count),
            ha="center",
            va="center",
            fontsize=8,
            color="white" if count > threshold else "black",
        )
    ax.set_xticks(range(n_classes), names, rotation=45 if n_classes <= 10 else 90, ha="right")
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    return _closed(fig)
