"""Generated from notebooks/03_convlstm.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def convlstm_step(x_t, h, c, kernel, recurrent_kernel, bias, activation=ops.tanh):
    """One ConvLSTM2D step: frames x_t (samples, rows, cols, channels), state h and c -> new h, c."""
    z = ops.conv(x_t, kernel, padding="same") + ops.conv(h, recurrent_kernel, padding="same") + bias
    i, f, g, o = ops.split(z, 4, axis=-1)  # Keras's order: input, forget, candidate, output
    c = ops.sigmoid(f) * c + ops.sigmoid(i) * activation(g)
    h = ops.sigmoid(o) * activation(c)
    return h, c


def build_convlstm(frames=20, height=50, width=130, filters=5, activation="tanh", n_classes=4):
    """The original lesson's ConvLSTM classifier: (samples, frames, height, width, 1) -> classes."""
    return keras.Sequential([
        keras.Input((frames, height, width, 1), name="video"),
        layers.ConvLSTM2D(filters, (4, 4), padding="same", activation=activation,
                          return_sequences=True, name="convlstm1"),
        layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool1"),
        layers.ConvLSTM2D(filters, (8, 8), padding="same", activation=activation,
                          return_sequences=True, name="convlstm2"),
        layers.TimeDistributed(layers.MaxPooling2D((2, 2)), name="pool2"),
        layers.ConvLSTM2D(filters, (8, 8), padding="same", activation=activation,
                          name="convlstm3"),  # the last step only
        layers.MaxPooling2D((2, 2), name="pool3"),
        layers.Flatten(name="flatten"),
        layers.Dense(n_classes, activation="softmax", name="probabilities"),
    ], name="convlstm")
