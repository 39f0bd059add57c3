"""Models that predict the next frames of a video: a ConvLSTM and a CNN-LSTM, and two baselines.

The task (lesson 04): read the first ``input_frames`` frames of a Moving MNIST sequence and draw
the next ones. Both models read a clip of ``frames - 1`` steps and output, at EVERY step, their
guess of the frame that follows it (``return_sequences=True`` all the way):

* steps ``0 .. input_frames - 1`` read the true frames, so the outputs at steps ``0 .. input_frames
  - 2`` are one-step predictions made from true frames;
* after that the model is given **blank frames** (zeros): it sees nothing new, and its outputs at
  steps ``input_frames - 1 ..`` are the forecast of frames ``input_frames ..``, made from its state
  alone. The whole future comes out of ONE forward pass: predictions are **not** fed back.

:func:`forecast_pairs` builds those inputs and targets from videos, and :func:`predict_future`
returns the forecast. The same input is used in training and at test time, so the model is trained
on exactly the job it is measured on (Shi et al. 2015 forecast from the state in the same way,
with a separate "forecasting" network that reads no input).

The two models, of similar weight counts (about 30,000 with the defaults):

* :func:`build_convlstm_predictor`: the frame is cut into ``patch × patch`` squares that become
  channels (a 32 × 32 frame → a 16 × 16 map of 4 channels: four times fewer positions for the
  recurrence, as Shi et al. did with 4 × 4 patches on 64 × 64), two stacked ``ConvLSTM2D`` layers
  whose state is a stack of maps, and a ``Conv2D`` head with a sigmoid that draws each patch back;
* :func:`build_cnn_lstm_predictor`: a CNN encodes every frame into a vector (time folded into the
  batch axis, as way (d) of lesson 02), an ``LSTM`` reads the vectors, and a decoder (``Dense``,
  ``Conv2DTranspose`` layers, then, joined with the frame read at that step, two ``Conv2D``)
  draws every frame from the LSTM's output.

Shapes: videos ``(samples, time, rows, cols, channels)`` with one grey channel in [0, 1].
"""

from __future__ import annotations

import numpy as np

from course_utils.checks import check_sequences, positive_int
from course_utils.checks import learning_rate as check_learning_rate
from course_utils.models.cnn_lstm import FoldTime, UnfoldTime
from course_utils.session import import_keras
from course_utils.training import build_training_state

keras = import_keras()
layers = keras.layers

#: Frames a model reads before it must forecast, and frames it forecasts (the standard 10 + 10).
INPUT_FRAMES = 10
PREDICTED_FRAMES = 10
#: Steps the models read: every frame but the last (whose successor is unknown).
STEPS = INPUT_FRAMES + PREDICTED_FRAMES - 1
#: The lesson's canvas, in pixels.
SIZE = 32
#: Side of the pixel squares that the ConvLSTM predictor turns into channels.
PATCH = 2
#: Maps of state in each ConvLSTM2D layer, and their kernel.
CONVLSTM_FILTERS = (16, 16)
KERNEL_SIZE = 3
#: The CNN-LSTM predictor: filters of the three stride-2 convolutions of its frame encoder, and
#: the size of its LSTM's state.
ENCODER_FILTERS = (8, 16, 16)
LSTM_UNITS = 20


def _size_and_patch(size: int, patch: int) -> tuple[int, int]:
    size = positive_int("size", size, 2)
    patch = positive_int("patch", patch)
    if size % patch:
        raise ValueError(f"size must be a multiple of patch={patch}, got size={size}")
    return size, patch


def build_convlstm_predictor(
    steps: int = STEPS,
    size: int = SIZE,
    patch: int = PATCH,
    filters: tuple[int, ...] = CONVLSTM_FILTERS,
    kernel_size: int = KERNEL_SIZE,
) -> keras.Sequential:
    """Stacked ConvLSTM2D layers → a Conv2D head with a sigmoid: the next frame at every step.

    ``(samples, steps, size, size, 1)`` → patches ``(samples, steps, size/patch, size/patch,
    patch²)`` → ConvLSTM2D layers, each returning every step → Conv2D (sigmoid) on every step →
    pixels again ``(samples, steps, size, size, 1)``: output ``t`` is the guess of frame ``t + 1``.

    Args:
        steps: frames read per clip.
        size: side of the square frames; a multiple of ``patch``.
        patch: side of the pixel squares turned into channels (1: no patches).
        filters: maps of state of each ConvLSTM2D layer, first to last.
        kernel_size: side of their input and recurrent kernels.

    Returns:
        An uncompiled ``keras.Sequential`` named ``"convlstm_predictor"``.
    """
    steps = positive_int("steps", steps)
    size, patch = _size_and_patch(size, patch)
    kernel_size = positive_int("kernel_size", kernel_size)
    if not filters:
        raise ValueError("filters must name at least one ConvLSTM2D layer, got ()")
    for f in filters:
        positive_int("filters", f)
    cells, channels = size // patch, patch * patch
    return keras.Sequential(
        [
            keras.Input((steps, size, size, 1), name="frames"),
            # patch × patch squares of pixels become channels: (steps, cells, cells, patch²)
            layers.Reshape((steps, cells, patch, cells, patch), name="cut"),
            layers.Permute((1, 2, 4, 3, 5), name="gather"),
            layers.Reshape((steps, cells, cells, channels), name="patches"),
            *[
                layers.ConvLSTM2D(
                    f, kernel_size, padding="same", return_sequences=True, name=f"convlstm{i}"
                )
                for i, f in enumerate(filters, start=1)
            ],
            # every step's maps → the next frame's patches, each pixel a probability of ink
            layers.TimeDistributed(
                layers.Conv2D(channels, kernel_size, padding="same", activation="sigmoid"),
                name="draw",
            ),
            layers.Reshape((steps, cells, cells, patch, patch), name="uncut"),
            layers.Permute((1, 2, 4, 3, 5), name="scatter"),
            layers.Reshape((steps, size, size, 1), name="next_frames"),
        ],
        name="convlstm_predictor",
    )


def build_cnn_lstm_predictor(
    steps: int = STEPS,
    size: int = SIZE,
    encoder_filters: tuple[int, ...] = ENCODER_FILTERS,
    units: int = LSTM_UNITS,
) -> keras.Model:
    """A per-frame CNN encoder → LSTM → a decoder that draws the next frame at every step.

    ``(samples, steps, size, size, 1)`` → FoldTime → stride-2 ``Conv2D`` layers (ReLU) →
    Flatten → UnfoldTime → LSTM, every step ``(samples, steps, units)`` → FoldTime → Dense →
    Reshape to ``(size/8, size/8, 16)`` → ``Conv2DTranspose`` layers back to ``(size, size,
    8)`` → joined with the frame read at that step (a skip around the LSTM) → two ``Conv2D``, the
    last with a sigmoid → UnfoldTime ``(samples, steps, size, size, 1)``. Space is given up before
    the recurrence: the LSTM's state is ``units`` numbers. The skip lets the decoder redraw the
    digits it is shown; once the inputs are blank, the forecast comes from the LSTM alone.

    Args:
        steps: frames read per clip.
        size: side of the square frames, a multiple of ``2 ** len(encoder_filters)``.
        encoder_filters: filters of the stride-2 convolutions, first to last.
        units: size of the LSTM's state.

    Returns:
        An uncompiled ``keras.Model`` named ``"cnn_lstm_predictor"``.
    """
    steps = positive_int("steps", steps)
    units = positive_int("units", units)
    if not encoder_filters:
        raise ValueError("encoder_filters must name at least one convolution, got ()")
    scale = 2 ** len(encoder_filters)
    size, _ = _size_and_patch(size, scale)
    cells = size // scale

    frames = keras.Input((steps, size, size, 1), name="frames")
    frame = FoldTime(name="fold_time")(frames)  # every frame becomes a sample
    x = frame
    for i, f in enumerate(encoder_filters, start=1):
        x = layers.Conv2D(f, 3, strides=2, padding="same", activation="relu", name=f"encode{i}")(x)
    x = layers.Flatten(name="flatten")(x)
    x = UnfoldTime(steps, name="unfold_time")(x)  # (samples, steps, features)
    x = layers.LSTM(units, return_sequences=True, name="lstm")(x)
    x = FoldTime(name="fold_again")(x)
    x = layers.Dense(cells * cells * encoder_filters[-1], activation="relu", name="expand")(x)
    x = layers.Reshape((cells, cells, encoder_filters[-1]), name="maps")(x)
    # back to full size: the encoder's filters in reverse, then encoder_filters[0] again
    for i, f in enumerate([*reversed(encoder_filters[:-1]), encoder_filters[0]], start=1):
        x = layers.Conv2DTranspose(
            f, 3, strides=2, padding="same", activation="relu", name=f"decode{i}"
        )(x)
    x = layers.Concatenate(name="skip")([x, frame])  # the frame read at this step (blank later)
    x = layers.Conv2D(encoder_filters[0], 3, padding="same", activation="relu", name="mix")(x)
    x = layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="draw")(x)
    next_frames = UnfoldTime(steps, name="next_frames")(x)
    return keras.Model(frames, next_frames, name="cnn_lstm_predictor")


