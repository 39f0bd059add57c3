"""Accuracy and confusion matrices from labels, in NumPy (no Keras needed).

Labels are integer classes ``(samples,)``, or one-hot labels / predicted probabilities
``(samples, classes)`` (their argmax is the class). Anything else is refused with a one-line
error rather than converted: float labels such as ``0.9`` would silently become class 0, and two
3-D arrays would be compared along the wrong axis.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.checks import ArgumentTypeError, positive_int


def as_class_indices(y: Any, name: str = "y") -> np.ndarray:
    """Integer labels ``(samples,)`` from integer labels or ``(samples, classes)`` scores.

    Args:
        y: integer (or bool) class labels ``(samples,)``, or one-hot labels / probabilities
            ``(samples, classes)`` with at least two classes.
        name: the argument's name, for error messages.

    Returns:
        int64 ``(samples,)``.

    Raises:
        TypeError: float, NaN, string or object labels ``(samples,)``; non-numeric scores.
        ValueError: not 1-D or 2-D, negative labels, a single score column, NaN scores.
    """
    try:
        array = np.asarray(y)
    except (TypeError, ValueError):  # ragged nested lists
        raise ArgumentTypeError(
            f"{name} must be an array of class labels, got a ragged {type(y).__name__}"
        ) from None
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_
    ):
        raise ArgumentTypeError(
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
        raise ArgumentTypeError(
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
    """Fraction of samples whose predicted class equals the true one (labels or one-hot).

    Raises:
        ValueError, TypeError: labels that are not class indices or scores (see
            :func:`as_class_indices`), different lengths, or no samples.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    if y_true.size == 0:
        raise ValueError("accuracy of no samples is undefined")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """Counts ``(n_classes, n_classes)``: row = true class, column = predicted class.

    Raises:
        ValueError, TypeError: as :func:`accuracy`, a class ``>= n_classes``, or ``n_classes``
            not an int >= 1.
    """
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
