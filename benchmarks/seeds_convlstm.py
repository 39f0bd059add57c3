"""Train lesson 03's ConvLSTM recipe for three seeds and record what it took.

Run from the repository root (about 15 minutes on an idle 2-core CPU: 4 per seed for the course
recipe, and a few more for the short ReLU runs)::

    python benchmarks/seeds_convlstm.py
    python benchmarks/seeds_convlstm.py --tanh-runs earlier.json   # the ReLU runs only

It writes ``notebooks/results/03_seeds.json``, which lesson 03 displays. Each run happens in a fresh
process (so its peak memory is its own): seed the process, make a stream of training videos
(128 new ones in every epoch, ``streams.VideoStream``) and a fixed set of validation videos, train
the seed's 8-filter ConvLSTM on frames of 24 x 32 (Adam, its learning rate lowered along half a
cosine over the 40 epochs, ``callbacks.CosineSchedule``) for all 40 epochs, as lesson 03 does (a
schedule fixed in advance runs to its end), then classify 400 further fresh videos made from
another seed. The validation videos are scored after every epoch here (lesson 03 scores them every
fourth epoch: they only report, so the training is the same).

The same recipe with ReLU inside the ConvLSTM2D layers is run too, for its first epochs, for the
lesson's pitfall on activations (``--relu-epochs 0`` skips it).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "results" / "03_seeds.json"
#: The same file inside the package, read on Colab (``course_utils.trials.stored_result``).
PACKAGED = ROOT / "course_utils" / "data_files" / "results" / "03_seeds.json"

# The course recipe: the same values as the hyper-parameter cell of notebooks/03_convlstm.ipynb.
RECIPE: dict[str, Any] = {
    "frames": 20,
    "height": 24,
    "width": 32,
    "filters": 8,
    "train_per_class_per_epoch": 32,
    "val_per_class": 40,
    "test_per_class": 100,
    "batch_size": 16,
    "learning_rate": 3e-3,
    "schedule": "cosine",
    "max_epochs": 40,
    "activation": "tanh",
    "placement": "random",
    "dtype": "float32",
}
SEEDS = (0, 1, 2)
RELU_EPOCHS = 8  # the ReLU runs' cap: the first epochs of the course recipe
#: The original lesson's own ConvLSTM training on this machine (80 epochs, float64, 80 videos), as
#: measured for the course's performance issue; the course recipe must take at most a quarter.
SEED_RECIPE_SECONDS = 766.0


def data_seeds(seed: int) -> dict[str, int]:
    """Three generator seeds per run (training, validation, test), none used by the notebook."""
    return {"train": 100 + 10 * seed + 1, "val": 100 + 10 * seed + 2, "test": 100 + 10 * seed + 3}


def run_one(seed: int, activation: str, max_epochs: int) -> dict[str, Any]:
    """Train and test one model in this process; return what was measured."""
    start = time.perf_counter()
    from course_utils import session

    info = session.setup(seed=seed, verbose=False)
    from stream_runs import train_and_test

    from course_utils.models.lesson03 import build_convlstm

    geometry = {key: RECIPE[key] for key in ("frames", "height", "width")}
    seeds = data_seeds(seed)
    measured = train_and_test(
        lambda: build_convlstm(**geometry, activation=activation, filters=RECIPE["filters"]),
        RECIPE,
        seeds,
        max_epochs,
        **geometry,
    )
    return {
        "seed": seed,
        "activation": activation,
        "keras": f"{info.keras_version} ({info.backend})",
        "devices": list(info.devices),
        "data_seeds": seeds,
        **measured,
        "total_seconds": round(time.perf_counter() - start, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    parser.add_argument(
        "--relu-epochs", type=int, default=RELU_EPOCHS,
        help="epoch cap of the ReLU runs (0: skip them)",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--tanh-runs",
        type=Path,
        help="take the tanh runs from this earlier output of the same recipe; run the ReLU ones",
    )
    args = parser.parse_args(argv)
    from stream_runs import in_fresh_process, provenance, write_report

    started = provenance()  # date, commit and script, taken before the runs

    runs, relu_runs = [], []
    if args.tanh_runs:
        earlier = json.loads(args.tanh_runs.read_text())
        if earlier["recipe"] != RECIPE:
            parser.error(f"{args.tanh_runs} was made with another recipe: {earlier['recipe']}")
        runs = sorted(
            (run for run in earlier["runs"] if run["seed"] in args.seeds), key=lambda r: r["seed"]
        )
    for seed in [] if args.tanh_runs else args.seeds:
        runs.append(in_fresh_process(run_one, seed, RECIPE["activation"], RECIPE["max_epochs"]))
        print(json.dumps(runs[-1]), flush=True)
    if args.relu_epochs > 0:
        for seed in args.seeds:
            relu_runs.append(in_fresh_process(run_one, seed, "relu", args.relu_epochs))
            print(json.dumps(relu_runs[-1]), flush=True)

    report = {
        **started,
        "recipe": RECIPE,
        "relu_max_epochs": args.relu_epochs,
        "seed_recipe_seconds": SEED_RECIPE_SECONDS,
        "runs": runs,
        "relu_runs": relu_runs,
    }
    # The stored result holds the whole recipe: every seed, and the ReLU runs at their default cap.
    complete = sorted(args.seeds) == list(SEEDS) and args.relu_epochs == RELU_EPOCHS
    write_report(report, args.out, OUT, PACKAGED, complete=complete)
    return 0


if __name__ == "__main__":
    sys.exit(main())
