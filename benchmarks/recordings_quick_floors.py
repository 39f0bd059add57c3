"""Lesson 06 in quick mode over five seeds: what its health checks can assert at quick sizes.

Run from the repository root (a minute or two on a 2-core CPU)::

    COURSE_QUICK=1 python benchmarks/recordings_quick_floors.py

Repeats the lesson's recipe exactly (its ``RECIPES``, ``RATES``, validation quarter, rate sweep
with seed 42, training statistics) at the sizes of the mode it runs in, but trains every model
with seeds 0 to 4 instead of the lesson's quick seeds (0, 1), and prints each model's test
accuracy per seed next to the majority-class accuracy of the test split. The results are
summarised in ``benchmarks/captioner_rivals.md`` (section "Lesson 06").
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course_utils import recordings, session
from course_utils.data import stratified_split

session.setup(seed=42)
from course_utils.models import sequence_1d  # noqa: E402

pick = session.pick
RECIPES = {
    "BasicMotions": {"window": 10, "epochs": pick(full=30, quick=5), "batch_size": 8},
    "JapaneseVowels": {"window": 3, "epochs": pick(full=25, quick=3), "batch_size": 32},
}
RATES = (3e-3, 1e-2)
SEEDS = (0, 1, 2, 3, 4)

for name, recipe in RECIPES.items():
    d = recordings.load_recordings(name)
    time, channels, classes = d.x_train.shape[1], d.x_train.shape[2], len(d.class_names)
    masked = d.variable_length
    sizes = {"masked": masked}
    builds = {
        "CNN-LSTM": partial(sequence_1d.build_cnn_lstm_1d, time, channels, classes,
                            window=recipe["window"], **sizes),
        "LSTM": partial(sequence_1d.build_lstm, time, channels, classes, **sizes),
        "Conv1D + pooling": partial(sequence_1d.build_conv_pool, time, channels, classes, **sizes),
    }
    runners = {m: sequence_1d.SeedRunner(b) for m, b in builds.items()}
    fit_part, val_part = stratified_split(d.y_train, round(0.25 * len(d.y_train)), seed=0)
    mean, std = recordings.channel_stats(d.x_train[fit_part], d.lengths_train[fit_part])
    x = recordings.standardise(d.x_train, d.lengths_train, mean, std)
    _, chosen = sequence_1d.sweep_learning_rates(
        runners, (x[fit_part], d.y_train[fit_part]), (x[val_part], d.y_train[val_part]), RATES,
        seed=42, epochs=recipe["epochs"], batch_size=recipe["batch_size"])
    mean, std = recordings.channel_stats(d.x_train, d.lengths_train)
    x_train = recordings.standardise(d.x_train, d.lengths_train, mean, std)
    x_test = recordings.standardise(d.x_test, d.lengths_test, mean, std)
    runs = sequence_1d.seed_runs(runners, chosen, (x_train, d.y_train), (x_test, d.y_test),
                                 seeds=SEEDS, epochs=recipe["epochs"],
                                 batch_size=recipe["batch_size"])
    majority = np.bincount(d.y_test).max() / len(d.y_test)
    print(f"{name}: majority class {majority:.4f}, chance {1 / classes:.4f}, rates {chosen}")
    print(runs.pivot(index="model", columns="seed", values="accuracy").round(4).to_string())
