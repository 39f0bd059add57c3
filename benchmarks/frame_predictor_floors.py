"""Lesson 04's health checks in QUICK mode, over several seeds: where does a quick run land?

Trains both predictors of lesson 04 with the notebook's quick-mode sizes (2 epochs of 64 new
sequences, batches of 16, each model's own learning rate) for each seed given, and prints, on
the quick-mode test sequences (48, test digits, seed 3): next-frame MSE and the next frame's pixel
correlation with the truth, beside the mean frame's and copy-last-frame's, and the SPREAD of the
next frame: how much it differs between sequences (standard deviation over sequences, averaged
over pixels), as a share of the true frames' spread. A predictor of the background level or of
the mean frame draws the same frame for every sequence: spread 0. Results go to
benchmarks/cnn_lstm_predictor_sweep.md by hand.

    python benchmarks/frame_predictor_floors.py 42 1 2
"""

from __future__ import annotations

import sys

import numpy as np

from course_utils import baselines, data, metrics, session
from course_utils.moving_digits import make_moving_digits

session.setup(seed=42)

import keras  # noqa: E402

from course_utils.models import lesson04  # noqa: E402

GEOMETRY = {"frames": 20, "size": 32, "digits": 2, "digit_size": 14}
TRAIN_PER_EPOCH, EPOCHS, BATCH_SIZE = 64, 2, 16
RATES = {"ConvLSTM": 3e-3, "CNN-LSTM": 3e-3}
BUILDERS = {"ConvLSTM": lesson04.build_convlstm_predictor,
            "CNN-LSTM": lesson04.build_cnn_lstm_predictor}


def fresh_batches(train_digits):
    """The lesson's training data: epoch e, TRAIN_PER_EPOCH new sequences of seed 1000 + e."""
    for epoch in range(EPOCHS):
        videos = make_moving_digits(train_digits, TRAIN_PER_EPOCH, 1000 + epoch, **GEOMETRY)
        x, y = lesson04.forecast_pairs(videos)
        for start in range(0, TRAIN_PER_EPOCH, BATCH_SIZE):
            yield x[start:start + BATCH_SIZE], y[start:start + BATCH_SIZE]


def main(seeds: list[int]) -> None:
    (train_digits, _), (test_digits, _) = data.load_mnist()
    test = make_moving_digits(test_digits, 48, 3, **GEOMETRY)
    inputs, future = test[:, :10], test[:, 10:11]
    sample = make_moving_digits(train_digits, 200, 1000, **GEOMETRY)
    floors = {"mean frame": baselines.mean_frame(sample, len(test), 1),
              "copy last frame": baselines.copy_last_frame(inputs, 1)}

    def correlation(frames):  # Pearson, pixel by pixel, per sequence, averaged
        a = frames[:, 0].reshape(len(frames), -1) - frames[:, 0].mean(axis=(1, 2, 3))[:, None]
        b = future[:, 0].reshape(len(frames), -1) - future[:, 0].mean(axis=(1, 2, 3))[:, None]
        norm = np.sqrt((a * a).sum(1) * (b * b).sum(1))
        return float(np.mean(np.where(norm > 0, (a * b).sum(1) / np.maximum(norm, 1e-12), 0.0)))

    def spread(frames):
        return float(frames[:, 0].std(axis=0).mean() / future[:, 0].std(axis=0).mean())

    for name, guess in floors.items():
        print(f"{name}: next-frame MSE {metrics.mse_per_frame(future, guess).mean():.2f}, "
              f"correlation {correlation(guess):.3f}, spread {spread(guess):.3f}")
    for seed in seeds:
        for name, build in BUILDERS.items():
            session.set_seed(seed)
            model = build()
            model.compile(optimizer=keras.optimizers.Adam(RATES[name]),
                          loss="binary_crossentropy")
            model.fit(fresh_batches(train_digits), steps_per_epoch=TRAIN_PER_EPOCH // BATCH_SIZE,
                      epochs=EPOCHS, shuffle=False, verbose=0)
            guess = lesson04.predict_future(model, inputs)[:, :1]
            print(f"seed {seed} {name}: next-frame MSE "
                  f"{metrics.mse_per_frame(future, guess).mean():.2f}, correlation "
                  f"{correlation(guess):.3f}, spread {spread(guess):.3f}", flush=True)


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [42, 1, 2])
