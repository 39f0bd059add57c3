"""Train lesson 02's CNN-LSTM recipe with three seeds: epochs, wall time and test accuracy.

Run from the repository root (a few minutes on a 2-core CPU; most of it the harder variant)::

    python benchmarks/seeds_cnn_lstm.py                      # notebooks/results/02_seeds.json
    python benchmarks/seeds_cnn_lstm.py --anywhere-epochs 0  # skip the harder variant

Every run happens in a fresh process: seed it, make a stream of training videos (64 new ones in
every epoch, ``streams.VideoStream``) and a fixed set of validation videos, train the seed's
13,039-weight CNN-LSTM (``build_cnn_lstm_folded``) until the first epoch at which every
validation video is right (``training.StopAtAccuracy``) or ``max_epochs``, then classify 400 further
fresh videos made from another seed. ``train_seconds`` is the wall time of ``training.fit``
(the stream's video generation and the validation passes included); the test is not counted.

The same recipe is also run on the harder data of the lesson's exercise 2
(``constant_place="anywhere"``: the constant square parks at a random place, sometimes where the
moving squares end), so that the exercise has a measured answer.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "results" / "02_seeds.json"

#: The course recipe: the values of the hyper-parameter cell of notebook 02 in full mode.
RECIPE: dict[str, Any] = {
    "train_per_class_per_epoch": 16,
    "val_per_class": 25,
    "test_per_class": 100,
    "batch_size": 16,
    "learning_rate": 1e-2,
    "max_epochs": 15,
    "lstm_activation": "tanh",
    "constant_place": "centre",
    "dtype": "float32",
}
SEEDS = (0, 1, 2)


def data_seeds(seed: int) -> dict[str, int]:
    """Generator seeds of one run (train, validation, test); the notebook uses 1, 2 and 3."""
    return {"train": 200 + 10 * seed + 1, "val": 200 + 10 * seed + 2, "test": 200 + 10 * seed + 3}


def run_one(seed: int, constant_place: str, max_epochs: int) -> dict[str, Any]:
    """Train and test one model in this process; return what was measured."""
    from course_utils import runtime

    info = runtime.setup(seed=seed, verbose=False)
    from stream_runs import train_and_test

    from course_utils.models import cnn_lstm

    seeds = data_seeds(seed)
    measured = train_and_test(
        lambda: cnn_lstm.build_cnn_lstm_folded(lstm_activation=RECIPE["lstm_activation"]),
        RECIPE,
        seeds,
        max_epochs,
        constant_place=constant_place,
    )
    return {
        "seed": seed,
        "constant_place": constant_place,
        "keras": f"{info.keras_version} ({info.backend})",
        "data_seeds": seeds,
        **measured,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument(
        "--anywhere-epochs",
        type=int,
        default=RECIPE["max_epochs"],
        help="epoch cap of the constant_place='anywhere' runs (0: skip them)",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    from stream_runs import in_fresh_process

    runs = []
    for seed in args.seeds:
        runs.append(in_fresh_process(run_one, seed, RECIPE["constant_place"], RECIPE["max_epochs"]))
        print(json.dumps(runs[-1]), flush=True)
    anywhere_runs = []
    for seed in args.seeds if args.anywhere_epochs > 0 else ():
        anywhere_runs.append(in_fresh_process(run_one, seed, "anywhere", args.anywhere_epochs))
        print(json.dumps(anywhere_runs[-1]), flush=True)

    report = {
        "recipe": RECIPE,
        "anywhere_max_epochs": args.anywhere_epochs,
        "machine": f"{platform.machine()}, {multiprocessing.cpu_count()} CPU cores",
        "python": platform.python_version(),
        "runs": runs,
        "anywhere_runs": anywhere_runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
