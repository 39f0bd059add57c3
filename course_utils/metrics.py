"""Metrics no library gives the course, in NumPy: accuracy and confusion matrices from labels;
per-frame scores of predicted frames (MSE, MAE, SSIM); caption scores (exact match, attributes,
BLEU-4 via NLTK); and what a model costs (feature-map memory, multiply-adds), counted from shapes.

Classification labels are integer classes ``(samples,)``, or one-hot labels / predicted
probabilities
``(samples, classes)`` (their argmax is the class). Anything else is refused with a one-line
error rather than converted: float labels such as ``0.9`` would silently become class 0, and two
3-D arrays would be compared along the wrong axis.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from course_utils.checks import keras_model, positive_int

if TYPE_CHECKING:
    import keras


def as_class_indices(y: Any, name: str = "y") -> np.ndarray:
    """Integer labels ``(samples,)`` from integer labels or ``(samples, classes)`` scores."""
    try:
        array = np.asarray(y)
    except (TypeError, ValueError):  # ragged nested lists
        raise TypeError(
            f"{name} must be an array of class labels, got a ragged {type(y).__name__}"
        ) from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_
    ):
        raise TypeError(
            f"{name} must hold class labels as numbers, got {type(y).__name__} of dtype "
            f"{array.dtype}"
        )
    if array.ndim == 2:
        if array.shape[1] < 2:
            raise ValueError(
                f"{name} has shape {array.shape}: one column of scores has no argmax; for a "
                "sigmoid output use (p > 0.5).astype(int).ravel()"
            )
        if np.issubdtype(array.dtype, np.complexfloating) or not np.isfinite(array).all():
            raise ValueError(f"{name}: scores (samples, classes) must be finite, got NaN or inf")
        return np.argmax(array, axis=-1)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be class labels (samples,) or scores (samples, classes), got shape "
            f"{array.shape}"
        )
    if array.dtype == np.bool_ or array.size == 0:  # [] is float64 to NumPy: no labels at all
        return array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        if np.issubdtype(array.dtype, np.floating) and np.isnan(array).any():
            why = "with NaN: every sample needs a class"
        else:
            why = f"(e.g. {array.flat[0]:g}): floats would be truncated (0.9 -> 0)"
        raise TypeError(
            f"{name} must hold integer class labels, got dtype {array.dtype} {why}; pass class "
            "indices 0, 1, 2, ..."
        )
    if array.size and array.min() < 0:
        raise ValueError(f"{name} must hold classes >= 0, got {array.min()}")
    return array.astype(np.int64)


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    y_true, y_pred = as_class_indices(y_true, "y_true"), as_class_indices(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape}, y_pred {y_pred.shape}")
    return y_true, y_pred


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of samples whose predicted class equals the true one (labels or one-hot)."""
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.size == 0:
        raise ValueError("accuracy of no samples is undefined")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """Counts ``(n_classes, n_classes)``: row = true class, column = predicted class."""
    n_classes = positive_int("n_classes", n_classes)
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.size == 0:
        raise ValueError("confusion matrix of no samples: y_true and y_pred are empty")
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if values.max() >= n_classes:
            raise ValueError(
                f"{name} must hold classes 0..{n_classes - 1}, got values up to {values.max()}"
            )
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


# ----------------------------------------------------------------------------
# Predicted frames (lesson 04)
# ----------------------------------------------------------------------------
# As the video-prediction literature reports them (OpenSTL's ``openstl/core/metrics.py``), with
# pixels on [0, 1]: MSE and MAE per frame are the errors SUMMED over the frame's pixels (they grow
# with the frame size), SSIM (Wang et al. 2004) is scikit-image's, default 7 × 7 window. Frames are
# ``(samples, frames, rows, cols[, 1])``; per-frame scores ``(samples, frames)``.

#: The three frame scores, in the order tables show them; for SSIM higher is better.
METRICS = ("MSE", "MAE", "SSIM")


def _frames(name: str, x: Any) -> np.ndarray:
    """Check a batch of grey frame sequences with pixels in [0, 1]; return it 4-D."""
    if not isinstance(x, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of frames, got {type(x).__name__}")
    if x.ndim == 5 and x.shape[-1] != 1:
        raise ValueError(f"{name} must hold grey frames with one channel, got shape {x.shape}")
    x = x[..., 0] if x.ndim == 5 else x
    if x.ndim != 4 or 0 in x.shape:
        raise ValueError(f"{name} must be frames (samples, frames, rows, cols[, 1]), got shape "
                         f"{x.shape}")
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"{name} must hold float pixels in [0, 1], got dtype {x.dtype}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} holds NaN or infinite pixels")
    if x.min() < 0.0 or x.max() > 1.0:
        raise ValueError(f"{name} must hold pixels in [0, 1], got values from {x.min():.3g} to "
                         f"{x.max():.3g}")
    return x


