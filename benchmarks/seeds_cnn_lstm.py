"""Train lesson 02's three models with three seeds: test accuracy, epochs and wall time.

Run from the repository root (a few minutes on a quiet 2-core CPU)::

    python benchmarks/seeds_cnn_lstm.py       # writes notebooks/results/02_seeds.json

Every run happens in a fresh process: seed it, make a stream of training videos (64 new ones in
every epoch, ``streams.VideoStream``, the course's ``placement="random"`` videos) and a fixed set of
validation videos, train one model until the first epoch at which every validation video is right
(``callbacks.StopAtAccuracy``) or ``max_epochs``, then classify 400 further fresh videos made from
another seed. The models are those of the lesson, all built on the same frame CNN: the
CNN-LSTM with ``LSTM(64)`` (``build_cnn_lstm_folded``), the single-frame model (first frame) and the
order-blind model (features averaged over time); the two baselines train for as many epochs as
the CNN-LSTM of the same seed used (the same videos: the same budget), as in the lesson.
``train_seconds`` is the wall time of
``model.fit`` (the stream's video generation and the validation passes included); the test is
not counted.

The models other than the CNN-LSTM train at their own learning rate (``baseline_learning_rate``),
and on the seeds of ``--sweep-seeds`` (default: seed 0) also at the other rates of ``SWEEP_RATES``:
a small sweep, so that the lesson's comparison does not rest on a rate that suits the CNN-LSTM
only. "CNN-LSTM, LSTM(5)" is the original lesson's width (13,039 weights), trained like the
baselines: it shows why the lesson widens the LSTM.

The results go to ``notebooks/results/02_seeds.json`` and to the same file inside the package
(``course_utils/data_files/results``), which lesson 02 reads on Colab, where the repository's other
folders do not exist (``course_utils.trials.stored_result``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "results" / "02_seeds.json"
#: The same file inside the package, read on Colab (``course_utils.trials.stored_result``).
PACKAGED = ROOT / "course_utils" / "data_files" / "results" / "02_seeds.json"

#: The course recipe: the values of the hyper-parameter cell of notebook 02 in full mode.
RECIPE: dict[str, Any] = {
    "train_per_class_per_epoch": 64,
    "val_per_class": 50,
    "test_per_class": 100,
    "batch_size": 16,
    "learning_rate": 3e-3,  # the CNN-LSTM's
    "baseline_learning_rate": 1e-3,  # the other models' (at 3e-3 the order-blind model stalls)
    "max_epochs": 30,
    "lstm_activation": "tanh",
    "lstm_units": 64,  # the original lesson's LSTM(5) is the "CNN-LSTM, LSTM(5)" row
    "placement": "random",
    "dtype": "float32",
}
SEEDS = (0, 1, 2)
#: The lesson's names of the models, and their builders in ``course_utils.models.lesson02``.
MODELS = {
    "CNN-LSTM": "build_cnn_lstm_folded",
    "CNN-LSTM, LSTM(5)": "build_cnn_lstm_folded",
    "single-frame": "build_single_frame",
    "order-blind": "build_order_blind",
}
#: The learning rates of the sweep (``--sweep-seeds``): the models other than the CNN-LSTM, seed 0.
SWEEP_RATES = (1e-3, 3e-3, 1e-2)


def data_seeds(seed: int) -> dict[str, int]:
    """Generator seeds of one run (train, validation, test); the notebook uses 1, 2 and 3."""
    return {"train": 200 + 10 * seed + 1, "val": 200 + 10 * seed + 2, "test": 200 + 10 * seed + 3}


def run_one(model: str, seed: int, learning_rate: float, max_epochs: int) -> dict[str, Any]:
    """Train and test one model in this process; return what was measured."""
    from course_utils import session

    info = session.setup(seed=seed, verbose=False)
    from stream_runs import train_and_test

    from course_utils.models import lesson02

    build = getattr(lesson02, MODELS[model])
    if model == "CNN-LSTM":
        kwargs = {"lstm_activation": RECIPE["lstm_activation"], "lstm_units": RECIPE["lstm_units"]}
    elif model == "CNN-LSTM, LSTM(5)":
        kwargs = {"lstm_activation": RECIPE["lstm_activation"], "lstm_units": 5}
    else:  # the baselines: about as many weights as the CNN-LSTM
        kwargs = {"hidden_units": lesson02.baseline_units_like(RECIPE["lstm_units"])}
    seeds = data_seeds(seed)
    measured = train_and_test(
        lambda: build(**kwargs),
        {**RECIPE, "learning_rate": learning_rate},
        seeds,
        max_epochs,
        placement=RECIPE["placement"],
    )
    return {
        "model": model,
        "seed": seed,
        "learning_rate": learning_rate,
        "keras": f"{info.keras_version} ({info.backend})",
        "data_seeds": seeds,
        **measured,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument(
        "--sweep-seeds",
        type=int,
        nargs="*",
        default=[0],
        help="seeds on which the models other than the CNN-LSTM also run at the other SWEEP_RATES",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from stream_runs import in_fresh_process, provenance, write_report

    started = provenance()  # date, commit and script, taken before the runs

    runs, sweep = [], []
    for seed in args.seeds:
        # The CNN-LSTM first: the baselines then get its budget, as many epochs as it used.
        budget = RECIPE["max_epochs"]
        for model in sorted(args.models, key=lambda name: name != "CNN-LSTM"):
            rate = RECIPE["learning_rate" if model == "CNN-LSTM" else "baseline_learning_rate"]
            runs.append(in_fresh_process(run_one, model, seed, rate, budget))
            if model == "CNN-LSTM":
                budget = runs[-1]["epochs_run"]
            print(json.dumps({k: runs[-1][k] for k in ("model", "seed", "test_accuracy")}))
            others = [r for r in SWEEP_RATES if r != rate]
            for rate in others if model != "CNN-LSTM" and seed in args.sweep_seeds else ():
                sweep.append(in_fresh_process(run_one, model, seed, rate, budget))
                print(
                    json.dumps(
                        {
                            k: sweep[-1][k]
                            for k in ("model", "seed", "learning_rate", "test_accuracy")
                        }
                    ),
                    flush=True,
                )

    report = {
        **started,
        "recipe": RECIPE,
        "runs": runs,
        "learning_rate_sweep": sweep,
    }
    complete = (args.seeds == list(SEEDS) and args.models == list(MODELS)
                and args.sweep_seeds == [0])
    write_report(report, args.out, OUT, PACKAGED, complete=complete)
    return 0


if __name__ == "__main__":
    sys.exit(main())
