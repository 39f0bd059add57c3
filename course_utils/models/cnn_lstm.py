"""The video CNN-LSTM of lesson 02, written the three ways Keras allows, and a fourth for speed.

All four builders make the same network, the original lesson's: every frame goes through a
small CNN

    Conv2D 5 (4×4) → MaxPool 2 → Conv2D 5 (8×8) → MaxPool 2 → Conv2D 5 (8×8) → MaxPool 2 → Flatten

(``padding="same"``, ReLU), the LSTM(5) reads the 20 per-frame feature vectors in order, and a
Dense(4) softmax names the motion class. With the default geometry, 20 frames of 50 × 130 × 1,
that is 13,039 weights:

===================================  =====================================================
builder                              style
===================================  =====================================================
:func:`build_cnn_lstm_wrapped`       a frame CNN (:func:`build_frame_cnn`), built on its own,
                                     wrapped whole in one ``TimeDistributed``
:func:`build_cnn_lstm_per_layer`     one ``Sequential``, ``TimeDistributed`` around each layer
:func:`build_cnn_lstm_functional`    the functional API: tensors passed from layer to layer
:func:`build_cnn_lstm_folded`        the functional API without ``TimeDistributed``: time
                                     folded into the batch axis (:class:`FoldTime`), the
                                     frame CNN run once on all frames, then unfolded
===================================  =====================================================

The layer sizes live in the module constants below (:data:`FILTERS`, :data:`KERNEL_SIZES`, ...),
and every builder makes its convolutions and poolings with :func:`conv_layer` and
:func:`pool_layer`, so they cannot drift apart. They hold their weights in the same order,
so one model's ``get_weights()`` can be loaded into another (:func:`copy_weights`), and then the
four compute the same function.

Two baselines reuse the same frame CNN without the LSTM, to show what the LSTM adds:
:func:`build_single_frame` (one frame of the clip) and :func:`build_order_blind` (every frame,
the features averaged over time, so the order of the frames cannot matter).

Shapes: videos are ``(samples, time, rows, cols, channels)``; one frame is
``(rows, cols, channels)``. The builders return uncompiled models; :func:`compile_classifier`
compiles them for integer labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.checks import check_sequences, positive_int, positive_number
from course_utils.checks import learning_rate as check_learning_rate
from course_utils.session import import_keras
from course_utils.training import build_training_state

keras = import_keras()
layers = keras.layers

#: Frames per clip, as made by ``course_utils.video.make_videos``.
FRAMES = 20
#: One frame: ``(rows, cols, channels)``.
FRAME_SHAPE = (50, 130, 1)
#: Motion classes: sine, constant, ascending, descending.
N_CLASSES = 4

#: Filters of every convolution.
FILTERS = 5
#: Kernel of the first, second and third convolution.
KERNEL_SIZES = ((4, 4), (8, 8), (8, 8))
#: Every convolution keeps the frame size (``"same"``) and is followed by this pooling.
PADDING = "same"
POOL_SIZE = (2, 2)
#: Activation of the convolutions.
CONV_ACTIVATION = "relu"
#: Size of the LSTM's state. Its activations stay the defaults (tanh, sigmoid gates), which keeps
#: the fused cuDNN kernel available on a GPU.
LSTM_UNITS = 5
#: The LSTM's activation: Keras's default, which keeps the fused cuDNN kernel available on a GPU.
#: The original lesson used ReLU; the builders take ``lstm_activation`` to reproduce it, and
#: ``benchmarks/time_to_accuracy.py`` compares the two.
LSTM_ACTIVATION = "tanh"

#: Weights of every builder with the default geometry: 85 + 1,605 + 1,605 (convolutions) +
#: 9,720 (LSTM reading 6 × 16 × 5 = 480 features) + 24 (Dense).
PARAMS = 13_039
#: Features the frame CNN hands to the LSTM per frame, with the default frame shape.
FEATURES_PER_FRAME = 480


def _check_frame_shape(frame_shape: Any) -> tuple[int, int, int]:
    shape = tuple(frame_shape) if isinstance(frame_shape, (tuple, list)) else None
    if (
        shape is None
        or len(shape) != 3
        or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in shape)
    ):
        raise ValueError(
            f"frame_shape must be (rows, cols, channels), three positive ints, got {frame_shape!r}"
        )
    if shape[0] < 8 or shape[1] < 8:
        raise ValueError(
            f"frame_shape needs at least 8 rows and 8 cols (three 2x2 poolings), got {shape}"
        )
    return shape  # type: ignore[return-value]


def _video_shape(frames: Any, frame_shape: Any) -> tuple[int, int, int, int]:
    return (positive_int("frames", frames), *_check_frame_shape(frame_shape))


def conv_layer(block: int) -> keras.layers.Conv2D:
    """The ``block``-th convolution (1, 2 or 3) of the frame CNN, sized by the module constants.

    ``Conv2D(FILTERS, KERNEL_SIZES[block - 1], padding=PADDING, activation=CONV_ACTIVATION)``,
    named ``conv1``, ``conv2`` or ``conv3``. Each builder calls it, so the sizes are written once.
    """
    if block not in (1, 2, 3):
        raise ValueError(f"block must be 1, 2 or 3, got {block!r}")
    return layers.Conv2D(
        FILTERS,
        KERNEL_SIZES[block - 1],
        padding=PADDING,
        activation=CONV_ACTIVATION,
        name=f"conv{block}",
    )


def pool_layer(block: int) -> keras.layers.MaxPooling2D:
    """The 2×2 max pooling after convolution ``block``, named ``pool1``, ``pool2`` or ``pool3``."""
    if block not in (1, 2, 3):
        raise ValueError(f"block must be 1, 2 or 3, got {block!r}")
    return layers.MaxPooling2D(POOL_SIZE, name=f"pool{block}")


def build_frame_cnn(frame_shape: tuple[int, int, int] = FRAME_SHAPE) -> keras.Sequential:
    """The per-frame CNN on its own: ``(samples, rows, cols, channels)`` → ``(samples, features)``.

    With the default 50 × 130 × 1 frame: ``(samples, 50, 130, 1)`` → ``(samples, 480)``
    (6 × 16 positions × 5 filters after three poolings), 3,295 weights.
    """
    frame_shape = _check_frame_shape(frame_shape)
    return keras.Sequential(
        [
            keras.Input(frame_shape, name="frame"),
            conv_layer(1),
            pool_layer(1),
            conv_layer(2),
            pool_layer(2),
            conv_layer(3),
            pool_layer(3),
            layers.Flatten(name="flatten"),
        ],
        name="frame_cnn",
    )


def build_cnn_lstm_wrapped(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    lstm_activation: str = LSTM_ACTIVATION,
    lstm_units: int = LSTM_UNITS,
) -> keras.Sequential:
    """Way (a): build the frame CNN first, then wrap the WHOLE of it in one ``TimeDistributed``.

    ``(samples, frames, rows, cols, channels)`` → TimeDistributed(frame CNN)
    ``(samples, frames, 480)`` → LSTM ``(samples, lstm_units)`` → Dense softmax
    ``(samples, n_classes)``.
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    lstm_units = positive_int("lstm_units", lstm_units)
    frame_cnn = build_frame_cnn(frame_shape)
    return keras.Sequential(
        [
            keras.Input(video_shape, name="video"),
            layers.TimeDistributed(frame_cnn, name="cnn_on_every_frame"),
            layers.LSTM(lstm_units, activation=lstm_activation, name="lstm"),
            layers.Dense(n_classes, activation="softmax", name="probabilities"),
        ],
        name="cnn_lstm_wrapped",
    )


