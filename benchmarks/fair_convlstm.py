"""Lesson 03's fair comparison: ConvLSTM against CNN-LSTM, one budget, own learning rates, seeds.

Run from the repository root (about 40 minutes on a 2-core CPU, nearly all of it the ConvLSTM)::

    python benchmarks/fair_convlstm.py

Both models see the **same budget**: the same stream of the course's videos (frames of 25 x 65,
128 new videos in every epoch, ``streams.VideoStream``), the same schedule (Adam, the rate cut to
0.3 times after two epochs without a better validation loss), the same cap of ``BUDGET_EPOCHS``
epochs, stopping early at 100% validation accuracy. Each model trains at **its own learning
rate**: the best of ``GRID`` for seed 0, chosen on the validation videos
(``comparison.best_learning_rates``: highest final validation accuracy, then lowest loss), never on
the test videos. Then each model runs at its rate for **three seeds** (new weights, new videos:
``seeds_convlstm.data_seeds``) and classifies 400 test videos; seed 0's run is the sweep's run at
that rate, not trained twice.

The models are lesson 03's: ``convlstm.build_convlstm`` with 8 maps per layer and lesson 02's
CNN-LSTM (``cnn_lstm.build_cnn_lstm_folded``, ``LSTM(64)``). It writes
``notebooks/results/03_fair.json`` (and the package's copy for Colab), which lesson 03 displays.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "results" / "03_fair.json"
PACKAGED = ROOT / "course_utils" / "data_files" / "results" / "03_fair.json"

BUDGET_EPOCHS = 20
GRID = (1e-3, 3e-3, 1e-2)
SEEDS = (0, 1, 2)
RECIPE: dict[str, Any] = {
    "frames": 20,
    "height": 25,
    "width": 65,
    "convlstm_filters": 8,
    "lstm_units": 64,
    "train_per_class_per_epoch": 32,
    "val_per_class": 40,
    "test_per_class": 100,
    "batch_size": 16,
    "plateau": {"factor": 0.3, "patience": 2},
    "max_epochs": BUDGET_EPOCHS,
    "placement": "random",
}
MODELS = ("CNN-LSTM", "ConvLSTM")


def run_one(model_name: str, learning_rate: float, seed: int) -> dict[str, Any]:
    """Train and test one model at one learning rate for one seed, in this process."""
    start = time.perf_counter()
    from course_utils import runtime

    info = runtime.setup(seed=seed, verbose=False)
    from seeds_convlstm import data_seeds
    from stream_runs import train_and_test

    from course_utils.models import cnn_lstm, convlstm

    geometry = {key: RECIPE[key] for key in ("frames", "height", "width")}
    if model_name == "ConvLSTM":

        def build():
            return convlstm.build_convlstm(**geometry, filters=RECIPE["convlstm_filters"])
    else:

        def build():
            return cnn_lstm.build_cnn_lstm_folded(
                frames=RECIPE["frames"],
                frame_shape=(RECIPE["height"], RECIPE["width"], 1),
                lstm_units=RECIPE["lstm_units"],
            )

    measured = train_and_test(
        build,
        {**RECIPE, "learning_rate": learning_rate},
        data_seeds(seed),
        RECIPE["max_epochs"],
        **geometry,
    )
    return {
        "model": model_name,
        "learning_rate": learning_rate,
        "seed": seed,
        "keras": f"{info.keras_version} ({info.backend})",
        **measured,
        "total_seconds": round(time.perf_counter() - start, 1),
    }


def _progress(run: dict[str, Any]) -> None:
    """One line per finished run (the learning rate is chosen on ``val``, never on ``test``)."""
    keys = ("model", "learning_rate", "seed", "epochs_run", "train_seconds")
    shown = {key: run[key] for key in keys} | {"val": run["val_accuracy"][-1]}
    print(json.dumps(shown | {"test": run["test_accuracy"]}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    import pandas as pd
    from stream_runs import in_fresh_process, write_report

    from course_utils.comparison import best_learning_rates

    sweep = []
    for name in MODELS:
        for rate in GRID:
            sweep.append(in_fresh_process(run_one, name, rate, SEEDS[0]))
            _progress(sweep[-1])
    table = pd.DataFrame(
        [
            {
                "model": r["model"],
                "learning_rate": r["learning_rate"],
                "val_accuracy": r["val_accuracy"][-1],
                "val_loss": r["val_loss"][-1],
            }
            for r in sweep
        ]
    )
    chosen = best_learning_rates(table)
    print("chosen on validation:", chosen, flush=True)
    runs = [r for r in sweep if r["learning_rate"] == chosen[r["model"]]]
    for seed in SEEDS[1:]:
        for name in MODELS:
            runs.append(in_fresh_process(run_one, name, chosen[name], seed))
            _progress(runs[-1])

    report = {
        "recipe": RECIPE,
        "grid": list(GRID),
        "sweep_seed": SEEDS[0],
        "chosen_learning_rates": chosen,
        "sweep": sweep,
        "runs": runs,
    }
    write_report(report, args.out, OUT, PACKAGED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
