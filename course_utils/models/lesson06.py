"""Generated from notebooks/06_cnn_lstm_on_real_sequences.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def padding_mask(x, window=1):
    """True where a step (or a sub-window of `window` steps) holds data: not all channels are 0."""
    real_step = ops.any(ops.not_equal(x, 0.0), axis=-1)  # (samples, time)
    if window == 1:
        return real_step
    sub_windows = ops.reshape(real_step, (-1, x.shape[1] // window, window))
    return ops.any(sub_windows, axis=-1)  # (samples, windows)


def build_cnn_lstm_1d(time, channels, n_classes, window=10, filters=16, kernel_size=3,
                      lstm_units=32, masked=False):
    """Sub-windows of `window` steps -> TimeDistributed(Conv1D) + max-pool -> LSTM -> Dense."""
    inputs = keras.Input((time, channels), name="recording")
    x = inputs
    extra = -time % window
    if extra:  # zeros at the end, so that the sub-windows tile the recording
        x = layers.ZeroPadding1D((0, extra))(x)
    n_windows = (time + extra) // window
    mask = padding_mask(x, window) if masked else None  # for the LSTM: see section 3
    x = layers.Reshape((n_windows, window, channels))(x)  # (samples, windows, steps, channels)
    x = layers.TimeDistributed(
        layers.Conv1D(filters, kernel_size, padding="same", activation="relu"))(x)
    x = layers.TimeDistributed(layers.GlobalMaxPooling1D())(x)  # (samples, windows, filters)
    x = layers.LSTM(lstm_units)(x, mask=mask)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="cnn_lstm_1d")


def build_lstm(time, channels, n_classes, units=32, masked=False):
    """LSTM on the raw steps -> Dense; `masked` makes the LSTM skip all-zero (padded) steps."""
    inputs = keras.Input((time, channels), name="recording")
    x = layers.Masking(0.0)(inputs) if masked else inputs
    x = layers.LSTM(units)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="lstm")


def build_conv_pool(time, channels, n_classes, filters=64, kernel_size=3, masked=False):
    """Conv1D -> global average pooling over time -> Dense: blind to order beyond the kernel."""
    inputs = keras.Input((time, channels), name="recording")
    # one convolution: a second would carry the padding into the last real steps, unmasked
    x = layers.Conv1D(filters, kernel_size, padding="same", activation="relu")(inputs)
    x = layers.GlobalAveragePooling1D()(x, mask=padding_mask(inputs) if masked else None)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="conv_pool")
