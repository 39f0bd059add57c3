"""Lesson 04: the predictors' learning rates and training budgets, chosen on VALIDATION data.

Trains a predictor of lesson 04 exactly as the lesson trains it (fresh training sequences every
epoch, seeds 1000 + epoch, batches of 16, Adam) and scores each run on the lesson's 100 validation
sequences (training digits, seed 2): next-frame MSE and SSIM, 10-frame MSE and MAE, beside the mean
frame and copy-last-frame on the same sequences. Test sequences are never touched.

    python benchmarks/cnn_lstm_predictor_sweep.py \
        MODEL:RATE[:EPOCHS[:SEED[:SCHEDULE[:PER_EPOCH[:BATCH]]]]] ...

MODEL is ``skip`` (the lesson's CNN-LSTM, whose decoder also sees the frame of its step) or
``convlstm``; EPOCHS defaults to 25, SEED to 42; SCHEDULE is ``constant`` (the default) or
``cosine`` (``callbacks.CosineSchedule`` over the EPOCHS); PER_EPOCH, the new training sequences
of every epoch, defaults to 800, and BATCH to 16. E.g. ``skip:3e-3 convlstm:3e-3:12:42:cosine:600``.
Prints the scores after every epoch and one line per run; results go to
benchmarks/cnn_lstm_predictor_sweep.md and benchmarks/lesson04_time.md by hand.
"""

from __future__ import annotations

import sys
import time

from course_utils import baselines, callbacks, data, metrics, session
from course_utils.moving_digits import make_moving_digits

session.setup(seed=42)

import keras  # noqa: E402

from course_utils.models import lesson04  # noqa: E402

GEOMETRY = {"frames": 20, "size": 32, "digits": 2, "digit_size": 14}
TRAIN_PER_EPOCH, BATCH_SIZE = 800, 16
VARIANTS = {"skip": lesson04.build_cnn_lstm_predictor,
            "convlstm": lesson04.build_convlstm_predictor}


def fresh_batches(train_digits, epochs, per_epoch=TRAIN_PER_EPOCH, batch_size=BATCH_SIZE):
    """The lesson's training data: epoch e, `per_epoch` new sequences of seed 1000 + e."""
    for epoch in range(epochs):
        videos = make_moving_digits(train_digits, per_epoch, 1000 + epoch, **GEOMETRY)
        x, y = lesson04.forecast_pairs(videos)
        for start in range(0, per_epoch, batch_size):
            yield x[start:start + batch_size], y[start:start + batch_size]


def scores(future, forecast):
    """Next-frame MSE and SSIM, 10-frame MSE and MAE of a forecast."""
    s = metrics.per_frame(future, forecast)
    return {"next MSE": s["MSE"][:, 0].mean(), "next SSIM": s["SSIM"][:, 0].mean(),
            "10-frame MSE": s["MSE"].mean(), "10-frame MAE": s["MAE"].mean()}


class EpochScores(keras.callbacks.Callback):
    """After every epoch, the validation scores of the forecast (one short line each)."""

    def __init__(self, inputs, future):
        super().__init__()
        self.inputs, self.future = inputs, future

    def on_epoch_end(self, epoch, logs=None):
        values = scores(self.future, lesson04.predict_future(self.model, self.inputs))
        print(f"  epoch {epoch + 1}: val loss {logs['val_loss']:.4f}, {line(values)}", flush=True)


def line(values):
    return ", ".join(f"{k} {v:.3f}" if "SSIM" in k else f"{k} {v:.2f}" for k, v in values.items())


def main(runs: list[str]) -> None:
    (train_digits, _), _ = data.load_mnist()
    x_val = make_moving_digits(train_digits, 100, 2, **GEOMETRY)
    x_val_in, y_val = lesson04.forecast_pairs(x_val)
    inputs, future = x_val[:, :10], x_val[:, 10:]
    sample = make_moving_digits(train_digits, 200, 1000, **GEOMETRY)
    floors = {"mean frame": baselines.mean_frame(sample, len(x_val)),
              "copy last frame": baselines.copy_last_frame(inputs)}
    for name, forecast in floors.items():
        print(f"{name}: {line(scores(future, forecast))}")
    for run in runs:
        variant, rate, *rest = run.split(":")
        epochs = int(rest[0]) if rest else 25
        seed = int(rest[1]) if len(rest) > 1 else 42
        schedule = rest[2] if len(rest) > 2 else "constant"
        per_epoch = int(rest[3]) if len(rest) > 3 else TRAIN_PER_EPOCH
        batch_size = int(rest[4]) if len(rest) > 4 else BATCH_SIZE
        session.set_seed(seed)
        model = VARIANTS[variant]()
        model.compile(optimizer=keras.optimizers.Adam(float(rate)), loss="binary_crossentropy")
        log = callbacks.EpochLogger(epochs, show=False)
        extra = [callbacks.CosineSchedule(float(rate), epochs)] if schedule == "cosine" else []
        start = time.perf_counter()
        history = model.fit(fresh_batches(train_digits, epochs, per_epoch, batch_size),
                            epochs=epochs, shuffle=False, verbose=0,
                            steps_per_epoch=per_epoch // batch_size,
                            validation_data=(x_val_in, y_val),
                            callbacks=[*extra, log, EpochScores(inputs, future)])
        seconds = time.perf_counter() - start
        curve = " ".join(f"{v:.4f}" for v in history.history["val_loss"])
        print(f"{variant} rate {rate} {schedule} epochs {epochs} x {per_epoch} batch {batch_size} "
              f"seed {seed}: "
              f"{model.count_params():,} weights, val loss {curve}; "
              f"{line(scores(future, lesson04.predict_future(model, inputs)))}; {seconds:.0f} s",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