def _frame_pair(truth: Any, predicted: Any) -> tuple[np.ndarray, np.ndarray]:
    truth, predicted = _frames("truth", truth), _frames("predicted", predicted)
    if truth.shape != predicted.shape:
        raise ValueError(f"truth and predicted must have the same shape, got {truth.shape} and "
                         f"{predicted.shape}")
    return truth, predicted


def mse_per_frame(truth: Any, predicted: Any) -> np.ndarray:
    """Squared error summed over each frame's pixels: float64 ``(samples, frames)``."""
    truth, predicted = _frame_pair(truth, predicted)
    return np.square(truth.astype(np.float64) - predicted).sum(axis=(2, 3))


def mae_per_frame(truth: Any, predicted: Any) -> np.ndarray:
    """Absolute error summed over each frame's pixels: float64 ``(samples, frames)``."""
    truth, predicted = _frame_pair(truth, predicted)
    return np.abs(truth.astype(np.float64) - predicted).sum(axis=(2, 3))


def ssim_per_frame(truth: Any, predicted: Any, data_range: float = 1.0) -> np.ndarray:
    """SSIM of every predicted frame against the true one: float64 ``(samples, frames)``.

    ``data_range=1`` is the range of our pixels. OpenSTL's published SSIM left scikit-image (<=
    0.19.3) to guess the range of float frames, -1 to 1: ``data_range=2`` reproduces it.
    """
    from skimage.metrics import structural_similarity

    truth, predicted = _frame_pair(truth, predicted)
    if not (isinstance(data_range, (int, float)) and data_range > 0):
        raise ValueError(f"data_range must be a positive number, got {data_range!r}")
    if min(truth.shape[2:]) < 7:
        raise ValueError(f"SSIM needs frames of at least 7 × 7 pixels, got {truth.shape[2:]}")
    scores = np.empty(truth.shape[:2])
    for sample, frame in np.ndindex(*truth.shape[:2]):
        scores[sample, frame] = structural_similarity(
            truth[sample, frame], predicted[sample, frame], data_range=float(data_range))
    return scores


def per_frame(truth: Any, predicted: Any, data_range: float = 1.0) -> dict[str, np.ndarray]:
    """All three scores per frame: ``{"MSE": (samples, frames), "MAE": ..., "SSIM": ...}``
    (``data_range`` as in :func:`ssim_per_frame`)."""
    return {"MSE": mse_per_frame(truth, predicted), "MAE": mae_per_frame(truth, predicted),
            "SSIM": ssim_per_frame(truth, predicted, data_range)}


def _check_scores(scores: Any) -> None:
    if not scores:
        raise ValueError("scores is empty: give {model name: per_frame(truth, predicted)}")
    for name, per in scores.items():
        missing = [m for m in METRICS if m not in per]
        if missing:
            raise ValueError(f"scores[{name!r}] lacks {missing}: use per_frame(truth, predicted)")


def table(scores: Mapping[str, Mapping[str, np.ndarray]]) -> Any:
    """One row per model of ``{model name: per_frame(truth, predicted)}``, a pandas DataFrame:
    ``next-frame MSE`` and ``next-frame SSIM`` (the first predicted frame), then ``MSE, all
    frames``, ``MAE, all frames``, ``SSIM, all frames``."""
    import pandas as pd

    _check_scores(scores)
    return pd.DataFrame.from_dict({name: {
        "next-frame MSE": float(per["MSE"][:, 0].mean()),
        "next-frame SSIM": float(per["SSIM"][:, 0].mean()),
        **{f"{m}, all frames": float(per[m].mean()) for m in METRICS},
    } for name, per in scores.items()}, orient="index")


def plot_by_horizon(scores: Mapping[str, Mapping[str, np.ndarray]],
                    metrics: tuple[str, ...] = ("MSE", "SSIM")) -> Any:
    """Each score of ``{model name: per_frame(...)}`` against the frames ahead, one line per
    model, one panel per metric; a closed matplotlib Figure."""
    import matplotlib.pyplot as plt

    _check_scores(scores)
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


# ----------------------------------------------------------------------------
# Captions (lesson 05)
# ----------------------------------------------------------------------------


