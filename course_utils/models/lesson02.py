"""Generated from notebooks/02_synthetic_videos_cnn_lstm.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def build_frame_cnn(frame_shape=(50, 130, 1)):
    """The CNN applied to every frame: (samples, rows, cols, channels) -> (samples, features)."""
    return keras.Sequential([
        keras.Input(frame_shape, name="frame"),
        layers.Conv2D(5, (4, 4), padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D((2, 2), name="pool1"),
        layers.Conv2D(5, (8, 8), padding="same", activation="relu", name="conv2"),
        layers.MaxPooling2D((2, 2), name="pool2"),
        layers.Conv2D(5, (8, 8), padding="same", activation="relu", name="conv3"),
        layers.MaxPooling2D((2, 2), name="pool3"),
        layers.Flatten(name="flatten"),
    ], name="frame_cnn")


def build_cnn_lstm_wrapped(frames=20, frame_shape=(50, 130, 1), n_classes=4,
                           lstm_activation="tanh", lstm_units=5):
    """Way (a): the whole frame CNN wrapped in one TimeDistributed."""
    return keras.Sequential([
        keras.Input((frames, *frame_shape), name="video"),
        layers.TimeDistributed(build_frame_cnn(frame_shape), name="cnn_on_every_frame"),
        layers.LSTM(lstm_units, activation=lstm_activation, name="lstm"),
        layers.Dense(n_classes, activation="softmax", name="probabilities"),
    ], name="cnn_lstm_wrapped")


def build_cnn_lstm_per_layer(frames=20, frame_shape=(50, 130, 1), n_classes=4,
                             lstm_activation="tanh", lstm_units=5):
    """Way (b): one Sequential, a TimeDistributed around each layer of the frame CNN."""
    return keras.Sequential([
        keras.Input((frames, *frame_shape), name="video"),
        layers.TimeDistributed(layers.Conv2D(5, (4, 4), padding="same", activation="relu"),
                               name="conv1"),
        layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool1"),
        layers.TimeDistributed(layers.Conv2D(5, (8, 8), padding="same", activation="relu"),
                               name="conv2"),
        layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool2"),
        layers.TimeDistributed(layers.Conv2D(5, (8, 8), padding="same", activation="relu"),
                               name="conv3"),
        layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool3"),
        layers.TimeDistributed(layers.Flatten(), name="flatten"),
        layers.LSTM(lstm_units, activation=lstm_activation, name="lstm"),
        layers.Dense(n_classes, activation="softmax", name="probabilities"),
    ], name="cnn_lstm_per_layer")


def build_cnn_lstm_functional(frames=20, frame_shape=(50, 130, 1), n_classes=4,
                              lstm_activation="tanh", lstm_units=5):
    """Way (c): the functional API, each layer called on the tensor the previous one returned."""
    videos = keras.Input((frames, *frame_shape), name="video")
    x = layers.TimeDistributed(layers.Conv2D(5, (4, 4), padding="same", activation="relu"),
                               name="conv1")(videos)
    x = layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool1")(x)
    x = layers.TimeDistributed(layers.Conv2D(5, (8, 8), padding="same", activation="relu"),
                               name="conv2")(x)
    x = layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool2")(x)
    x = layers.TimeDistributed(layers.Conv2D(5, (8, 8), padding="same", activation="relu"),
                               name="conv3")(x)
    x = layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool3")(x)
    features = layers.TimeDistributed(layers.Flatten(), name="flatten")(x)
    summary = layers.LSTM(lstm_units, activation=lstm_activation, name="lstm")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(summary)
    return keras.Model(videos, probabilities, name="cnn_lstm_functional")


@keras.saving.register_keras_serializable(package="lesson02")
class FoldTime(layers.Layer):
    """(samples, time, *frame) -> (samples * time, *frame): every frame becomes a sample."""

    def call(self, videos):
        return ops.reshape(videos, (-1, *videos.shape[2:]))

    def compute_output_shape(self, input_shape):  # JAX infers shapes from a sample batch: say it
        samples, time = input_shape[:2]
        return (None if samples is None or time is None else samples * time, *input_shape[2:])


@keras.saving.register_keras_serializable(package="lesson02")
class UnfoldTime(layers.Layer):
    """(samples * frames, *features) -> (samples, frames, *features): undoes FoldTime."""

    def __init__(self, frames, **kwargs):
        super().__init__(**kwargs)
        self.frames = frames

    def call(self, features):
        return ops.reshape(features, (-1, self.frames, *features.shape[1:]))

    def compute_output_shape(self, input_shape):
        return (None, self.frames, *input_shape[1:])

    def get_config(self):
        return {**super().get_config(), "frames": self.frames}


def build_cnn_lstm_folded(frames=20, frame_shape=(50, 130, 1), n_classes=4,
                          lstm_activation="tanh", lstm_units=5):
    """Way (d): fold time into the batch axis, run the frame CNN once on all frames, unfold."""
    videos = keras.Input((frames, *frame_shape), name="video")
    every_frame = FoldTime(name="fold_time")(videos)
    per_frame_features = build_frame_cnn(frame_shape)(every_frame)
    features = UnfoldTime(frames, name="unfold_time")(per_frame_features)
    summary = layers.LSTM(lstm_units, activation=lstm_activation, name="lstm")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(summary)
    return keras.Model(videos, probabilities, name="cnn_lstm_folded")


def build_single_frame(frames=20, frame_shape=(50, 130, 1), n_classes=4, frame_index=0,
                       hidden_units=16):
    """Baseline: the frame CNN on ONE frame of the clip (the first by default), then Dense."""
    videos = keras.Input((frames, *frame_shape), name="video")
    features = build_frame_cnn(frame_shape)(videos[:, frame_index])
    hidden = layers.Dense(hidden_units, activation="relu", name="hidden")(features)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(videos, probabilities, name="single_frame")


def build_order_blind(frames=20, frame_shape=(50, 130, 1), n_classes=4, hidden_units=16):
    """Baseline: the frame CNN on every frame, the features AVERAGED over time, then Dense."""
    videos = keras.Input((frames, *frame_shape), name="video")
    every_frame = FoldTime(name="fold_time")(videos)
    per_frame_features = build_frame_cnn(frame_shape)(every_frame)
    features = UnfoldTime(frames, name="unfold_time")(per_frame_features)
    mean_over_time = layers.GlobalAveragePooling1D(name="mean_over_time")(features)
    hidden = layers.Dense(hidden_units, activation="relu", name="hidden")(mean_over_time)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(videos, probabilities, name="order_blind")


def baseline_units_like(lstm_units, frame_shape=(50, 130, 1), n_classes=4):
    """Dense units that give a baseline about as many weights as a CNN-LSTM with lstm_units."""
    features = 5 * (frame_shape[0] // 8) * (frame_shape[1] // 8)  # 5 maps after three poolings
    lstm = 4 * lstm_units * (features + lstm_units + 1) + (lstm_units + 1) * n_classes
    return max(1, round((lstm - n_classes) / (features + 1 + n_classes)))
