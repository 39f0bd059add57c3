"""How good is a predicted frame? MSE, MAE and SSIM as the video-prediction literature reports them.

The benchmark tables of Moving MNIST (e.g. OpenSTL, ``openstl/core/metrics.py``) score predicted
frames with pixels on the [0, 1] scale, and report:

* **MSE** and **MAE** *per frame*: the squared (absolute) errors **summed over the frame's
  pixels**, then averaged over frames and sequences. A 64 × 64 frame whose every pixel is off by
  0.1 has an MSE of 4096 × 0.01 = 40.96; the numbers grow with the frame size, so they compare only
  frames of the same size;
* **SSIM** (structural similarity, Wang et al. 2004) per frame, from 0 (unrelated) to 1
  (identical), averaged over frames and sequences. It compares local means, contrasts and
  correlations in small windows, so it punishes a blurred or misplaced stroke more than a uniform
  error. We use scikit-image's implementation (``skimage.metrics.structural_similarity``, its
  default 7 × 7 window) with ``data_range=1``, the range of our pixels.

  OpenSTL's numbers differ here: its ``metric`` calls ``structural_similarity`` WITHOUT
  ``data_range`` (``openstl/core/metrics.py`` at commit c74deb5, with ``scikit-image<=0.19.3`` in
  its ``environment.yml``), and those versions then took the range of the float dtype, -1 to 1,
  i.e. ``data_range=2`` (current versions refuse floats without ``data_range``). SSIM's stabilising
  constants grow with the square of the range, so OpenSTL's are 4 times ours, which lifts SSIM
  most on dark, nearly empty windows. ``ssim_per_frame(..., data_range=2.0)`` reproduces that
  setting.

Shapes: truth and predictions are ``(samples, frames, rows, cols, channels)`` with one channel, or
``(samples, frames, rows, cols)``. Per-frame scores come back as ``(samples, frames)``; averaging
over axis 0 gives one score per horizon (frame 1, 2, ... after the last input).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "METRICS",
    "mae_per_frame",
    "mse_per_frame",
    "per_frame",
    "plot_by_horizon",
    "ssim_per_frame",
    "summary",
    "table",
]

#: The three scores, in the order tables show them; for SSIM higher is better.
METRICS = ("MSE", "MAE", "SSIM")


def _pair(truth: Any, predicted: Any) -> tuple[np.ndarray, np.ndarray]:
    """Check two batches of frame sequences; return them 4-D ``(samples, frames, rows, cols)``."""
    arrays = []
    for name, x in (("truth", truth), ("predicted", predicted)):
        if not isinstance(x, np.ndarray):
            raise TypeError(f"{name} must be a NumPy array of frames, got {type(x).__name__}")
        if x.ndim == 5:
            if x.shape[-1] != 1:
                raise ValueError(
                    f"{name} must hold grey frames with one channel, got shape {x.shape}"
                )
            x = x[..., 0]
        if x.ndim != 4 or 0 in x.shape:
            raise ValueError(
                f"{name} must be frames (samples, frames, rows, cols[, 1]), got shape {x.shape}"
            )
        if not np.issubdtype(x.dtype, np.floating):
            raise TypeError(f"{name} must hold float pixels in [0, 1], got dtype {x.dtype}")
        if not np.isfinite(x).all():
            raise ValueError(f"{name} holds NaN or infinite pixels")
        if float(x.min()) < 0.0 or float(x.max()) > 1.0:
            raise ValueError(
                f"{name} must hold pixels in [0, 1], got values from {x.min():.3g} to {x.max():.3g}"
            )
        arrays.append(x)
    if arrays[0].shape != arrays[1].shape:
        raise ValueError(
            f"truth and predicted must have the same shape, got {arrays[0].shape} and "
            f"{arrays[1].shape}"
        )
    return arrays[0], arrays[1]


def mse_per_frame(truth: Any, predicted: Any) -> np.ndarray:
    """Squared error summed over each frame's pixels: float64 ``(samples, frames)``."""
    truth, predicted = _pair(truth, predicted)
    difference = truth.astype(np.float64) - predicted
    return np.square(difference).sum(axis=(2, 3))