Sentence = str | Sequence[str]


def _sentences(name: str, values: object) -> list[list[str]]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of sentences, got {type(values).__name__}")
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value.split())
        elif isinstance(value, Sequence) and all(isinstance(w, str) for w in value):
            out.append(list(value))
        else:
            raise TypeError(
                f"{name} must hold sentences (strings or lists of words), got {value!r:.60}"
            )
    return out


def _pairs(references: object, hypotheses: object) -> tuple[list[list[str]], list[list[str]]]:
    refs, hyps = _sentences("references", references), _sentences("hypotheses", hypotheses)
    if len(refs) != len(hyps):
        raise ValueError(
            f"one reference per hypothesis expected, got {len(refs)} references and "
            f"{len(hyps)} hypotheses"
        )
    if not refs:
        raise ValueError("scores of no sentences are undefined: got empty lists")
    return refs, hyps


def exact_match(references: Sequence[Sentence], hypotheses: Sequence[Sentence]) -> float:
    """Fraction of hypotheses equal to their reference, word for word."""
    refs, hyps = _pairs(references, hypotheses)
    return float(np.mean([r == h for r, h in zip(refs, hyps, strict=True)]))


def attribute_accuracy(
    references: Sequence[Sentence],
    hypotheses: Sequence[Sentence],
    groups: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """Per attribute, the fraction of hypotheses that state the reference's value."""
    refs, hyps = _pairs(references, hypotheses)
    if not isinstance(groups, Mapping) or not groups:
        raise TypeError(f"groups must be a non-empty mapping name → words, got {groups!r:.60}")

    def value(sentence: list[str], words: Sequence[str]) -> str | None:
        return next((w for w in sentence if w in words), None)

    return {
        name: float(np.mean([value(r, words) == value(h, words)
                             for r, h in zip(refs, hyps, strict=True)]))
        for name, words in groups.items()
    }


def corpus_bleu4(references: Sequence[Sentence], hypotheses: Sequence[Sentence]) -> float:
    """Corpus BLEU-4 with one reference per hypothesis, by ``nltk.translate.bleu_score``.

    Uniform weights (1/4 each) over 1- to 4-gram precisions, counted over the whole corpus (not
    averaged per sentence), and the brevity penalty ``exp(1 - r / c)`` when the hypotheses'
    total length ``c`` is shorter than the references' ``r``. No smoothing: when no 4-gram of any
    hypothesis matches, the score is practically 0 (NLTK returns about 1e-231, and its warning
    about it is silenced).
    """
    refs, hyps = _pairs(references, hypotheses)
    from nltk.translate.bleu_score import corpus_bleu  # lazily: only scoring needs NLTK

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return float(corpus_bleu([[r] for r in refs], hyps, weights=(0.25, 0.25, 0.25, 0.25)))


def caption_scores(
    references: Sequence[Sentence],
    hypotheses: Sequence[Sentence],
    groups: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """All scores of one set of hypotheses, as one row of a comparison table.

    ``{"exact match": …, "<attribute> word": … for each group, "BLEU-4": …}``, all in [0, 1].
    """
    row = {"exact match": exact_match(references, hypotheses)}
    row.update({f"{name} word": value
                for name, value in attribute_accuracy(references, hypotheses, groups).items()})
    row["BLEU-4"] = corpus_bleu4(references, hypotheses)
    return row


# ----------------------------------------------------------------------------
# What a model costs, counted from its shapes (lessons 03 and 04)
# ----------------------------------------------------------------------------

#: Maps of the state's size that a recurrent step must keep for the backward pass, at least: the
#: four gates (input, forget, candidate, output), the cell state, tanh of it and the output.
MAPS_KEPT_PER_STEP = 7


def _elements(shape: tuple[int | None, ...]) -> int:
    """Values per sample in a tensor of ``shape`` (batch axis first)."""
    return math.prod(int(n) for n in shape[1:])


def _per_frame_section(model: keras.Model) -> set[str]:
    """Names of the layers between ``FoldTime`` and ``UnfoldTime``: one frame per sample."""
    inside, names = False, set()
    for layer in model.layers:
        if type(layer).__name__ in ("FoldTime", "UnfoldTime"):
            inside = type(layer).__name__ == "FoldTime"
        elif inside:
            names.add(layer.name)
    return names


def _layer_values(layer: keras.layers.Layer, frames: int, per_frame: bool = False) -> int:
    """Values per sample that ``layer`` produces in one forward pass over a clip."""
    import keras  # here, not at import time: session.setup() comes first

    if type(layer).__name__ in ("FoldTime", "UnfoldTime"):
        return 0  # a reshape: a new view of the same values
    if per_frame:  # time folded into the batch: the layer runs on every frame of the clip
        inner = layer.layers if isinstance(layer, keras.Model) else [layer]
        return frames * sum(_elements(sub.output.shape) for sub in inner)
    if isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
        shape = layer.output.shape
        per_step = _elements(shape[1:] if layer.return_sequences else shape)
        return frames * per_step * MAPS_KEPT_PER_STEP
    if isinstance(layer, keras.layers.TimeDistributed) and isinstance(layer.layer, keras.Model):
        return frames * sum(_elements(inner.output.shape) for inner in layer.layer.layers)
    return _elements(layer.output.shape)


def feature_map_bytes(
    model: keras.Model, batch_size: int, bytes_per_value: int = 4
) -> dict[str, int]:
    """Estimate, from the shapes alone, the feature maps one training batch keeps, per layer.

    Counts each layer's output for ``batch_size`` samples. A recurrent layer (``LSTM``,
    ``ConvLSTM2D``) computes its state at EVERY time step even when it returns only the last one,
    and the backward pass needs :data:`MAPS_KEPT_PER_STEP` maps of that size per step: those are
    counted instead of its output. A ``TimeDistributed`` model is counted layer by layer inside, and
    so are the layers between ``FoldTime`` and ``UnfoldTime`` (reshapes themselves cost nothing).
    Weights, optimizer slots, gradients and the framework's own buffers are left out, so this is
    a lower bound on training memory: the part that grows with frame size, clip length and batch.
    """
    import keras  # here, not at import time: session.setup() comes first

    keras_model("model", model)
    batch_size = positive_int("batch_size", batch_size)
    bytes_per_value = positive_int("bytes_per_value", bytes_per_value)
    frames = int(model.input_shape[1])
    folded_layers = _per_frame_section(model)
    return {
        layer.name: _layer_values(layer, frames, layer.name in folded_layers)
        * batch_size
        * bytes_per_value
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    }


def _numel(variable: Any) -> int:
    return math.prod(int(n) for n in variable.shape)


def _kernel_macs(layer: keras.layers.Layer, step_shape: tuple[int | None, ...]) -> int:
    """Multiply-adds of ``layer`` for one frame (or step) whose output is ``step_shape``."""
    import keras  # here, not at import time: session.setup() comes first

    positions = math.prod(int(n) for n in step_shape[:-1])  # rows × cols; 1 for vectors
    if isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
        return positions * (_numel(layer.cell.kernel) + _numel(layer.cell.recurrent_kernel))
    if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense)):
        return positions * _numel(layer.kernel)
    return 0  # pooling, flattening, reshaping: no multiplications