def build_cnn_lstm_per_layer(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    lstm_activation: str = LSTM_ACTIVATION,
    lstm_units: int = LSTM_UNITS,
) -> keras.Sequential:
    """Way (b): one ``Sequential``, with ``TimeDistributed`` around each layer of the CNN.

    ``(samples, frames, rows, cols, channels)`` → seven TimeDistributed layers
    ``(samples, frames, 480)`` → LSTM ``(samples, lstm_units)`` → Dense softmax
    ``(samples, n_classes)``.
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    lstm_units = positive_int("lstm_units", lstm_units)
    return keras.Sequential(
        [
            keras.Input(video_shape, name="video"),
            layers.TimeDistributed(conv_layer(1), name="conv1"),
            layers.TimeDistributed(pool_layer(1), name="pool1"),
            layers.TimeDistributed(conv_layer(2), name="conv2"),
            layers.TimeDistributed(pool_layer(2), name="pool2"),
            layers.TimeDistributed(conv_layer(3), name="conv3"),
            layers.TimeDistributed(pool_layer(3), name="pool3"),
            layers.TimeDistributed(layers.Flatten(name="flatten"), name="flatten"),
            layers.LSTM(lstm_units, activation=lstm_activation, name="lstm"),
            layers.Dense(n_classes, activation="softmax", name="probabilities"),
        ],
        name="cnn_lstm_per_layer",
    )


def build_cnn_lstm_functional(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    lstm_activation: str = LSTM_ACTIVATION,
    lstm_units: int = LSTM_UNITS,
) -> keras.Model:
    """Way (c): the functional API, each layer called on the tensor the previous one returned.

    ``(samples, frames, rows, cols, channels)`` → TimeDistributed conv/pool blocks and Flatten
    ``(samples, frames, 480)`` → LSTM ``(samples, lstm_units)`` → Dense softmax
    ``(samples, n_classes)``.
    The named tensor ``features`` is what the LSTM reads; a functional model can hand such
    intermediate tensors to several layers (two heads, a skip connection), which a ``Sequential``
    cannot.
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    lstm_units = positive_int("lstm_units", lstm_units)
    video = keras.Input(video_shape, name="video")
    x = layers.TimeDistributed(conv_layer(1), name="conv1")(video)
    x = layers.TimeDistributed(pool_layer(1), name="pool1")(x)
    x = layers.TimeDistributed(conv_layer(2), name="conv2")(x)
    x = layers.TimeDistributed(pool_layer(2), name="pool2")(x)
    x = layers.TimeDistributed(conv_layer(3), name="conv3")(x)
    x = layers.TimeDistributed(pool_layer(3), name="pool3")(x)
    features = layers.TimeDistributed(layers.Flatten(name="flatten"), name="flatten")(x)
    summary = layers.LSTM(lstm_units, activation=lstm_activation, name="lstm")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(summary)
    return keras.Model(video, probabilities, name="cnn_lstm_functional")


@keras.saving.register_keras_serializable(package="course_utils")
class FoldTime(layers.Layer):
    """``(samples, time, *frame)`` → ``(samples * time, *frame)``: every frame becomes a sample."""

    def call(self, videos):
        return keras.ops.reshape(videos, (-1, *videos.shape[2:]))

    def compute_output_shape(self, input_shape):
        samples, time = input_shape[:2]
        merged = None if samples is None or time is None else samples * time
        return (merged, *input_shape[2:])


@keras.saving.register_keras_serializable(package="course_utils")
class UnfoldTime(layers.Layer):
    """``(samples * frames, *features)`` → ``(samples, frames, *features)``: undoes ``FoldTime``."""

    def __init__(self, frames: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.frames = positive_int("frames", frames)

    def call(self, features):
        return keras.ops.reshape(features, (-1, self.frames, *features.shape[1:]))

    def compute_output_shape(self, input_shape):
        return (None, self.frames, *input_shape[1:])

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "frames": self.frames}


def build_cnn_lstm_folded(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    lstm_activation: str = LSTM_ACTIVATION,
    lstm_units: int = LSTM_UNITS,
) -> keras.Model:
    """Way (d): fold time into the batch axis, run the frame CNN once on all frames, unfold.

    ``(samples, frames, rows, cols, channels)`` → FoldTime ``(samples·frames, rows, cols,
    channels)`` → frame CNN ``(samples·frames, 480)`` → UnfoldTime ``(samples, frames, 480)`` →
    LSTM ``(samples, lstm_units)`` → Dense softmax ``(samples, n_classes)``.

    The same weights, in the same order, and the same outputs as ways (a) to (c). Keras 3's
    ``TimeDistributed`` calls its layer once per frame, so the graph of (a) to (c) holds the CNN
    ``frames`` times; here it holds it once. That makes the graph faster to build, which is most
    of the first epoch; later epochs cost the same both ways, since the two graphs then do the
    same work (both measured in the README's *Performance* section).
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    lstm_units = positive_int("lstm_units", lstm_units)
    video = keras.Input(video_shape, name="video")
    every_frame = FoldTime(name="fold_time")(video)
    per_frame_features = build_frame_cnn(frame_shape)(every_frame)
    features = UnfoldTime(frames, name="unfold_time")(per_frame_features)
    summary = layers.LSTM(lstm_units, activation=lstm_activation, name="lstm")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(summary)
    return keras.Model(video, probabilities, name="cnn_lstm_folded")


# ------------------------------------------------------------------------------------------------
# Baselines: the same frame CNN, without the LSTM
# ------------------------------------------------------------------------------------------------

#: Hidden units of the baselines' Dense layer (ReLU), by default. With the default geometry the
#: single-frame and order-blind models then hold 3,295 + 7,696 + 68 = 11,059 weights, close to the
#: original 13,039-weight CNN-LSTM's; lessons 02 and 03 pass ``hidden_units`` to match the wider
#: CNN-LSTM they train (:func:`baseline_units_like`).
BASELINE_UNITS = 16


@keras.saving.register_keras_serializable(package="course_utils")
class TakeFrame(layers.Layer):
    """``(samples, time, *frame)`` → ``(samples, *frame)``: the frame at ``index`` only."""

    def __init__(self, index: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = positive_int("index", index, minimum=0)

    def call(self, videos):
        return videos[:, self.index]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], *input_shape[2:])

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "index": self.index}


def build_single_frame(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    frame_index: int = 0,
    hidden_units: int = BASELINE_UNITS,
) -> keras.Model:
    """Baseline: the frame CNN on ONE frame of the clip (the first by default), then Dense.

    ``(samples, frames, rows, cols, channels)`` → TakeFrame ``(samples, rows, cols, channels)``
    → frame CNN ``(samples, 480)`` → Dense(hidden_units, ReLU) → Dense softmax
    ``(samples, n_classes)``. It sees where the square is at one moment, never how it moves.
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    frame_index = positive_int("frame_index", frame_index, minimum=0)
    hidden_units = positive_int("hidden_units", hidden_units)
    if frame_index >= video_shape[0]:
        raise ValueError(f"frame_index must be < frames = {video_shape[0]}, got {frame_index}")
    video = keras.Input(video_shape, name="video")
    frame = TakeFrame(frame_index, name="take_frame")(video)
    features = build_frame_cnn(frame_shape)(frame)
    hidden = layers.Dense(hidden_units, activation="relu", name="hidden")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(video, probabilities, name="single_frame")


def build_order_blind(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    n_classes: int = N_CLASSES,
    hidden_units: int = BASELINE_UNITS,
) -> keras.Model:
    """Baseline: the frame CNN on every frame, features AVERAGED over time, then Dense.

    ``(samples, frames, rows, cols, channels)`` → FoldTime → frame CNN → UnfoldTime
    ``(samples, frames, 480)`` → GlobalAveragePooling1D (mean over time) ``(samples, 480)`` →
    Dense(hidden_units, ReLU) → Dense softmax ``(samples, n_classes)``. It sees every frame, but
    a mean does not change when the frames are shuffled or reversed: its output ignores their order.
    """
    video_shape = _video_shape(frames, frame_shape)
    n_classes = positive_int("n_classes", n_classes)
    hidden_units = positive_int("hidden_units", hidden_units)
    video = keras.Input(video_shape, name="video")
    every_frame = FoldTime(name="fold_time")(video)
    per_frame_features = build_frame_cnn(frame_shape)(every_frame)
    features = UnfoldTime(frames, name="unfold_time")(per_frame_features)
    mean_over_time = layers.GlobalAveragePooling1D(name="mean_over_time")(features)
    hidden = layers.Dense(hidden_units, activation="relu", name="hidden")(mean_over_time)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(video, probabilities, name="order_blind")


