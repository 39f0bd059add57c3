"""Lesson 06 in quick mode over five seeds: what its health checks can assert at quick sizes.

Run from the repository root (a minute or two on a 2-core CPU)::

    COURSE_QUICK=1 python benchmarks/recordings_quick_floors.py

Repeats the lesson's recipe exactly (its ``RECIPES``, ``RATES``, model sizes, validation quarter,
rate sweep with seed 42, training statistics) at the sizes of the mode it runs in, but trains every
model with seeds 0 to 4 instead of the lesson's quick seeds (0, 1), and prints each model's test
accuracy per seed next to the majority-class accuracy of the test split. The results are
summarised in ``benchmarks/captioner_rivals.md`` (section "Lesson 06").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from course_utils import data, recordings, session, trials

session.setup(seed=42)
import keras  # noqa: E402

from course_utils.models.lesson06 import (  # noqa: E402  (written in lesson 06)
    build_cnn_lstm_1d,
    build_conv_pool,
    build_lstm,
)

pick = session.pick
RECIPES = {
    "BasicMotions": {"window": 10, "epochs": pick(full=30, quick=5), "batch_size": 8},
    "JapaneseVowels": {"window": 3, "epochs": pick(full=25, quick=3), "batch_size": 32},
}
FILTERS, KERNEL_SIZE, LSTM_UNITS, POOL_FILTERS = 16, 3, 32, 64
RATES = (3e-3, 1e-2)
SEEDS = (0, 1, 2, 3, 4)



def models_for(d, window):
    """The lesson's three models for the recordings ``d``, as functions building a fresh one."""
    time, channels, classes = d.x_train.shape[1], d.x_train.shape[2], len(d.class_names)
    masked = d.variable_length
    return {
        "CNN-LSTM": lambda: build_cnn_lstm_1d(time, channels, classes, window=window,
                                              filters=FILTERS, kernel_size=KERNEL_SIZE,
                                              lstm_units=LSTM_UNITS, masked=masked),
        "LSTM": lambda: build_lstm(time, channels, classes, units=LSTM_UNITS, masked=masked),
        "Conv1D + pooling": lambda: build_conv_pool(time, channels, classes, filters=POOL_FILTERS,
                                                    kernel_size=KERNEL_SIZE, masked=masked),
    }


archive = {name: recordings.load_recordings(name) for name in RECIPES}
MODELS = {name: models_for(d, RECIPES[name]["window"]) for name, d in archive.items()}
parts = {}  # (data set, part) -> ((x, y) to train on, (x, y) to score on), as in the lesson
for name, d in archive.items():
    fit_part, val_part = data.stratified_split(d.y_train, round(0.25 * len(d.y_train)), seed=0)
    mean, std = recordings.channel_stats(d.x_train[fit_part], d.lengths_train[fit_part])
    x = recordings.standardise(d.x_train, d.lengths_train, mean, std)
    parts[name, "validation"] = ((x[fit_part], d.y_train[fit_part]),
                                 (x[val_part], d.y_train[val_part]))
    mean, std = recordings.channel_stats(d.x_train, d.lengths_train)
    parts[name, "test"] = ((recordings.standardise(d.x_train, d.lengths_train, mean, std),
                            d.y_train),
                           (recordings.standardise(d.x_test, d.lengths_test, mean, std), d.y_test))


def train_once(seed, dataset, model, learning_rate, part):
    (x_train, y_train), (x_score, y_score) = parts[dataset, part]
    recipe = RECIPES[dataset]
    net = MODELS[dataset][model]()
    net.compile(optimizer=keras.optimizers.Adam(learning_rate),
                loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    net.fit(x_train, y_train, epochs=recipe["epochs"], batch_size=recipe["batch_size"], verbose=0)
    loss, accuracy = net.evaluate(x_score, y_score, verbose=0)
    return {"accuracy": accuracy, "loss": loss}


sweep = trials.run(train_once, [42], dataset=list(RECIPES), model=list(MODELS["BasicMotions"]),
                   learning_rate=RATES, part=["validation"])
ranked = sweep.sort_values(["accuracy", "loss"], ascending=[False, True])
chosen = ranked.groupby(["dataset", "model"]).head(1).set_index(["dataset", "model"])
chosen = chosen["learning_rate"].sort_index()
for name, d in archive.items():
    runs = pd.concat([trials.run(train_once, SEEDS, dataset=[name], model=[model],
                                 learning_rate=[chosen[name, model]], part=["test"])
                      for model in MODELS[name]])
    majority = np.bincount(d.y_test).max() / len(d.y_test)
    print(f"{name}: majority class {majority:.4f}, chance {1 / len(d.class_names):.4f}, "
          f"rates {chosen[name].to_dict()}")
    print(runs.pivot(index="model", columns="seed", values="accuracy").round(4).to_string())