def compile_predictor(
    model: keras.Model, learning_rate: float = 1e-3, decay_steps: int | None = None
) -> keras.Model:
    """Compile for pixels in [0, 1]: Adam, binary cross-entropy per pixel, MSE as a metric.

    Args:
        model: a predictor from this module.
        learning_rate: Adam's (initial) learning rate.
        decay_steps: when given, the learning rate falls along a cosine to 0 over that many
            training steps (batches), which settles the weights at the end of a short budget.
    """
    rate = check_learning_rate("learning_rate", learning_rate)
    if decay_steps is not None:
        decay_steps = positive_int("decay_steps", decay_steps)
        rate = keras.optimizers.schedules.CosineDecay(rate, decay_steps)
    model.compile(
        optimizer=keras.optimizers.Adam(rate),
        loss="binary_crossentropy",
        metrics=[keras.metrics.MeanSquaredError(name="mse")],
    )
    return build_training_state(model)  # no variables made inside the first traced step


def _split(videos: np.ndarray, input_frames: int) -> int:
    videos = check_sequences(videos)
    input_frames = positive_int("input_frames", input_frames)
    if not input_frames < videos.shape[1]:
        raise ValueError(
            f"input_frames must leave at least one frame to predict: the videos have "
            f"{videos.shape[1]} frames, input_frames={input_frames}"
        )
    return input_frames


def forecast_pairs(
    videos: np.ndarray, input_frames: int = INPUT_FRAMES
) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and targets for training a forecaster on whole videos.

    Args:
        videos: ``(samples, frames, rows, cols, 1)``.
        input_frames: frames the model may see; the later ones are blanked in the input.

    Returns:
        ``(x, y)``, both ``(samples, frames - 1, rows, cols, 1)``: ``x`` is frames ``0 .. frames-2``
        with frames ``input_frames ..`` set to zero, ``y`` is frames ``1 .. frames-1`` (the frame
        that follows each step).
    """
    input_frames = _split(videos, input_frames)
    x = videos[:, :-1].copy()
    x[:, input_frames:] = 0.0
    return x, videos[:, 1:]


def predict_future(
    model: keras.Model, inputs: np.ndarray, batch_size: int = 64
) -> np.ndarray:
    """Forecast the frames that follow ``inputs``, in one pass, nothing fed back.

    Args:
        model: a predictor from this module reading ``steps`` frames.
        inputs: the frames seen, ``(samples, input_frames, rows, cols, 1)``.
        batch_size: sequences per forward pass.

    Returns:
        float32 ``(samples, steps + 1 - input_frames, rows, cols, 1)``: the forecast of frames
        ``input_frames, input_frames + 1, ...``.
    """
    inputs = check_sequences(inputs)
    steps = int(model.input_shape[1])
    seen = inputs.shape[1]
    if not 1 <= seen <= steps:
        raise ValueError(f"inputs must hold 1 to {steps} frames for this model, got {seen}")
    x = np.zeros((len(inputs), steps, *inputs.shape[2:]), dtype=np.float32)
    x[:, :seen] = inputs
    check_sequences(x, model)
    outputs = model.predict(x, batch_size=batch_size, verbose=0)
    return np.asarray(outputs[:, seen - 1 :], dtype=np.float32)


def copy_last_frame(inputs: np.ndarray, horizon: int = PREDICTED_FRAMES) -> np.ndarray:
    """Baseline: each future frame is the last frame seen: ``(samples, horizon, rows, cols, 1)``."""
    inputs = check_sequences(inputs)
    horizon = positive_int("horizon", horizon)
    return np.repeat(inputs[:, -1:], horizon, axis=1)


def mean_frame(train_videos: np.ndarray, n: int, horizon: int = PREDICTED_FRAMES) -> np.ndarray:
    """Baseline: every future frame is the average training frame (the same for every sequence).

    Returns:
        float32 ``(n, horizon, rows, cols, 1)``.
    """
    train_videos = check_sequences(train_videos)
    n = positive_int("n", n)
    horizon = positive_int("horizon", horizon)
    average = train_videos.mean(axis=(0, 1), dtype=np.float64).astype(np.float32)
    return np.broadcast_to(average, (n, horizon, *average.shape)).copy()
