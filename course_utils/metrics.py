"""Accuracy and confusion matrices from labels, in NumPy (no Keras needed)."""

from __future__ import annotations

from typing import Any

import numpy as np


def as_class_indices(y: Any) -> np.ndarray:
    """Integer labels ``(samples,)`` from integer or one-hot ``(samples, classes)`` labels."""
    y = np.asarray(y)
    return np.argmax(y, axis=-1) if y.ndim == 2 else y.astype(np.int64)


def accuracy(y_true: Any, y_pred: Any) -> float:
    """Fraction of samples whose predicted class equals the true one (labels or one-hot)."""
    y_true, y_pred = as_class_indices(y_true), as_class_indices(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape}, y_pred {y_pred.shape}")
    if y_true.size == 0:
        raise ValueError("accuracy of no samples is undefined")
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true: Any, y_pred: Any, n_classes: int) -> np.ndarray:
    """Counts ``(n_classes, n_classes)``: row = true class, column = predicted class."""
    y_true, y_pred = as_class_indices(y_true), as_class_indices(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has shape {y_true.shape}, y_pred {y_pred.shape}")
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if values.size and (values.min() < 0 or values.max() >= n_classes):
            raise ValueError(f"{name} must hold classes 0..{n_classes - 1}")
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix
