"""Lesson 04: a learning rate (and a shape) for the CNN-LSTM predictor, chosen on VALIDATION data.

Trains CNN-LSTM predictor variants exactly as the lesson trains its models (fresh training
sequences every epoch, seeds 1000 + epoch, batches of 16) and scores each on the lesson's
100 validation sequences (training digits, seed 2): next-frame MSE and 10-frame MSE, beside the
mean frame and copy-last-frame on the same sequences. Test sequences are never touched.

    python benchmarks/cnn_lstm_predictor_sweep.py VARIANT:RATE[:EPOCHS[:SEED]] ...

e.g. ``skip:3e-3 skip:1e-2:25``. Prints one line per run; results go to
benchmarks/cnn_lstm_predictor_sweep.md by hand.
"""

from __future__ import annotations

import sys
import time

from course_utils import data, metrics, session
from course_utils.moving_digits import make_moving_digits

session.setup(seed=42)

from course_utils.models import frame_prediction as fp  # noqa: E402

GEOMETRY = {"frames": 20, "size": 32, "digits": 2, "digit_size": 14}
TRAIN_PER_EPOCH, BATCH_SIZE = 800, 16


def main(runs: list[str]) -> None:
    (train_digits, _), _ = data.load_mnist()
    x_val = make_moving_digits(train_digits, 100, 2, **GEOMETRY)
    x_val_in, y_val = fp.forecast_pairs(x_val)
    inputs, future = x_val[:, :10], x_val[:, 10:]
    sample = make_moving_digits(train_digits, 200, 1000, **GEOMETRY)
    floors = {
        "mean frame": metrics.mse_per_frame(future, fp.mean_frame(sample, len(x_val))),
        "copy last frame": metrics.mse_per_frame(future, fp.copy_last_frame(inputs)),
    }
    for name, mse in floors.items():
        print(f"{name}: next-frame MSE {mse[:, 0].mean():.2f}, 10-frame MSE {mse.mean():.2f}")
    for run in runs:
        variant, rate, *rest = run.split(":")
        epochs = int(rest[0]) if rest else 25
        seed = int(rest[1]) if len(rest) > 1 else 42
        session.set_seed(seed)
        model = fp.build_cnn_lstm_predictor(**VARIANTS[variant])
        fp.compile_predictor(model, float(rate))
        start = time.perf_counter()
        for epoch in range(epochs):
            videos = make_moving_digits(train_digits, TRAIN_PER_EPOCH, 1000 + epoch, **GEOMETRY)
            x, y = fp.forecast_pairs(videos)
            model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
        seconds = time.perf_counter() - start
        val_loss = model.evaluate(x_val_in, y_val, verbose=0)[0]
        mse = metrics.mse_per_frame(future, fp.predict_future(model, inputs))
        ratio = mse[:, 0].mean() / floors["mean frame"][:, 0].mean()
        print(f"{variant} rate {rate} epochs {epochs} seed {seed}: {model.count_params():,} "
              f"weights, val loss {val_loss:.4f}, next-frame MSE {mse[:, 0].mean():.2f} "
              f"({ratio:.3f} x mean frame), 10-frame MSE {mse.mean():.2f}, {seconds:.0f} s",
              flush=True)


# "skip" is build_cnn_lstm_predictor as lesson 04 uses it. The runs named "base" in
# cnn_lstm_predictor_sweep.md used the builder of commit b94d1ca (no skip around the LSTM: the
# decoder drew each frame from the LSTM's output alone), which this module no longer has.
VARIANTS = {
    "skip": {},
}


if __name__ == "__main__":
    main(sys.argv[1:])
