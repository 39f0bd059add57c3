"""Lesson 02, exercise 4: a fixed set of 256 videos seen again and again, against the stream.

Trains the lesson's CNN-LSTM (LSTM(64), Adam 3e-3, batches of 16, seed 42, the notebook's data
seeds) on the first epoch's 256 stream videos only, for ``--epochs`` epochs, and prints training
and validation accuracy after every epoch: where (and whether) a gap opens between the videos
seen many times and new ones. Results: benchmarks/fixed_set_02.md.

    python benchmarks/fixed_set_02.py --epochs 20
"""

import argparse

from course_utils import session, streams, video

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--seed", type=int, default=42)
args = parser.parse_args()

session.setup(seed=args.seed, verbose=False)
import keras  # noqa: E402  (after setup, so that TensorFlow starts quietly)

from course_utils.models.lesson02 import build_cnn_lstm_folded  # noqa: E402

stream = streams.VideoStream(64, seed=1, epochs=args.epochs, batch_size=16)
x_train, y_train = stream.epoch_videos(0)
x_val, y_val, _ = video.make_videos(50, seed=2)
session.set_seed(args.seed)
model = build_cnn_lstm_folded(lstm_units=64)
model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=args.epochs, batch_size=16,
                    validation_data=(x_val, y_val), verbose=0)
for epoch, (train_acc, val_acc) in enumerate(zip(history.history["accuracy"],
                                                 history.history["val_accuracy"], strict=True), 1):
    print(f"seed {args.seed} epoch {epoch:2d}: training {train_acc:.3f} validation {val_acc:.3f}",
          flush=True)
