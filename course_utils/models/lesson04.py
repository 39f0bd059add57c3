"""Generated from notebooks/04_next_frame_prediction.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def build_convlstm_predictor(steps=19, size=32, patch=2, filters=16, kernel_size=3):
    """Two ConvLSTM2D layers and a Conv2D head: at every step, the guess of the next frame."""
    cells, channels = size // patch, patch * patch
    return keras.Sequential([
        keras.Input((steps, size, size, 1), name="frames"),
        # each patch × patch square of pixels becomes channels: (steps, cells, cells, patch²)
        layers.Reshape((steps, cells, patch, cells, patch), name="cut"),
        layers.Permute((1, 2, 4, 3, 5), name="gather"),
        layers.Reshape((steps, cells, cells, channels), name="patches"),
        layers.ConvLSTM2D(filters, kernel_size, padding="same", return_sequences=True,
                          name="convlstm1"),
        layers.ConvLSTM2D(filters, kernel_size, padding="same", return_sequences=True,
                          name="convlstm2"),
        # every step's maps -> the next frame's squares, each pixel a probability of ink
        layers.TimeDistributed(layers.Conv2D(channels, kernel_size, padding="same",
                                             activation="sigmoid"), name="draw"),
        layers.Reshape((steps, cells, cells, patch, patch), name="uncut"),
        layers.Permute((1, 2, 4, 3, 5), name="scatter"),
        layers.Reshape((steps, size, size, 1), name="next_frames"),
    ], name="convlstm_predictor")


def forecast_pairs(videos, input_frames=10):
    """Inputs and targets: every frame but the last, blank from `input_frames` on, and the frame
    that follows each step."""
    x = videos[:, :-1].copy()
    x[:, input_frames:] = 0.0
    return x, videos[:, 1:]


def predict_future(model, inputs):
    """The forecast of the frames after `inputs`, in one pass: the frames not seen are blank."""
    seen = inputs.shape[1]
    x = np.zeros((len(inputs), model.input_shape[1], *inputs.shape[2:]), dtype="float32")
    x[:, :seen] = inputs
    return model.predict(x, batch_size=64, verbose=0)[:, seen - 1:]


from course_utils.models.lesson02 import FoldTime, UnfoldTime  # written in lesson 02


def build_cnn_lstm_predictor(steps=19, size=32, units=20):
    """A CNN encodes every frame, an LSTM reads the codes, a decoder draws the next frame."""
    frames = keras.Input((steps, size, size, 1), name="frames")
    frame = FoldTime(name="fold_time")(frames)  # every frame becomes a sample
    x = layers.Conv2D(8, 3, strides=2, padding="same", activation="relu", name="encode1")(frame)
    x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="encode2")(x)
    x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu", name="encode3")(x)
    x = layers.Flatten(name="flatten")(x)  # (size / 8)² × 16 features per frame
    x = UnfoldTime(steps, name="unfold_time")(x)  # (samples, steps, features)
    x = layers.LSTM(units, return_sequences=True, name="lstm")(x)
    x = FoldTime(name="fold_again")(x)
    x = layers.Dense((size // 8) ** 2 * 16, activation="relu", name="expand")(x)
    x = layers.Reshape((size // 8, size // 8, 16), name="maps")(x)
    x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu",
                               name="decode1")(x)
    x = layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu",
                               name="decode2")(x)
    x = layers.Conv2DTranspose(8, 3, strides=2, padding="same", activation="relu",
                               name="decode3")(x)
    x = layers.Concatenate(name="skip")([x, frame])  # the frame read at this step (blank later)
    x = layers.Conv2D(8, 3, padding="same", activation="relu", name="mix")(x)
    x = layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="draw")(x)
    next_frames = UnfoldTime(steps, name="next_frames")(x)
    return keras.Model(frames, next_frames, name="cnn_lstm_predictor")
