"""Budgets for lesson 01's solutions (exercises 1-3), on the data the notebook uses.

Trains, on the notebook's pairs (same seeds), with one budget (pairs, epochs, batch size):
- exercise 1: the concatenated model on the two-digit numbers (order-dependent pairs, frame swap);
- exercise 2: the order-blind model and the CNN-LSTM on the sums of the two digits;
- exercise 3: the CNN-LSTM with the trained CNN's encoder frozen, against the same CNN-LSTM from
  scratch, same pairs, epochs and batches (validation accuracy per epoch, test accuracy).
The models are the lesson's own: imported from course_utils.models.lesson01 (written in lesson 01),
and the concatenated model read from its hidden solution cell in notebook 01 (not exported).

Usage (from the repository root, venv active):
    python benchmarks/solutions_01.py --pairs 6000 --epochs 3 --batch 64 --seeds 42
Prints one JSON line per model and seed; the results are summarised in benchmarks/solutions_01.md.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the maintainer tools live beside the package

from course_utils import data, session  # noqa: E402
from tools.export import solution_function  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--pairs", type=int, default=6000)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--seeds", type=int, nargs="+", default=[42])
parser.add_argument("--only", nargs="*", default=None, help="concatenated sums transfer")
args = parser.parse_args()

SEED = 42
session.setup(seed=SEED, verbose=False)
import keras  # noqa: E402

from course_utils.models.lesson01 import (  # noqa: E402  (written in lesson 01)
    build_cnn,
    build_cnn_lstm,
    build_frame_encoder,
    build_order_blind,
)

NOTEBOOK = ROOT / "notebooks" / "01_mnist_cnn_vs_cnn_lstm.ipynb"


def solution_builder(name):
    """The function ``name`` that a hidden solution cell of notebook 01 defines."""
    namespace = {"keras": keras, "layers": keras.layers, "build_frame_encoder": build_frame_encoder}
    return solution_function(NOTEBOOK, name, namespace)


build_concatenated = solution_builder("build_concatenated")

(x_train_digits, y_train), (x_test_digits, y_test) = data.load_mnist()
(x_fit_digits, y_fit), (x_val_digits, y_val) = data.shuffled_split(
    x_train_digits, y_train, 0.1, seed=SEED)
x_fit = data.prepare_images(x_fit_digits)
x_fit_seq, y_fit_seq = data.make_digit_sequences(x_fit_digits, y_fit, 24_000, seed=SEED + 1)
x_val_seq, y_val_seq = data.make_digit_sequences(x_val_digits, y_val, 3_000, seed=SEED + 2)
x_test_seq, y_test_seq = data.make_digit_sequences(x_test_digits, y_test, 5_000, seed=SEED + 3)
differ = y_test_seq // 10 != y_test_seq % 10
small = slice(0, args.pairs)
only = set(args.only or ["concatenated", "sums", "transfer"])


def sums(y_seq):
    return y_seq // 10 + y_seq % 10


def report(**row):
    print(json.dumps({"pairs": args.pairs, "epochs": args.epochs, "batch": args.batch, **row}),
          flush=True)


def train(model, x, y, validation=None):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x, y, epochs=args.epochs, batch_size=args.batch,
                        validation_data=validation, verbose=0)
    return history, time.perf_counter() - start


def predict(model, x):
    return model.predict(x, verbose=0).argmax(-1)


encoder_weights = None
if "transfer" in only:
    session.set_seed(SEED)
    cnn = build_cnn()
    cnn.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    cnn.fit(x_fit, keras.utils.to_categorical(y_fit, 10), epochs=20, batch_size=300, verbose=0)
    encoder_weights = cnn.get_layer("frame_encoder").get_weights()

for seed in args.seeds:
    if "concatenated" in only:
        session.set_seed(seed)
        model = build_concatenated()
        _, seconds = train(model, x_fit_seq[small], y_fit_seq[small])
        pred = predict(model, x_test_seq)
        swap = predict(model, x_test_seq[:, ::-1]) != pred
        report(seed=seed, model="concatenated", seconds=round(seconds, 1),
               test_all=round(float(np.mean(pred == y_test_seq)), 4),
               test_differ=round(float(np.mean(pred[differ] == y_test_seq[differ])), 4),
               swap_changes=round(float(swap[differ].mean()), 4))
    if "sums" in only:
        for name, builder in [("order-blind", build_order_blind), ("CNN-LSTM", build_cnn_lstm)]:
            session.set_seed(seed)
            model = builder(frames=2, n_classes=19)
            _, seconds = train(model, x_fit_seq[small], sums(y_fit_seq[small]))
            pred = predict(model, x_test_seq)
            swap = predict(model, x_test_seq[:, ::-1]) != pred
            report(seed=seed, model=f"sums {name}", seconds=round(seconds, 1),
                   test=round(float(np.mean(pred == sums(y_test_seq))), 4),
                   swap_changes=round(float(swap[differ].mean()), 4))
    if "transfer" in only:
        for name in ("frozen", "scratch"):
            session.set_seed(seed)
            model = build_cnn_lstm(frames=2, lstm_units=32)
            if name == "frozen":
                encoder = model.get_layer("per_frame_cnn").layer
                encoder.set_weights(encoder_weights)
                encoder.trainable = False
            history, seconds = train(model, x_fit_seq[small], y_fit_seq[small],
                                     validation=(x_val_seq, y_val_seq))
            pred = predict(model, x_test_seq)
            report(seed=seed, model=f"transfer {name}", seconds=round(seconds, 1),
                   val=[round(v, 4) for v in history.history["val_accuracy"]],
                   test=round(float(np.mean(pred == y_test_seq)), 4))
