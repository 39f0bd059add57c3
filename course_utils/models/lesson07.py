"""Generated from notebooks/07_pretrained_cnn_and_video_files.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


def shrink_digits(x):
    """MNIST uint8 (samples, 28, 28) -> float32 (samples, 14, 14) in [0, 1]: 2 x 2 averages."""
    return x.reshape(len(x), 14, 2, 14, 2).mean(axis=(2, 4)).astype("float32") / 255.0


def paste(canvas, digit, row, col):
    size = digit.shape[0]
    canvas[row:row + size, col:col + size, 0] = digit


def make_stills(digits, labels, n, seed, rows=18, cols=42):
    """`n` still frames (n, rows, cols, 1), each a random digit at a random place, and its digit."""
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(digits), n)
    size = digits.shape[1]
    x = np.zeros((n, rows, cols, 1), "float32")
    for i, (r, c) in enumerate(zip(rng.integers(0, rows - size + 1, n),
                                   rng.integers(0, cols - size + 1, n), strict=True)):
        paste(x[i], digits[which[i]], r, c)
    return x, labels[which].astype("int64")


def make_moving_clips(digits, labels, per_class, seed, frames=8, rows=18, cols=42):
    """`per_class` clips (n, frames, rows, cols, 1) of each of the 20 classes, shuffled.

    Class 2 * digit + direction; direction 0 moves right, 1 moves left, 1.5 to 3 pixels a frame.
    """
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(20), per_class)
    rng.shuffle(y)
    digit, direction = y // 2, y % 2
    by_digit = [np.flatnonzero(labels == d) for d in range(10)]
    which = np.array([rng.choice(by_digit[d]) for d in digit])
    size = digits.shape[1]
    free = cols - size  # the columns a digit's left edge can take
    speed = rng.uniform(1.5, 3.0, len(y))
    start = rng.uniform(0.0, free - speed * (frames - 1))
    col = start[:, None] + speed[:, None] * np.arange(frames)
    col = np.rint(np.where(direction[:, None] == 1, free - col, col)).astype(int)
    row = rng.integers(0, rows - size + 1, len(y))
    x = np.zeros((len(y), frames, rows, cols, 1), "float32")
    for i in range(len(y)):
        for t in range(frames):
            paste(x[i, t], digits[which[i]], row[i], col[i, t])
    return x, y.astype("int64")


def build_frame_cnn(rows=18, cols=42):
    """Frame (rows, cols, 1) -> 160 features: 32 filters in each of 5 column bands."""
    base = keras.Sequential([
        keras.Input((rows, cols, 1), name="frame"),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(2),
    ], name="base")
    top = keras.Sequential([
        keras.Input(base.output_shape[1:]),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D((base.output_shape[1], 2)),  # all rows, pairs of columns
        layers.Flatten(),
    ], name="top")
    return keras.Sequential([base, top], name="frame_cnn")


def build_head(frames, features, n_classes=20, units=32):
    """The LSTM part: (samples, frames, features) -> class probabilities."""
    return keras.Sequential([
        keras.Input((frames, features), name="frame_features"),
        layers.LSTM(units),
        layers.Dense(n_classes, activation="softmax", dtype="float32"),  # float32 even when mixed
    ], name="head")


def build_cnn_lstm(eyes, head):
    """The CNN-LSTM: `eyes` on every frame (TimeDistributed), then `head`."""
    frames = head.input_shape[1]
    return keras.Sequential([
        keras.Input((frames, *eyes.input_shape[1:]), name="clip"),
        layers.TimeDistributed(eyes, name="eyes_on_every_frame"),
        head,
    ], name="cnn_lstm")


def frame_features(eyes, x, batch_size=512):
    """Run `eyes` once on every frame: (clips, frames, ...) -> (clips, frames, features)."""
    flat = eyes.predict(x.reshape(-1, *x.shape[2:]), batch_size=batch_size, verbose=0)
    return flat.reshape(len(x), x.shape[1], *flat.shape[1:])


def build_single_frame(frames, features, n_classes=20, index=None):
    """Only frame `index` (default: the middle one) -> Dense: blind to motion."""
    index = frames // 2 if index is None else index
    inputs = keras.Input((frames, features), name="frame_features")
    outputs = layers.Dense(n_classes, activation="softmax")(inputs[:, index])
    return keras.Model(inputs, outputs, name="single_frame")


def build_order_blind(frames, features, n_classes=20, units=32):
    """Dense on every frame, averaged over time -> Dense: the same for any order of frames."""
    return keras.Sequential([
        keras.Input((frames, features), name="frame_features"),
        layers.Dense(units, activation="relu"),
        layers.GlobalAveragePooling1D(),
        layers.Dense(n_classes, activation="softmax"),
    ], name="order_blind")


def fit_steps(model, x, y, steps, batch_size=32, seed=0, rate=3e-3):
    """Compile `model` and train it on `steps` batches: reshuffled passes over (x, y), one `fit`."""
    rng = np.random.default_rng(seed)
    passes = -(-steps * batch_size // len(x))
    order = np.concatenate([rng.permutation(len(x)) for _ in range(passes)])[:steps * batch_size]
    model.compile(keras.optimizers.Adam(rate), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[order], y[order], batch_size=batch_size, shuffle=False, verbose=0)
    return model


def imagenet_eyes(weights="imagenet", rows=18, cols=42, size=(64, 128)):
    """A frozen MobileNetV3Small as a frame CNN: (rows, cols, 1) in [0, 1] -> features per column."""
    base = keras.applications.MobileNetV3Small(
        input_shape=(*size, 3), include_top=False, weights=weights, include_preprocessing=True)
    base.trainable = False
    frames = keras.Input((rows, cols, 1), name="frame")
    x = layers.Resizing(*size)(frames)
    x = layers.Concatenate()([x, x, x])  # grey -> RGB
    x = layers.Rescaling(255.0)(x)  # MobileNetV3's own preprocessing expects 0-255
    x = base(x, training=False)  # BatchNorm in inference mode
    x = layers.MaxPooling2D((x.shape[1], 1))(x)  # max over rows: one vector per column band
    return keras.Model(frames, layers.Flatten()(x), name="imagenet_eyes")


def write_clip(path, clip, fps=10.0):
    """Write a clip (frames, rows, cols, 1 or 3), floats in [0, 1], as an MPEG-4 file."""
    import cv2

    frames = np.clip(np.rint(np.asarray(clip) * 255.0), 0, 255).astype("uint8")
    rows, cols, channels = frames.shape[1:]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (cols, rows))
    if not writer.isOpened():
        raise ValueError(f"path: OpenCV cannot write {path} (an existing folder, a .mp4 name?)")
    order = cv2.COLOR_GRAY2BGR if channels == 1 else cv2.COLOR_RGB2BGR
    for frame in frames:
        writer.write(cv2.cvtColor(frame, order))
    writer.release()


def compare_devices(data_file, epochs=2, batch_size=32, rate=1e-3):
    """Run in a fresh process on JAX: train one CNN-LSTM from the same initial weights on one
    device, then data-parallel on all devices; print the losses per epoch of both as JSON."""
    import json

    arrays = np.load(data_file)
    x, y = arrays["x"], arrays["y"]

    def build():
        eyes = build_frame_cnn(*x.shape[2:4])
        return build_cnn_lstm(eyes, build_head(x.shape[1], eyes.output_shape[-1]))

    initial = build().get_weights()
    devices = keras.distribution.list_devices()
    losses = {}
    for used in (devices[:1], devices):
        keras.distribution.set_distribution(keras.distribution.DataParallel(devices=used))
        model = build()
        model.set_weights(initial)
        model.compile(keras.optimizers.Adam(rate), "sparse_categorical_crossentropy")
        history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False, verbose=0)
        losses[len(used)] = history.history["loss"]
    print(json.dumps({"backend": keras.backend.backend(), "devices": [str(d) for d in devices],
                      "losses": losses}))