def baseline_units_like(
    lstm_units: int, frame_shape: tuple[int, int, int] = FRAME_SHAPE, n_classes: int = N_CLASSES
) -> int:
    """Hidden units that give a baseline about as many weights as the CNN-LSTM with ``lstm_units``.

    The CNN-LSTM adds ``4 × lstm_units × (features + lstm_units + 1) + (lstm_units + 1) × classes``
    weights to the frame CNN; a baseline adds ``(features + 1) × hidden + (hidden + 1) × classes``.
    Returns the ``hidden`` (at least 1) whose count comes nearest; with the default geometry,
    ``lstm_units=5`` gives 20 and ``lstm_units=32`` gives 136.
    """
    lstm_units = positive_int("lstm_units", lstm_units)
    n_classes = positive_int("n_classes", n_classes)
    rows, cols, _ = _check_frame_shape(frame_shape)
    features = FILTERS * (rows // 8) * (cols // 8)
    target = 4 * lstm_units * (features + lstm_units + 1) + (lstm_units + 1) * n_classes
    return max(1, round((target - n_classes) / (features + 1 + n_classes)))


#: The four ways, by the letter the lesson uses.
BUILDERS = {
    "a": build_cnn_lstm_wrapped,
    "b": build_cnn_lstm_per_layer,
    "c": build_cnn_lstm_functional,
    "d": build_cnn_lstm_folded,
}


def compile_classifier(
    model: keras.Model, learning_rate: float = 1e-3, clipnorm: float | None = None
) -> keras.Model:
    """Compile ``model`` for integer class labels: Adam, sparse cross-entropy, accuracy.

    Returns the same model, so that ``model = compile_classifier(build_...(), 3e-3)`` reads well.
    ``clipnorm``: when given, Adam rescales each gradient to at most that norm.

    Every variable that training needs is created here rather than in the first training step:
    the accuracy as a metric object (the string ``"accuracy"`` becomes one only inside that step)
    and Adam's two moment estimates per weight (``training.build_training_state``). On
    TensorFlow, a first step that creates variables is traced twice, which costs a ConvLSTM
    several seconds before its first batch.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    learning_rate = check_learning_rate("learning_rate", learning_rate)
    if clipnorm is not None:
        clipnorm = positive_number("clipnorm", clipnorm)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=float(learning_rate), clipnorm=clipnorm),
        loss="sparse_categorical_crossentropy",
        metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    return build_training_state(model)


def copy_weights(source: keras.Model, target: keras.Model) -> keras.Model:
    """Load ``source``'s weights into ``target`` (two CNN-LSTMs of the same architecture).

    Raises:
        ValueError: the weight shapes differ (not the same architecture or geometry).
    """
    weights = source.get_weights()
    got = [w.shape for w in weights]
    expected = [tuple(w.shape) for w in target.weights]
    if got != expected:
        raise ValueError(
            f"target expects weights of shapes {expected}, source has {got}: "
            "build both with the same frames, frame_shape and n_classes"
        )
    target.set_weights(weights)
    return target


def _lstm_layer(model: keras.Model) -> keras.layers.LSTM:
    found = [layer for layer in model.layers if isinstance(layer, keras.layers.LSTM)]
    if len(found) != 1:
        raise ValueError(
            f"expected a CNN-LSTM with one LSTM layer, {model.name!r} has {len(found)}"
        )
    return found[0]


def frame_features(model: keras.Model, videos: np.ndarray, batch_size: int = 64) -> np.ndarray:
    """The per-frame feature vectors that ``model``'s CNN hands to its LSTM.

    Works for the three builders (for any model whose single LSTM reads the CNN's output).

    Args:
        model: a CNN-LSTM, trained or not.
        videos: ``(samples, time, rows, cols, channels)`` float pixels, as the model expects.
        batch_size: videos per forward pass.

    Returns:
        float32 ``(samples, time, features)``, e.g. ``(samples, 20, 480)``.

    Raises:
        ValueError, TypeError: ``videos`` does not fit the model (one line, from
            ``course_utils.checks``), or the model has no single LSTM.
    """
    check_sequences(videos, model)
    lstm = _lstm_layer(model)
    extractor = keras.Model(model.inputs, lstm.input, name=f"{model.name}_features")
    return np.asarray(extractor.predict(videos, batch_size=batch_size, verbose=0))
