"""Shape checks with one-line errors, to call before fitting or predicting.

Keras 3 quietly adds or drops a trailing axis of size 1 and then fails deep inside a layer with a
message about some internal tensor. These checks fail first, in one line that says what shape was
expected, what came and the likely fix::

    check_sequences(x_pairs, cnn_lstm)   # x_pairs: (samples, time, rows, cols, channels)
"""

from __future__ import annotations

from typing import Any

import numpy as np

IMAGE_AXES = "(samples, rows, cols, channels)"
SEQUENCE_AXES = "(samples, time, rows, cols, channels)"


def _as_array(x: Any, name: str = "x") -> np.ndarray:
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "shape") and hasattr(x, "dtype"):  # a backend tensor
        return np.asarray(x)
    raise TypeError(f"{name} must be a NumPy array, got {type(x).__name__}")


def format_shape(shape: tuple[Any, ...]) -> str:
    """``(None, 2, 28, 28, 1)`` -> ``(samples, 2, 28, 28, 1)``."""
    parts = ["samples" if i == 0 and n is None else str(n) for i, n in enumerate(shape)]
    return "(" + ", ".join(parts) + ")"


def positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """Return ``value`` when it is an int (not a bool) of at least ``minimum``.

    Raises:
        ValueError: naming the argument, what was expected and what came.
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return value


def model_input_shape(model: Any) -> tuple[int | None, ...]:
    """The input shape a built Keras model expects, batch axis first: ``(None, 2, 28, 28, 1)``."""
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):
        raise TypeError(
            f"expected a built Keras model with one input, got {type(model).__name__}"
        ) from None
    if isinstance(shape, list):
        raise TypeError(f"expected a model with one input, this one has {len(shape)}")
    return tuple(shape)


def _check_float_pixels(x: np.ndarray) -> None:
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"expected float pixels scaled to [0, 1], got dtype {x.dtype}: "
            "convert and scale first (e.g. x.astype('float32') / 255)"
        )


def _match(x: np.ndarray, expected: tuple[int | None, ...]) -> bool:
    return x.ndim == len(expected) and all(
        e is None or e == n for e, n in zip(expected, x.shape, strict=True)
    )


def _explain(x: np.ndarray, expected: tuple[int | None, ...]) -> str:
    """The likely cause of a shape mismatch, as a short clause."""
    got = x.shape
    if len(expected) == 5 and x.ndim == 4 and _match_tail(got[1:], expected[2:]):
        return (
            f"a batch of single images was given to a model that reads sequences of "
            f"{expected[1] or 'several'} frames: stack the frames on axis 1"
        )
    if len(expected) == 4 and x.ndim == 5 and _match_tail(got[2:], expected[1:]):
        return (
            "a batch of sequences was given to a model that reads single images: "
            "give it one frame per sample, or use the sequence model"
        )
    if x.ndim == len(expected) - 1 and _match_tail(got[1:], expected[1:-1]) and expected[-1] == 1:
        return "the channel axis is missing: add it with x[..., np.newaxis]"
    if x.ndim == len(expected) and len(expected) == 5 and expected[1] not in (None, got[1]):
        return f"the model reads {expected[1]} frames per sequence, these have {got[1]}"
    return "check the axes and the model's input shape"


def _match_tail(got: tuple[int, ...], expected: tuple[int | None, ...]) -> bool:
    return len(got) == len(expected) and all(
        e is None or e == n for e, n in zip(expected, got, strict=True)
    )


def check_input(x: Any, model: Any) -> np.ndarray:
    """Check that ``x`` fits ``model``'s input: rank, sizes and a float dtype.

    Returns:
        ``x`` as a NumPy array, unchanged.

    Raises:
        ValueError: wrong shape, with the expected shape, the one that came and the likely fix.
        TypeError: ``x`` is not an array, holds integers, or ``model`` is not a built model.
    """
    x = _as_array(x)
    expected = model_input_shape(model)
    if not _match(x, expected):
        raise ValueError(
            f"expected input of shape {format_shape(expected)}, got {x.shape}: "
            f"{_explain(x, expected)}"
        )
    _check_float_pixels(x)
    return x


def check_images(x: Any, model: Any | None = None) -> np.ndarray:
    """Check a batch of images ``(samples, rows, cols, channels)``, against ``model`` when given."""
    x = _as_array(x)
    if x.ndim != 4:
        hint = (
            "this is a batch of sequences; give one frame per sample"
            if x.ndim == 5
            else "add a channel axis with x[..., np.newaxis]"
            if x.ndim == 3
            else "check the axes"
        )
        raise ValueError(f"expected images of shape {IMAGE_AXES}, got shape {x.shape}: {hint}")
    return check_input(x, model) if model is not None else x


def check_sequences(x: Any, model: Any | None = None) -> np.ndarray:
    """Check a batch of frame sequences ``(samples, time, rows, cols, channels)``.

    With a model, its frame count and frame size must match too.
    """
    x = _as_array(x)
    if model is not None:
        expected = model_input_shape(model)
        if len(expected) != 5:
            raise ValueError(
                f"check_sequences needs a model that reads sequences {SEQUENCE_AXES}, "
                f"this one reads {format_shape(expected)}"
            )
        return check_input(x, model)
    if x.ndim != 5:
        hint = (
            "a batch of single images came where sequences of frames were expected: "
            "stack the frames on axis 1"
            if x.ndim == 4
            else "check the axes"
        )
        raise ValueError(f"expected sequences of shape {SEQUENCE_AXES}, got {x.shape}: {hint}")
    return x


def check_labels(y: Any, n_classes: int, n_samples: int | None = None) -> np.ndarray:
    """Check labels: ints ``(samples,)`` below ``n_classes``, or one-hot ``(samples, n_classes)``.

    Args:
        y: the labels.
        n_classes: number of classes the model predicts.
        n_samples: when given, ``len(y)`` must equal it (the number of inputs).
    """
    y = _as_array(y, "y")
    if n_samples is not None and len(y) != n_samples:
        raise ValueError(f"expected {n_samples} labels, one per input sample, got {len(y)}")
    if y.ndim == 2:
        if y.shape[1] != n_classes:
            raise ValueError(f"expected one-hot labels (samples, {n_classes}), got shape {y.shape}")
        return y
    if y.ndim != 1:
        raise ValueError(
            f"expected labels (samples,) or one-hot (samples, {n_classes}), got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"expected integer class labels, got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(
            f"expected labels in 0..{n_classes - 1}, got values from {y.min()} to {y.max()}"
        )
    return y
