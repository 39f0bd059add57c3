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


def plot_image(image: Any, title: str | None = None, size: float = 2.0) -> Figure:
    """One grey image ``(rows, cols)`` or ``(rows, cols, 1)``, dark strokes on white."""
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
    if ncols < 1 or max_images < 1:
        raise ValueError(f"ncols and max_images must be >= 1, got {ncols} and {max_images}")
    n = min(len(images), max_images)
    labels_i = None if labels is None else as_class_indices(labels)
    preds_i = None if predictions is None else as_class_indices(predictions)
    for name, values in (("labels", labels_i), ("predictions", preds_i)):
        if values is not None and len(values) < n:
            raise ValueError(f"{name} has {len(values)} entries for {n} images")
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
    if not histories:
        raise ValueError("histories is empty: give {label: History}")
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
    if features.ndim != 3 or len(features) == 0:
        raise ValueError(f"expected features (samples, time, features), got shape {features.shape}")
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
    true_i, pred_i = as_class_indices(y_true), as_class_indices(y_pred)
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
