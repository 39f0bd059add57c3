"""Figures for the notebooks: images, prediction grids, training histories, confusion matrices.

Every function returns a matplotlib ``Figure`` that is already closed: it is shown exactly once when
it is the last expression of a notebook cell, it never piles up in pyplot's memory, and it can be
saved with ``fig.savefig``. Nothing here prints. Works under any backend, Agg included.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import HTML, Image
from matplotlib.animation import FuncAnimation
from matplotlib.figure import Figure

from course_utils.checks import (
    as_clips,
    format_shape,
    keras_model,
    positive_int,
    positive_number,
)
from course_utils.metrics import as_class_indices, confusion_matrix

if TYPE_CHECKING:
    import keras

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
        raise TypeError(
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
        if values is not None and len(values) != len(images):
            raise ValueError(f"{name} has {len(values)} entries for {len(images)} images: "
                             "give one per image")
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
        raise TypeError(f"{name} must hold numbers, got {value!r}")
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


def plot_history(
    history: Any,
    metrics: Sequence[str] | str | None = None,
    *,
    title: str | None = None,
    ylim: tuple[float, float] | None = (0.0, 1.0),
) -> Figure:
    """Training curves. One run (a Keras ``History`` or its ``.history`` dict): train against
    validation, one panel per metric of ``metrics`` (default loss and accuracy). Several runs
    (``{label: History}``, in legend order): one metric (default ``"val_accuracy"``) of every run
    on one set of axes, to compare models epoch by epoch (``title``, ``ylim`` for that plot)."""
    if isinstance(history, Mapping) and history and all(
            hasattr(run, "history") or isinstance(run, Mapping) for run in history.values()):
        return _plot_runs(history, "val_accuracy" if metrics is None else metrics, title, ylim)
    if metrics is None:
        metrics = ("loss", "accuracy")
    logs = _history_dict(history)
    if isinstance(metrics, str) or not isinstance(metrics, Sequence):
        raise TypeError(
            f"metrics must be a list of metric names, got {metrics!r}: write ({metrics!r},)"
        )
    if not metrics:
        raise ValueError("metrics is empty: name at least one, e.g. ('loss', 'accuracy')")
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise ValueError(f"metrics {missing} are not in the history; it has {sorted(logs)}")
    lengths = {key: len(logs[key]) for key in logs}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"history: every metric needs one value per epoch, got lengths {lengths}")
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


def _plot_runs(histories: Mapping[str, Any], metric: Any, title: str | None,
               ylim: tuple[float, float] | None) -> Figure:
    """One metric of several runs on one set of axes."""
    if not isinstance(metric, str):
        raise TypeError(
            f"metric must be a metric name such as 'val_accuracy', got {metric!r}"
        )
    if ylim is not None:
        if not isinstance(ylim, Sequence) or len(ylim) != 2:
            raise TypeError(f"ylim must be a pair (bottom, top) or None, got {ylim!r}")
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
    """What a CNN hands its LSTM: one heat map per clip, features (rows) against time (columns)."""
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
        image = ax.imshow(features[index].T, aspect="auto", cmap="magma", vmin=0.0, vmax=top,
                          interpolation="nearest")
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
        ax.text(col, row, str(count), ha="center", va="center", fontsize=8,
                color="white" if count > threshold else "black")
    ax.set_xticks(range(n_classes), names, rotation=45 if n_classes <= 10 else 90, ha="right")
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    return _closed(fig)




def _label_texts(
    values: object, n_clips: int, class_names: Sequence[str] | None, argument: str
) -> list[str] | None:
    """Turn labels (or predictions) into one display string per clip."""
    if values is None:
        return None
    array = np.atleast_1d(np.asarray(values))
    if array.ndim != 1 or array.size != n_clips:
        raise ValueError(
            f"{argument}: expected one label per clip ({n_clips}), got shape {np.shape(values)}"
        )
    if class_names is None:
        return [str(value) for value in array.tolist()]
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            f"{argument}: expected integer indices into class_names, got dtype {array.dtype}"
        )
    if array.min() < 0 or array.max() >= len(class_names):
        raise ValueError(
            f"{argument}: values must index class_names (0 .. {len(class_names) - 1}), "
            f"got values from {array.min()} to {array.max()}"
        )
    return [str(class_names[value]) for value in array.tolist()]


def _titles(
    n_clips: int,
    labels: object,
    predictions: object,
    class_names: Sequence[str] | None,
) -> list[tuple[str, str]]:
    """One ``(text, colour)`` title per clip; wrong predictions are red."""
    truths = _label_texts(labels, n_clips, class_names, "labels")
    guesses = _label_texts(predictions, n_clips, class_names, "predictions")
    titles = []
    for i in range(n_clips):
        truth = truths[i] if truths is not None else ""
        if guesses is None:
            titles.append((truth, "black"))
            continue
        wrong = truths is not None and guesses[i] != truth
        text = f"{truth}\npred: {guesses[i]}" if truth else f"pred: {guesses[i]}"
        titles.append((text, "red" if wrong else "black"))
    return titles


def animate(
    videos: np.ndarray,
    labels: np.ndarray | Sequence[int] | int | None = None,
    class_names: Sequence[str] | None = None,
    *,
    predictions: np.ndarray | Sequence[int] | int | None = None,
    ncols: int = 4,
    interval: int = 100,
    size: float = 2.0,
    dpi: int = 72,
    max_clips: int = 16,
) -> HTML:
    """Play a clip ``(frames, rows, cols[, 1])`` or a batch ``(clips, frames, rows, cols, 1)``
    as an HTML animation (``FuncAnimation.to_jshtml``: a player that works in Jupyter and Colab
    with no interactive backend). ``labels``/``predictions`` title each clip (indices into
    ``class_names``; a wrong prediction in red); ``size`` is a clip's width in inches,
    ``interval`` the milliseconds between frames. Four 20-frame 50 x 130 clips at the default
    ``dpi`` are about 80 KB of HTML: ``max_clips`` keeps notebooks small.
    """
    size = positive_number("size", size)
    clips = as_clips(videos)
    n_clips, n_frames, n_rows, n_cols = clips.shape
    ncols = positive_int("ncols", ncols, 1)
    interval = positive_int("interval", interval, 1)
    dpi = positive_int("dpi", dpi, 10)
    max_clips = positive_int("max_clips", max_clips, 1)
    if n_clips > max_clips:
        raise ValueError(
            f"videos: got {n_clips} clips but at most max_clips={max_clips} are animated at once "
            f"(each one adds to the notebook's size); pass a slice such as videos[:{max_clips}]"
        )
    titles = _titles(n_clips, labels, predictions, class_names)

    grid_cols = min(ncols, n_clips)
    grid_rows = math.ceil(n_clips / grid_cols)
    title_lines = max(text.count("\n") + 1 if text else 0 for text, _ in titles)
    panel_height = size * n_rows / n_cols + 0.18 * title_lines + 0.1
    fig, axes = plt.subplots(grid_rows, grid_cols, dpi=dpi, squeeze=False,
                             figsize=(grid_cols * size, grid_rows * panel_height))
    try:
        vmin = min(0.0, float(clips.min()))
        vmax = max(1.0, float(clips.max()))
        images = []
        for ax in axes.flat:
            ax.set_axis_off()
        for ax, clip, (text, colour) in zip(axes.flat, clips, titles, strict=False):
            image = ax.imshow(clip[0], cmap="gray", vmin=vmin, vmax=vmax, interpolation="nearest")
            if text:
                ax.set_title(text, fontsize=9, color=colour)
            images.append(image)
        fig.tight_layout(pad=0.3)

        def show_frame(index: int) -> list:
            for image, clip in zip(images, clips, strict=True):
                image.set_data(clip[index])
            return images

        animation = FuncAnimation(fig, show_frame, frames=n_frames, interval=interval, repeat=True)
        html = animation.to_jshtml(default_mode="loop")
    finally:
        plt.close(fig)
    return HTML(html)


def filmstrip(
    video_or_videos: np.ndarray,
    labels: np.ndarray | Sequence[int] | int | None = None,
    class_names: Sequence[str] | None = None,
    *,
    predictions: np.ndarray | Sequence[int] | int | None = None,
    step: int = 1,
    max_frames: int = 10,
    size: float = 1.3,
) -> Figure:
    """Clips as a still grid, one row of frames per clip (frames ``0, step, 2*step, ...``, at most
    ``max_frames``): for places that run no JavaScript (GitHub's viewer, PDF). Arguments as in
    :func:`animate`.
    """
    size = positive_number("size", size)
    clips = as_clips(video_or_videos, argument="video_or_videos")
    n_clips, n_frames, n_rows, n_cols = clips.shape
    step = positive_int("step", step, 1)
    max_frames = positive_int("max_frames", max_frames, 1)
    titles = _titles(n_clips, labels, predictions, class_names)
    if labels is None and predictions is None and n_clips > 1:
        titles = [(f"clip {i}", "black") for i in range(n_clips)]
    shown = np.arange(0, n_frames, step)[:max_frames]

    frame_height = size * n_rows / n_cols
    height = n_clips * (frame_height + 0.1) + 0.35
    fig, axes = plt.subplots(n_clips, shown.size, squeeze=False, layout="constrained",
                             figsize=(shown.size * size + 1.2, height))
    vmin = min(0.0, float(clips.min()))
    vmax = max(1.0, float(clips.max()))
    for clip_index, (clip, (text, colour)) in enumerate(zip(clips, titles, strict=True)):
        for column, frame_index in enumerate(shown):
            ax = axes[clip_index, column]
            ax.imshow(clip[frame_index], cmap="gray", vmin=vmin, vmax=vmax, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if clip_index == 0:
                ax.set_title(f"t={frame_index}", fontsize=7)
        axes[clip_index, 0].set_ylabel(
            text, rotation=0, ha="right", va="center", fontsize=8, color=colour
        )
    plt.close(fig)
    return fig


# ----------------------------------------------------------------------------
# Models and figures
# ----------------------------------------------------------------------------


def _layer_rows(model: keras.Model, depth: int, expand: bool) -> list[tuple[str, str, str, int]]:
    import keras  # here, not at import time: session.setup() configures the backend first

    rows = []
    for layer in model.layers:
        inner = layer.layer if isinstance(layer, keras.layers.TimeDistributed) else layer
        kind = type(layer).__name__
        if inner is not layer:
            kind = f"{kind}({inner.name})"
        try:
            shape = format_shape(layer.output.shape)
        except (AttributeError, ValueError):
            shape = "?"
        rows.append(("  " * depth + layer.name, kind, shape, int(layer.count_params())))
        if expand and isinstance(inner, keras.Model):
            rows.extend(_layer_rows(inner, depth + 1, expand))
    return rows


def layer_table(model: keras.Model, expand: bool = True) -> str:
    """A compact, fixed-width table of ``model``'s layers: name, kind, output shape, weights.

    A steadier alternative to ``model.summary()``, whose width follows the terminal. Nested models
    (the frame encoder) are listed with their layers indented below them when ``expand`` is True.
    """
    keras_model("model", model)
    rows = [("layer", "kind", "output shape", "weights")]
    body = _layer_rows(model, 0, expand)
    rows += [(name, kind, shape, f"{n:,}") for name, kind, shape, n in body]
    rows.append(("total", "", "", f"{model.count_params():,}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d:>{widths[3]}}"
        for a, b, c, d in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


FIGURES_DIR = Path(__file__).resolve().parent / "data_files" / "figures"
FIGURES = ("cnn_lstm", "tensor_5d", "convlstm_cell", "cnn_lstm_vs_convlstm")
"""The course's diagrams, drawn by ``python -m tools.figures`` and shipped as PNG files."""


def figure(name: str, width: int = 760) -> Image:
    """Show the course diagram ``name`` (one of :data:`FIGURES`), e.g. ``figure("cnn_lstm")``."""
    if name not in FIGURES:
        raise ValueError(f"figure: unknown diagram {name!r}; choose one of {', '.join(FIGURES)}")
    return Image(data=(FIGURES_DIR / f"{name}.png").read_bytes(), format="png", width=width)


def _motion_trail(videos: np.ndarray) -> np.ndarray:
    """``(samples, frames, rows, cols, 1)`` → ``(samples, rows, cols)``: every frame overlaid, a
    pixel as bright as the last frame that lights it (from 0.25 for the first to 1 for the last)."""
    clips = as_clips(videos)
    frames = clips.shape[1]
    brightness = 0.25 + 0.75 * np.arange(frames) / max(frames - 1, 1)
    return (clips * brightness[None, :, None, None]).max(axis=1)


def show_captions(videos: Any, references: Sequence[str], hypotheses: Sequence[str],
                  *, ncols: int = 4, size: float = 2.4) -> Figure:
    """Clips as one still image each (frames overlaid, later ones brighter) with two captions.

    Above each clip its true caption; below it the generated one, each word green where it equals
    the true caption's word at the same position and red where not (a missing or extra word
    counts as different).
    """
    trails = _motion_trail(videos)
    refs = [str(r).split() for r in references]
    hyps = [str(h).split() for h in hypotheses]
    if not len(trails) == len(refs) == len(hyps):
        raise ValueError(
            f"show_captions: one true and one generated caption per clip: got {len(trails)} "
            f"clips, {len(refs)} references and {len(hyps)} hypotheses"
        )
    ncols = positive_int("ncols", ncols)
    rows = -(-len(trails) // ncols)
    fig, axes = plt.subplots(rows, ncols, figsize=(ncols * size, rows * (size + 0.5)),
                             squeeze=False)
    for ax in axes.flat:
        ax.set_axis_off()
    for ax, trail, ref, hyp in zip(axes.flat, trails, refs, hyps, strict=False):
        ax.imshow(trail, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(" ".join(ref), fontsize=8)
        previous = None
        for i, word in enumerate(hyp or ["(nothing)"]):
            colour = "tab:green" if i < len(ref) and ref[i] == word else "tab:red"
            where = {"xy": (0.0, -0.04), "xycoords": ax.transAxes, "va": "top"} if (
                previous is None) else {"xy": (1.0, 0.0), "xycoords": previous, "va": "bottom"}
            previous = ax.annotate(word + " ", ha="left", fontsize=8, color=colour,
                                   fontweight="bold", **where)
    fig.tight_layout(h_pad=1.5)
    return _closed(fig)


def plot_recordings(data: Any, per_class: int = 2, *, split: str = "train") -> Figure:
    """The first ``per_class`` recordings of every class of ``data`` (``recordings.Recordings``).

    One panel each, channels against time. Sensor data reads best as lines (one per axis);
    many-channel frames such as cepstra read best as an image, time left to right and one row per
    channel, which is what ``JapaneseVowels`` gets.
    """
    from course_utils.recordings import STEP_NAMES

    per_class = positive_int("per_class", per_class)
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    x, y, lengths = (
        (data.x_train, data.y_train, data.lengths_train) if split == "train"
        else (data.x_test, data.y_test, data.lengths_test)
    )
    n_classes = len(data.class_names)
    as_image = x.shape[2] > 6
    fig, axes = plt.subplots(per_class, n_classes, figsize=(2.6 * n_classes, 1.9 * per_class),
                             sharex=True, sharey=True, squeeze=False)
    for label, name in enumerate(data.class_names):
        for row, i in enumerate(np.flatnonzero(y == label)[:per_class]):
            ax, real = axes[row, label], x[i, : lengths[i]]
            if as_image:
                ax.imshow(real.T, aspect="auto", cmap="coolwarm", origin="lower",
                          vmin=-np.abs(x).max(), vmax=np.abs(x).max())
            else:
                ax.plot(real)
            ax.set_title(f"{name} (#{i})", fontsize=9)
    for ax in axes[-1]:
        ax.set_xlabel(STEP_NAMES[data.name], fontsize=8)
    axes[0, 0].set_ylabel("channel" if as_image else "value", fontsize=8)
    if not as_image:
        axes[0, -1].legend(data.channel_names, fontsize=6, loc="upper right")
    fig.suptitle(f"{data.name}: {per_class} {split} recordings per class", fontsize=10)
    fig.tight_layout()
    return _closed(fig)