def mae_per_frame(truth: Any, predicted: Any) -> np.ndarray:
    """Absolute error summed over each frame's pixels: float64 ``(samples, frames)``."""
    truth, predicted = _pair(truth, predicted)
    return np.abs(truth.astype(np.float64) - predicted).sum(axis=(2, 3))


def ssim_per_frame(truth: Any, predicted: Any, data_range: float = 1.0) -> np.ndarray:
    """SSIM of every predicted frame against the true one: float64 ``(samples, frames)``.

    ``skimage.metrics.structural_similarity`` with its default 7 × 7 window; frames must be at
    least 7 pixels on each side.

    Args:
        truth, predicted: frames with pixels in [0, 1].
        data_range: the pixels' range, 1 for [0, 1] (the course's scores). 2 reproduces OpenSTL's
            published SSIM, which left scikit-image to guess the range of float frames (-1 to 1).
    """
    from skimage.metrics import structural_similarity  # imported here: only this needs it

    truth, predicted = _pair(truth, predicted)
    if not (isinstance(data_range, (int, float)) and data_range > 0):
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    if min(truth.shape[2:]) < 7:
        raise ValueError(f"SSIM needs frames of at least 7 × 7 pixels, got {truth.shape[2:]}")
    scores = np.empty(truth.shape[:2])
    for sample in range(truth.shape[0]):
        for frame in range(truth.shape[1]):
            scores[sample, frame] = structural_similarity(
                truth[sample, frame], predicted[sample, frame], data_range=float(data_range)
            )
    return scores


def per_frame(truth: Any, predicted: Any) -> dict[str, np.ndarray]:
    """All three scores per frame: ``{"MSE": (samples, frames), "MAE": ..., "SSIM": ...}``."""
    return {
        "MSE": mse_per_frame(truth, predicted),
        "MAE": mae_per_frame(truth, predicted),
        "SSIM": ssim_per_frame(truth, predicted),
    }


def summary(truth: Any, predicted: Any) -> dict[str, float]:
    """The three scores averaged over frames and sequences, as the benchmark tables give them."""
    return {name: float(scores.mean()) for name, scores in per_frame(truth, predicted).items()}


def table(scores: dict[str, dict[str, np.ndarray]]) -> Any:
    """One row per model: next-frame and all-frames scores, as a pandas DataFrame.

    Args:
        scores: ``{model name: per_frame(truth, predicted)}``.

    Returns:
        Columns ``next-frame MSE``, ``next-frame SSIM`` (the first predicted frame only) and
        ``MSE``, ``MAE``, ``SSIM`` averaged over every predicted frame.
    """
    import pandas as pd

    if not scores:
        raise ValueError("scores is empty: give {model name: per_frame(truth, predicted)}")
    rows = {}
    for name, per in scores.items():
        missing = [m for m in METRICS if m not in per]
        if missing:
            raise ValueError(f"scores[{name!r}] lacks {missing}: use per_frame(truth, predicted)")
        rows[name] = {
            "next-frame MSE": float(per["MSE"][:, 0].mean()),
            "next-frame SSIM": float(per["SSIM"][:, 0].mean()),
            **{f"{m}, all frames": float(per[m].mean()) for m in METRICS},
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def plot_by_horizon(
    scores: dict[str, dict[str, np.ndarray]], metrics: tuple[str, ...] = ("MSE", "SSIM")
) -> Any:
    """Each score against how many frames ahead it is predicted, one line per model.

    Args:
        scores: ``{model name: per_frame(truth, predicted)}``.
        metrics: the panels, e.g. ``("MSE", "SSIM")``.

    Returns:
        A closed matplotlib ``Figure`` (shown once as a cell's last expression).
    """
    import matplotlib.pyplot as plt

    if not scores:
        raise ValueError("scores is empty: give {model name: per_frame(truth, predicted)}")
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise ValueError(f"metrics must be among {METRICS}, got {unknown}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.6 * len(metrics), 3.3), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=True):
        for name, per in scores.items():
            curve = per[metric].mean(axis=0)
            ax.plot(np.arange(1, len(curve) + 1), curve, marker="o", ms=3, label=name)
        better = "lower" if metric != "SSIM" else "higher"
        ax.set(xlabel="frames ahead", ylabel=metric, title=f"{metric} ({better} is better)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    fig.tight_layout()
    plt.close(fig)
    return fig
