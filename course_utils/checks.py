"""Input checks with one-line errors, to call before fitting or predicting.

Keras 3 quietly adds or drops a trailing axis of size 1 and then fails deep inside a layer with a
message about some internal tensor; a NaN pixel or pixels left at 0-255 train without a word and
give a model that learns nothing. These checks fail first, in one line that says which argument,
what was expected, what came and the likely fix::

    check_sequences(x_pairs, cnn_lstm)   # x_pairs: (samples, time, rows, cols, channels)

The argument checks (:func:`positive_int`, :func:`seed_int`, :func:`fraction`,
:func:`positive_number`) are what every ``course_utils`` function uses on its
arguments, so a wrong type or value is reported by ``course_utils`` before NumPy or Keras sees it.
A wrong type raises ``TypeError``, a wrong value ``ValueError``: one class per kind.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np

SEQUENCE_AXES = "(samples, time, rows, cols, channels)"
#: The pixel range the course's models expect: floats scaled to [0, 1].
PIXEL_RANGE = (0.0, 1.0)
#: Slack allowed beyond :data:`PIXEL_RANGE` (rounding of resized or interpolated frames).
PIXEL_TOLERANCE = 1e-6


def _described(value: Any) -> str:
    """``2.5 (float)``: a value with its type, for error messages."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def _as_array(x: Any, name: str = "x") -> np.ndarray:
    if isinstance(x, np.ndarray):
        return x
    if hasattr(x, "shape") and hasattr(x, "dtype"):  # a backend tensor
        return np.asarray(x)
    raise TypeError(f"{name} must be a NumPy array, got {type(x).__name__}")


def format_shape(shape: tuple[Any, ...]) -> str:
    """``(None, 2, 28, 28, 1)`` -> ``(samples, 2, 28, 28, 1)``."""
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"shape must be a tuple such as (None, 28, 28, 1), got {shape!r}")
    parts = ["samples" if i == 0 and n is None else str(n) for i, n in enumerate(shape)]
    return "(" + ", ".join(parts) + ")"


def positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """Return ``value`` as an int when it is an integer (not a bool) of at least ``minimum``.

    NumPy integers are accepted; floats such as ``2.5`` or ``2.0`` and strings such as ``"2"`` are
    not.
    """
    if isinstance(minimum, bool) or not isinstance(minimum, Integral):
        raise TypeError(f"minimum must be an int, got {_described(minimum)}")
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int >= {minimum}, got {_described(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def integer(name: str, value: Any) -> int:
    """``value`` as an int when it is an integer of any sign (not a bool, float or string)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {_described(value)}")
    return int(value)


def check_keywords(
    owner: str,
    function: Any,
    keywords: Mapping[str, Any],
    *,
    argument: str = "make",
    supplied: int = 0,
) -> None:
    """Check that ``function`` accepts every name in ``keywords``, before anything calls it.

    For classes and helpers that pass ``**keywords`` on to a function given by the user, so that a
    misspelt keyword is reported by ``owner`` (``"VideoStream: ..."``), not by a call deep inside.
    """
    if not callable(function):
        raise TypeError(
            f"{owner}: {argument} must be a function, got {type(function).__name__} "
            f"{function!r:.40}"
        )
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # a builtin without a signature: let the call decide
        return
    named = [p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    taken_by_owner = [p.name for p in parameters[:supplied]]
    open_ended = any(p.kind is p.VAR_KEYWORD for p in parameters)
    function_name = getattr(function, "__name__", type(function).__name__)
    repeated = [key for key in keywords if key in taken_by_owner]
    if repeated:
        raise TypeError(
            f"{owner} sets {', '.join(map(repr, repeated))} of {function_name} itself: "
            "give it to the constructor's own arguments"
        )
    unknown = [key for key in keywords if key not in named]
    if unknown and not open_ended:
        takes = ", ".join(name for name in named if name not in taken_by_owner) or "nothing else"
        raise TypeError(
            f"{owner} got unexpected keyword argument(s) {', '.join(map(repr, unknown))} for "
            f"{function_name}, which takes: {takes}"
        )


def seed_int(name: str, value: Any) -> int:
    """A random seed: an int >= 0 (what ``numpy.random.default_rng`` accepts)."""
    return positive_int(name, value, minimum=0)


def _real(name: str, value: Any, expected: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {expected}, got {_described(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return number


def _open_unit(name: str, value: Any, expected: str) -> float:
    """A real number strictly between 0 and 1, else an error that says ``expected``."""
    number = _real(name, value, expected)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return number


def fraction(name: str, value: Any) -> float:
    """A number strictly between 0 and 1 (``"0.2"`` is a string, not a fraction)."""
    return _open_unit(name, value, "a number between 0 and 1 (exclusive)")


def learning_rate(name: str, value: Any) -> float:
    """An optimiser's learning rate: a finite number strictly between 0 and 1."""
    return _open_unit(name, value, "a number in (0, 1)")


def positive_number(name: str, value: Any) -> float:
    """A finite number > 0, e.g. a figure size in inches."""
    expected = "a finite number > 0"
    number = _real(name, value, expected)
    if number <= 0:
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return number


def check_pixels(
    x: Any, name: str = "x", pixel_range: tuple[float, float] | None = PIXEL_RANGE
) -> np.ndarray:
    """Check that ``x`` holds float pixels: at least one sample, no NaN or inf, within range."""
    x = _as_array(x, name)
    _check_float_pixels(x, name)
    if x.ndim == 0 or x.size == 0:
        raise ValueError(f"{name} holds no samples (shape {x.shape}): give at least one")
    low, high = float(np.min(x)), float(np.max(x))
    if not (math.isfinite(low) and math.isfinite(high)):
        bad = ~np.isfinite(x)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(x).any() else "inf"
        raise ValueError(
            f"{name} holds {int(bad.sum())} {kind} value(s) (first at index {first}): "
            "pixels must be finite numbers; find where they came from (a division by zero?)"
        )
    if pixel_range is not None:
        lo, hi = pixel_range
        if low < lo - PIXEL_TOLERANCE or high > hi + PIXEL_TOLERANCE:
            hint = (
                "scale them first (x / 255)"
                if high > 1.0 and high <= 255.0 and low >= 0.0 and (lo, hi) == PIXEL_RANGE
                else "rescale them"
            )
            raise ValueError(
                f"{name} must hold pixels scaled to [{lo:g}, {hi:g}], got values from {low:g} to "
                f"{high:g}: {hint}"
            )
    return x


def keras_model(name: str, value: Any) -> Any:
    """``value`` when it is a Keras model (anything with layers, inputs and weights to count),
    else a ``TypeError`` naming the argument."""
    if not all(hasattr(value, attr) for attr in ("layers", "input_shape", "count_params")):
        raise TypeError(f"{name} must be a Keras model, got {_described(value)}")
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


def _check_float_pixels(x: np.ndarray, name: str = "x") -> None:
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"{name}: expected float pixels scaled to [0, 1], got dtype {x.dtype}: "
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


def check_input(
    x: Any, model: Any, *, pixel_range: tuple[float, float] | str | None = "auto"
) -> np.ndarray:
    """Check that ``x`` fits ``model``'s input: rank, sizes, float values, finite and in range."""
    x = _as_array(x)
    expected = model_input_shape(model)
    if not _match(x, expected):
        raise ValueError(
            f"expected input of shape {format_shape(expected)}, got {x.shape}: "
            f"{_explain(x, expected)}"
        )
    if isinstance(pixel_range, str):
        if pixel_range != "auto":
            raise ValueError(
                f"pixel_range must be 'auto', None or (low, high), got {pixel_range!r}"
            )
        pixel_range = PIXEL_RANGE if len(expected) in (4, 5) else None
    return check_pixels(x, "x", pixel_range)


def check_sequences(
    x: Any, model: Any | None = None, *, pixel_range: tuple[float, float] | None = PIXEL_RANGE
) -> np.ndarray:
    """Check a batch of frame sequences ``(samples, time, rows, cols, channels)``.

    With a model, its frame count and frame size must match too. The pixels must be floats,
    finite and within ``pixel_range`` (``[0, 1]`` by default), as in :func:`check_input`.
    """
    x = _as_array(x)
    if model is not None:
        expected = model_input_shape(model)
        if len(expected) != 5:
            raise ValueError(
                f"check_sequences needs a model that reads sequences {SEQUENCE_AXES}, "
                f"this one reads {format_shape(expected)}"
            )
        return check_input(x, model, pixel_range=pixel_range)
    if x.ndim != 5:
        hint = (
            "a batch of single images came where sequences of frames were expected: "
            "stack the frames on axis 1"
            if x.ndim == 4
            else "check the axes"
        )
        raise ValueError(f"expected sequences of shape {SEQUENCE_AXES}, got {x.shape}: {hint}")
    return check_pixels(x, "x", pixel_range)


def check_labels(y: Any, n_classes: int, n_samples: int | None = None) -> np.ndarray:
    """Check labels: ints ``(samples,)`` below ``n_classes``, or one-hot ``(samples, n_classes)``.

    Float labels such as ``0.9`` (Keras would truncate them to class 0) and NaN are rejected;
    one-hot rows must be finite, in [0, 1] and sum to 1.
    """
    y = _as_array(y, "y")
    n_classes = positive_int("n_classes", n_classes)
    if n_samples is not None:
        n_samples = positive_int("n_samples", n_samples, minimum=0)
    if y.ndim == 0:
        raise ValueError(
            f"expected labels (samples,) or one-hot (samples, {n_classes}), got a scalar {y!r}"
        )
    if n_samples is not None and len(y) != n_samples:
        raise ValueError(f"expected {n_samples} labels, one per input sample, got {len(y)}")
    if len(y) == 0:
        raise ValueError(f"y holds no labels (shape {y.shape}): give one per sample")
    if y.ndim == 2:
        if y.shape[1] != n_classes:
            raise ValueError(f"expected one-hot labels (samples, {n_classes}), got shape {y.shape}")
        if not np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.complexfloating):
            raise TypeError(f"expected one-hot labels of numbers, got dtype {y.dtype}")
        if not np.isfinite(y).all():
            raise ValueError("one-hot labels y hold NaN or inf: every row must be finite")
        if y.min() < 0 or y.max() > 1 or np.abs(y.sum(axis=1) - 1).max() > 1e-3:
            raise ValueError(
                f"one-hot labels y must hold values in [0, 1] with rows summing to 1, got values "
                f"from {y.min()} to {y.max()}: make them with keras.utils.to_categorical(y, "
                f"{n_classes})"
            )
        return y
    if y.ndim != 1:
        raise ValueError(
            f"expected labels (samples,) or one-hot (samples, {n_classes}), got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"expected integer class labels, got dtype {y.dtype}{_float_hint(y)}")
    if y.min() < 0 or y.max() >= n_classes:
        raise ValueError(
            f"expected labels in 0..{n_classes - 1}, got values from {y.min()} to {y.max()}"
        )
    return y


def _float_hint(y: np.ndarray) -> str:
    """Why float labels are refused, as a clause: NaN present, or fractions that would truncate."""
    if not np.issubdtype(y.dtype, np.floating) or y.size == 0:
        return ""
    if np.isnan(y).any():
        return " holding NaN: every sample needs a class"
    fractional = y[y != np.round(y)]
    if fractional.size:
        return (
            f" with fractions such as {fractional.flat[0]:g} (Keras would truncate them): "
            "class labels are whole numbers 0, 1, 2, ..."
        )
    return ": class labels are whole numbers, convert with y.astype('int64')"


def as_clips(videos: object, argument: str = "videos") -> np.ndarray:
    """Return videos as a batch of grey-scale clips of shape ``(clips, frames, rows, cols)``."""
    array = np.asarray(videos)
    expected = (
        "one clip (frames, rows, cols) or (frames, rows, cols, 1), "
        "or a batch (clips, frames, rows, cols, 1)"
    )
    if array.ndim == 3:
        array = array[None]
    elif array.ndim == 4:
        if array.shape[-1] != 1:
            raise ValueError(
                f"{argument}: expected {expected}; got a 4-D array of shape {array.shape} whose "
                f"last axis is not 1. For a batch without a channel axis use {argument}[..., None]"
            )
        array = array[None, ..., 0]
    elif array.ndim == 5:
        if array.shape[-1] != 1:
            raise ValueError(
                f"{argument}: expected {expected} with a single channel; got shape {array.shape}"
            )
        array = array[..., 0]
    else:
        raise ValueError(f"{argument}: expected {expected}; got {array.ndim}-D shape {array.shape}")
    if 0 in array.shape:
        raise ValueError(f"{argument}: expected a non-empty array, got shape {array.shape}")
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{argument}: expected real pixel values, got dtype {array.dtype}")
    bad = int((~np.isfinite(array)).sum())
    if bad:
        raise ValueError(f"{argument}: {bad} of {array.size} pixel values are NaN or inf; a frame "
                         "with them cannot be drawn")
    return array
