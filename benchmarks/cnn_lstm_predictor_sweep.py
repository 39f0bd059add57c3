"""Lesson 04: a learning rate for the CNN-LSTM predictor, chosen on VALIDATION data.

Trains the CNN-LSTM predictor exactly as the lesson trains its models (fresh training sequences
every epoch, seeds 1000 + epoch, batches of 16) and scores each run on the lesson's 100 validation
sequences (training digits, seed 2): next-frame MSE and 10-frame MSE, beside the mean frame and
copy-last-frame on the same sequences. Test sequences are never touched.

    python benchmarks/cnn_lstm_predictor_sweep.py skip:RATE[:EPOCHS[:SEED]] ...

e.g. ``skip:3e-3 skip:1e-2:25`` ("skip": the lesson's builder, whose decoder also sees the frame of
its step). Prints one line per run; results go to benchmarks/cnn_lstm_predictor_sweep.md by hand.
"""

from __future__ import annotations

import sys
import time

from course_utils import baselines, data, metrics, session
from course_utils.moving_digits import make_moving_digits

session.setup(seed=42)

import keras  # noqa: E402

from course_utils.models import lesson04  # noqa: E402

GEOMETRY = {"frames": 20, "size": 32, "digits": 2, "digit_size": 14}
TRAIN_PER_EPOCH, BATCH_SIZE = 800, 16
VARIANTS = {"skip": lesson04.build_cnn_lstm_predictor}


def fresh_batches(train_digits, epochs):
    """The lesson's training data: epoch e, TRAIN_PER_EPOCH new sequences of seed 1000 + e."""
    for epoch in range(epochs):
        videos = make_moving_digits(train_digits, TRAIN_PER_EPOCH, 1000 + epoch, **GEOMETRY)
        x, y = lesson04.forecast_pairs(videos)
        for start in range(0, TRAIN_PER_EPOCH, BATCH_SIZE):
            yield x[start:start + BATCH_SIZE], y[start:start + BATCH_SIZE]


def main(runs: list[str]) -> None:
    (train_digits, _), _ = data.load_mnist()
    x_val = make_moving_digits(train_digits, 100, 2, **GEOMETRY)
    x_val_in, y_val = lesson04.forecast_pairs(x_val)
    inputs, future = x_val[:, :10], x_val[:, 10:]
    sample = make_moving_digits(train_digits, 200, 1000, **GEOMETRY)
    floors = {
        "mean frame": metrics.mse_per_frame(future, baselines.mean_frame(sample, len(x_val))),
        "copy last frame": metrics.mse_per_frame(future, baselines.copy_last_frame(inputs)),
    }
    for name, mse in floors.items():
        print(f"{name}: next-frame MSE {mse[:, 0].mean():.2f}, 10-frame MSE {mse.mean():.2f}")
    for run in runs:
        variant, rate, *rest = run.split(":")
        epochs = int(rest[0]) if rest else 25
        seed = int(rest[1]) if len(rest) > 1 else 42
        session.set_seed(seed)
        model = VARIANTS[variant]()
        model.compile(optimizer=keras.optimizers.Adam(float(rate)), loss="binary_crossentropy")
        start = time.perf_counter()
        model.fit(fresh_batches(train_digits, epochs), epochs=epochs, shuffle=False, verbose=0,
                  steps_per_epoch=TRAIN_PER_EPOCH // BATCH_SIZE)
        seconds = time.perf_counter() - start
        val_loss = model.evaluate(x_val_in, y_val, verbose=0)
        mse = metrics.mse_per_frame(future, lesson04.predict_future(model, inputs))
        ratio = mse[:, 0].mean() / floors["mean frame"][:, 0].mean()
        print(f"{variant} rate {rate} epochs {epochs} seed {seed}: {model.count_params():,} "
              f"weights, val loss {val_loss:.4f}, next-frame MSE {mse[:, 0].mean():.2f} "
              f"({ratio:.3f} x mean frame), 10-frame MSE {mse.mean():.2f}, {seconds:.0f} s",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
