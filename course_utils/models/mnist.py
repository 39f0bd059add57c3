"""Digit models: the original lesson's CNN, and three readers of digit sequences that reuse its
convolutional stack.

One function, :func:`build_frame_encoder`, defines that stack. Every model here
is that encoder plus a small head:

=====================  ===============================================  ===========================
builder                input                                            how frames are combined
=====================  ===============================================  ===========================
:func:`build_cnn`      ``(samples, 28, 28, 1)``                         one image, no time axis
:func:`build_order_blind`  ``(samples, frames, 28, 28, 1)``             mean of frame features
:func:`build_cnn_lstm`     ``(samples, frames, 28, 28, 1)``             LSTM over frame features
:func:`predict_by_place_value`  ``(samples, frames, 28, 28, 1)``        a trained CNN per frame,
                                                                        digits joined by a rule
=====================  ===============================================  ===========================

The builders return uncompiled models, so that the notebook shows the loss it chooses. Layers have
fixed names (no ``dense_3`` that depends on what was built before), so summaries are reproducible.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.checks import positive_int
from course_utils.session import import_keras
from course_utils.training import predict_classes

keras = import_keras()

#: One MNIST digit: ``(rows, cols, channels)``.
FRAME_SHAPE = (28, 28, 1)
#: Classes of a single digit.
N_DIGITS = 10
#: Weights of the original lesson's CNN, :func:`build_cnn` with the defaults.
CNN_PARAMS = 242_062


def _check_frame_shape(frame_shape: tuple[int, int, int]) -> tuple[int, int, int]:
    shape = tuple(frame_shape)
    if len(shape) != 3 or not all(isinstance(n, int) and n > 0 for n in shape):
        raise ValueError(
            f"frame_shape must be (rows, cols, channels) of positive ints, got {frame_shape!r}"
        )
    if shape[0] % 4 or shape[1] % 4:
        raise ValueError(
            f"frame_shape rows and cols must be multiples of 4 (two 2x2 poolings), got {shape}"
        )
    return shape  # type: ignore[return-value]


def build_frame_encoder(
    frame_shape: tuple[int, int, int] = FRAME_SHAPE, name: str = "frame_encoder"
) -> keras.Sequential:
    """The original lesson's convolutional stack: one image in, one feature vector out.

    ``(samples, 28, 28, 1)`` → Conv2D 16 (5×5, same, relu) → MaxPool 2 → Conv2D 36 (5×5, same,
    relu) → MaxPool 2 → Dropout 0.25 → Flatten → ``(samples, 1764)`` (7 × 7 × 36 features),
    14,852 weights.

    Every model in this module calls this function, so the stack is written once. Wrapped in
    ``TimeDistributed`` it encodes every frame of a sequence with the same weights.
    """
    frame_shape = _check_frame_shape(frame_shape)
    return keras.Sequential(
        [
            keras.Input(frame_shape, name="frame"),
            keras.layers.Conv2D(16, (5, 5), padding="same", activation="relu", name="conv1"),
            keras.layers.MaxPooling2D((2, 2), name="pool1"),
            keras.layers.Conv2D(36, (5, 5), padding="same", activation="relu", name="conv2"),
            keras.layers.MaxPooling2D((2, 2), name="pool2"),
            keras.layers.Dropout(0.25, name="dropout_conv"),
            keras.layers.Flatten(name="flatten"),
        ],
        name=name,
    )


def classifier_head(features: Any, n_classes: int) -> Any:
    """Dense 128 relu → Dropout 0.5 → Dense ``n_classes`` softmax, as in the original lesson.

    ``features``: a Keras tensor ``(samples, features)``; returns ``(samples, n_classes)``.
    """
    hidden = keras.layers.Dense(128, activation="relu", name="dense")(features)
    hidden = keras.layers.Dropout(0.5, name="dropout_dense")(hidden)
    return keras.layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)


def build_cnn(
    frame_shape: tuple[int, int, int] = FRAME_SHAPE, n_classes: int = N_DIGITS
) -> keras.Model:
    """The original lesson's CNN for single digits: ``(samples, 28, 28, 1)`` → ``(samples, 10)``.

    The frame encoder followed by the classifier head; 242,062 weights with the defaults.
    """
    frame_shape = _check_frame_shape(frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    image = keras.Input(frame_shape, name="image")
    features = build_frame_encoder(frame_shape)(image)  # (samples, 1764)
    return keras.Model(image, classifier_head(features, n_classes), name="cnn")


def _sequence_args(
    frames: int, frame_shape: tuple[int, int, int], n_classes: int | None
) -> tuple[int, tuple[int, int, int], int]:
    """Checked ``frames``, ``frame_shape`` and ``n_classes`` (default ``10**frames``)."""
    frames = positive_int("frames", frames)
    frame_shape = _check_frame_shape(frame_shape)
    n_classes = N_DIGITS**frames if n_classes is None else positive_int("n_classes", n_classes)
    return frames, frame_shape, n_classes


def build_order_blind(
    frames: int = 2,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int | None = None,
) -> keras.Model:
    """Per-frame CNN features averaged over time, then the classifier head.

    ``(samples, frames, 28, 28, 1)`` → TimeDistributed(frame encoder) ``(samples, frames, 1764)``
    → mean over time ``(samples, 1764)`` → ``(samples, n_classes)``.

    The mean gives the same features for ``[a, b]`` and ``[b, a]``: this model cannot tell the
    order of its frames, by construction. ``n_classes`` defaults to ``10**frames``.
    """
    frames, frame_shape, n_classes = _sequence_args(frames, frame_shape, n_classes)
    sequence = keras.Input((frames, *frame_shape), name="frames")
    features = keras.layers.TimeDistributed(  # one encoder, the same weights for every frame
        build_frame_encoder(frame_shape), name="per_frame_cnn"
    )(sequence)  # (samples, frames, 1764)
    pooled = keras.layers.GlobalAveragePooling1D(name="mean_over_time")(features)  # order lost
    return keras.Model(sequence, classifier_head(pooled, n_classes), name="order_blind")


def build_cnn_lstm(
    frames: int = 2,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int | None = None,
    *,
    lstm_units: int = 32,
    lstm_activation: str = "tanh",
) -> keras.Model:
    """The CNN-LSTM: per-frame CNN features read in order by an LSTM, then the classifier head.

    ``(samples, frames, 28, 28, 1)`` → TimeDistributed(frame encoder) ``(samples, frames, 1764)``
    → LSTM ``(samples, lstm_units)`` → ``(samples, n_classes)``.

    Args:
        frames: frames per sequence.
        frame_shape: ``(rows, cols, channels)`` of one frame.
        n_classes: output classes; defaults to ``10**frames`` (the numbers the digits spell).
        lstm_units: size of the LSTM state.
        lstm_activation: the LSTM's cell activation. Keep the default ``"tanh"``: any other value
            rules out the fused cuDNN kernel on a GPU (see :func:`cudnn_blockers`).
    """
    frames, frame_shape, n_classes = _sequence_args(frames, frame_shape, n_classes)
    lstm_units = positive_int("lstm_units", lstm_units)
    sequence = keras.Input((frames, *frame_shape), name="frames")
    features = keras.layers.TimeDistributed(  # one encoder, the same weights for every frame
        build_frame_encoder(frame_shape), name="per_frame_cnn"
    )(sequence)  # (samples, frames, 1764)
    summary = keras.layers.LSTM(  # reads the frames in order; keeps its last state
        lstm_units, activation=lstm_activation, name="lstm"
    )(features)  # (samples, lstm_units)
    return keras.Model(sequence, classifier_head(summary, n_classes), name="cnn_lstm")


def predict_by_place_value(
    cnn: keras.Model, x_seq: np.ndarray, batch_size: int = 256
) -> np.ndarray:
    """The "engineered" sequence model: classify every frame with a trained digit CNN, then join.

    The digits are joined by place value, first frame most significant: frames read as 7 and 2
    give 72. No weights are learnt for the rule, so its accuracy on a sequence is close to the
    CNN's accuracy on one digit raised to the number of frames.

    Args:
        cnn: a trained single-digit classifier, input ``(samples, 28, 28, 1)``.
        x_seq: sequences ``(samples, frames, 28, 28, 1)``.

    Returns:
        int64 ``(samples,)``, the numbers read.
    """
    x_seq = np.asarray(x_seq)
    if x_seq.ndim != 5:
        raise ValueError(
            f"x_seq must be sequences (samples, frames, rows, cols, channels), got {x_seq.shape}"
        )
    samples, frames = x_seq.shape[:2]
    per_frame = predict_classes(cnn, x_seq.reshape(-1, *x_seq.shape[2:]), batch_size=batch_size)
    digits = per_frame.reshape(samples, frames).astype(np.int64)
    powers = N_DIGITS ** np.arange(frames - 1, -1, -1, dtype=np.int64)
    return digits @ powers


def cudnn_blockers(lstm: keras.layers.LSTM) -> list[str]:
    """The settings of ``lstm`` that rule out the fused cuDNN kernel; empty when none do.

    Keras runs an LSTM with cuDNN on a GPU only with its default activations (``tanh`` and a
    ``sigmoid`` recurrent activation), a bias, no recurrent dropout and no unrolling. Otherwise it
    falls back, silently, to a generic loop that is several times slower on a GPU. On a CPU both
    configurations run the generic loop.
    """
    if not isinstance(lstm, keras.layers.LSTM):
        raise TypeError(f"expected a keras.layers.LSTM, got {type(lstm).__name__}")
    cell = lstm.cell
    name_of = keras.activations.serialize
    blockers = []
    if name_of(cell.activation) != "tanh":
        blockers.append(f"activation={name_of(cell.activation)!r} (needs 'tanh')")
    if name_of(cell.recurrent_activation) != "sigmoid":
        blockers.append(
            f"recurrent_activation={name_of(cell.recurrent_activation)!r} (needs 'sigmoid')"
        )
    if not cell.use_bias:
        blockers.append("use_bias=False (needs True)")
    if cell.recurrent_dropout:
        blockers.append(f"recurrent_dropout={cell.recurrent_dropout} (needs 0)")
    if lstm.unroll:
        blockers.append("unroll=True (needs False)")
    if lstm.use_cudnn is False:
        blockers.append("use_cudnn=False")
    return blockers