def multiply_adds(model: keras.Model) -> dict[str, int]:
    """Multiply-adds of one forward pass over ONE clip, per layer, counted from the shapes.

    A convolution costs ``rows · cols · (k·k·c_in·f)`` per frame; a ``ConvLSTM2D`` step costs
    that for its input kernels AND its recurrent kernels, for the four gates, at every step; an
    ``LSTM`` step costs ``4u · (d + u)``. Layers inside ``TimeDistributed``, or between ``FoldTime``
    and ``UnfoldTime``, run once per frame.
    Training costs roughly three times the forward pass.
    """
    import keras  # here, not at import time: session.setup() comes first

    keras_model("model", model)
    frames = int(model.input_shape[1])
    folded_layers = _per_frame_section(model)
    found: dict[str, int] = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        shape = tuple(layer.output.shape)
        if layer.name in folded_layers:  # time folded into the batch: one sample is one frame
            inner = layer.layers if isinstance(layer, keras.Model) else [layer]
            found[layer.name] = frames * sum(
                _kernel_macs(sub, tuple(sub.output.shape)[1:]) for sub in inner
            )
        elif isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
            step = shape[2:] if layer.return_sequences else shape[1:]
            found[layer.name] = frames * _kernel_macs(layer, step)
        elif isinstance(layer, keras.layers.TimeDistributed):
            inner = layer.layer
            per_frame = (
                sum(_kernel_macs(sub, tuple(sub.output.shape)[1:]) for sub in inner.layers)
                if isinstance(inner, keras.Model)
                else _kernel_macs(inner, shape[2:])
            )
            found[layer.name] = frames * per_frame
        else:
            found[layer.name] = _kernel_macs(layer, shape[1:])
    return found
