"""Generated from notebooks/01_mnist_cnn_vs_cnn_lstm.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def build_frame_encoder():
    """The original lesson's convolutional stack: a digit in, 7 x 7 x 36 = 1,764 features out."""
    return keras.Sequential([
        keras.Input((28, 28, 1), name="frame"),
        layers.Conv2D(16, (5, 5), padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D((2, 2), name="pool1"),
        layers.Conv2D(36, (5, 5), padding="same", activation="relu", name="conv2"),
        layers.MaxPooling2D((2, 2), name="pool2"),
        layers.Dropout(0.25, name="dropout_conv"),
        layers.Flatten(name="flatten"),
    ], name="frame_encoder")


def build_cnn(n_classes=10):
    """The frame encoder, then the classifier head: one digit in, class probabilities out."""
    image = keras.Input((28, 28, 1), name="image")
    features = build_frame_encoder()(image)  # (samples, 1764)
    hidden = layers.Dense(128, activation="relu", name="dense")(features)
    hidden = layers.Dropout(0.5, name="dropout_dense")(hidden)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(image, probabilities, name="cnn")


def build_order_blind(frames=2, n_classes=100):
    """Per-frame CNN features averaged over time, then the classifier head: blind to frame order."""
    sequence = keras.Input((frames, 28, 28, 1), name="frames")
    # one encoder, the same weights for every frame: (samples, frames, 1764)
    features = layers.TimeDistributed(build_frame_encoder(), name="per_frame_cnn")(sequence)
    pooled = layers.GlobalAveragePooling1D(name="mean_over_time")(features)  # order lost
    hidden = layers.Dense(128, activation="relu", name="dense")(pooled)
    hidden = layers.Dropout(0.5, name="dropout_dense")(hidden)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(sequence, probabilities, name="order_blind")


def build_cnn_lstm(frames=2, n_classes=100, lstm_units=32, lstm_activation="tanh"):
    """Per-frame CNN features read in order by an LSTM, then the classifier head."""
    sequence = keras.Input((frames, 28, 28, 1), name="frames")
    # one encoder, the same weights for every frame: (samples, frames, 1764)
    features = layers.TimeDistributed(build_frame_encoder(), name="per_frame_cnn")(sequence)
    summary = layers.LSTM(lstm_units, activation=lstm_activation, name="lstm")(features)
    hidden = layers.Dense(128, activation="relu", name="dense")(summary)
    hidden = layers.Dropout(0.5, name="dropout_dense")(hidden)
    probabilities = layers.Dense(n_classes, activation="softmax", name="probabilities")(hidden)
    return keras.Model(sequence, probabilities, name="cnn_lstm")
