"""Lesson 03's fair comparison: ConvLSTM against CNN-LSTM, one budget, own learning rates, seeds.

Run from the repository root (nearly all of its time is the ConvLSTM: about 4 minutes per run of
40 epochs on an idle 2-core CPU)::

    python benchmarks/fair_convlstm.py [--log runs.jsonl]

Both models get **lesson 03's recipe**, the one its ConvLSTM trains with: the same stream of the
course's videos (frames of 24 x 32, 128 new videos in every epoch, ``streams.VideoStream``), 160
validation and 400 test videos, batches of 16, Adam with its rate lowered along half a cosine over
all 40 epochs (``callbacks.CosineSchedule``; a schedule fixed in advance runs to its end, no early
stop). Each model trains at **its own learning rate**: the best of ``GRID`` for seed 0, chosen on
the validation videos (the best learning rate: highest final validation accuracy, then
lowest loss), never on the test videos. Then each model runs at its rate for **three seeds** (new
weights, new videos: ``seeds_convlstm.data_seeds``) and classifies 400 test videos; seed 0's run is
the sweep's run at that rate, not trained twice.

The ConvLSTM at 3e-3 is lesson 03's own recipe, which ``benchmarks/seeds_convlstm.py`` has already
trained for seeds 0, 1 and 2 with the same data seeds, the same code path (``stream_runs
.train_and_test``, ``session.setup(seed=seed)``, lesson 03's ``build_convlstm``) and the same
settings: those runs are read from ``notebooks/results/03_seeds.json`` (after checking that its
recipe equals this one) instead of being trained again. ``--no-reuse`` trains them here.

The models are lesson 03's ``build_convlstm`` with 8 maps per layer (tanh) and lesson 02's
CNN-LSTM (``build_cnn_lstm_folded``, ``LSTM(64)``), from ``course_utils.models.lesson03`` and
``lesson02``. Every finished run is appended
to ``--log`` (JSON lines) and read back from it when the script is started again, so an
interrupted run resumes. It writes ``notebooks/results/03_fair.json`` (and the package's copy for
Colab), which lesson 03 displays. A logged run made with another recipe is trained again.
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
SEEDS_FILE = ROOT / "notebooks" / "results" / "03_seeds.json"
LOG = Path("/tmp/fair_convlstm_runs.jsonl")

GRID = (1e-3, 3e-3, 1e-2)
SEEDS = (0, 1, 2)
RECIPE: dict[str, Any] = {
    "frames": 20,
    "height": 24,
    "width": 32,
    "convlstm_filters": 8,
    "activation": "tanh",
    "lstm_units": 64,
    "train_per_class_per_epoch": 32,
    "val_per_class": 40,
    "test_per_class": 100,
    "batch_size": 16,
    "schedule": "cosine",
    "max_epochs": 40,
    "placement": "random",
    "dtype": "float32",
}
MODELS = ("CNN-LSTM", "ConvLSTM")
#: The keys of ``03_seeds.json``'s recipe that must equal this recipe's for its runs to be reused.
SHARED = {"filters": "convlstm_filters"} | {
    key: key
    for key in (
        "frames", "height", "width", "activation", "train_per_class_per_epoch", "val_per_class",
        "test_per_class", "batch_size", "schedule", "max_epochs", "placement", "dtype",
    )
}


def run_one(model_name: str, learning_rate: float, seed: int) -> dict[str, Any]:
    """Train and test one model at one learning rate for one seed, in this process."""
    start = time.perf_counter()
    from course_utils import session

    info = session.setup(seed=seed, verbose=False)
    from seeds_convlstm import data_seeds
    from stream_runs import train_and_test

    from course_utils.models.lesson02 import build_cnn_lstm_folded
    from course_utils.models.lesson03 import build_convlstm

    geometry = {key: RECIPE[key] for key in ("frames", "height", "width")}
    if model_name == "ConvLSTM":

        def build():
            return build_convlstm(
                **geometry, activation=RECIPE["activation"], filters=RECIPE["convlstm_filters"]
            )
    else:

        def build():
            return build_cnn_lstm_folded(
                frames=RECIPE["frames"],
                frame_shape=(RECIPE["height"], RECIPE["width"], 1),
                lstm_units=RECIPE["lstm_units"],
            )

    seeds = data_seeds(seed)
    measured = train_and_test(
        build, {**RECIPE, "learning_rate": learning_rate}, seeds, RECIPE["max_epochs"], **geometry
    )
    return {
        "model": model_name,
        "learning_rate": learning_rate,
        "seed": seed,
        "source": "trained by benchmarks/fair_convlstm.py",
        "keras": f"{info.keras_version} ({info.backend})",
        "data_seeds": seeds,
        **measured,
        "total_seconds": round(time.perf_counter() - start, 1),
    }


def reused_runs() -> dict[tuple[str, float, int], dict[str, Any]]:
    """The ConvLSTM runs at 3e-3 of ``03_seeds.json``, if its recipe is this one."""
    from seeds_convlstm import data_seeds

    stored = json.loads(SEEDS_FILE.read_text())
    theirs = stored["recipe"]
    differ = {
        k: (theirs.get(k), RECIPE[v]) for k, v in SHARED.items() if theirs.get(k) != RECIPE[v]
    }
    if differ:
        raise SystemExit(f"{SEEDS_FILE.name} has another recipe, cannot reuse it: {differ}")
    found = {}
    for run in stored["runs"]:
        other_data = run["data_seeds"] != data_seeds(run["seed"])
        if other_data or run["activation"] != RECIPE["activation"]:
            raise SystemExit(f"{SEEDS_FILE.name}: seed {run['seed']} used other data seeds")
        rate = theirs["learning_rate"]
        keep = {k: v for k, v in run.items() if k not in ("activation", "devices", "peak_rss_mb")}
        found["ConvLSTM", rate, run["seed"]] = {
            "model": "ConvLSTM",
            "learning_rate": rate,
            **keep,
            "source": "benchmarks/seeds_convlstm.py (notebooks/results/03_seeds.json), same recipe "
            "and videos",
        }
    return found


def _progress(run: dict[str, Any]) -> None:
    """One line per finished run (the learning rate is chosen on ``val``, never on ``test``)."""
    keys = ("model", "learning_rate", "seed", "epochs_run", "train_seconds")
    shown = {key: run[key] for key in keys} | {"val": run["val_accuracy"][-1]}
    print(json.dumps(shown | {"test": run["test_accuracy"], "from": run["source"]}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--log", type=Path, default=LOG, help="finished runs, one JSON per line")
    parser.add_argument("--no-reuse", action="store_true", help="train the 3e-3 ConvLSTM runs too")
    args = parser.parse_args(argv)
    import pandas as pd
    from stream_runs import in_fresh_process, provenance, write_report

    started = provenance()  # date, commit and script, taken before the runs
    done: dict[tuple[str, float, int], dict[str, Any]] = {} if args.no_reuse else reused_runs()
    if args.log.exists():
        for line in args.log.read_text().splitlines():
            run = json.loads(line)
            if run.get("recipe") != RECIPE:  # a run of an earlier recipe: train it again
                continue
            done.setdefault((run["model"], run["learning_rate"], run["seed"]), run)
            started = run.get("started", started)  # the date and commit of the first run

    def get(name: str, rate: float, seed: int) -> dict[str, Any]:
        key = (name, rate, seed)
        if key not in done:
            done[key] = in_fresh_process(run_one, name, rate, seed) | {
                "started": started, "recipe": RECIPE}
            with args.log.open("a") as log:
                log.write(json.dumps(done[key]) + "\n")
        _progress(done[key])
        return done[key]

    sweep = [get(name, rate, SEEDS[0]) for name in MODELS for rate in GRID]
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
    # Each model's best rate: the highest final validation accuracy, then the lowest loss.
    ranked = table.sort_values(["val_accuracy", "val_loss"], ascending=[False, True])
    best = ranked.groupby("model", sort=False).head(1)
    chosen = {str(m): float(r) for m, r in zip(best["model"], best["learning_rate"], strict=True)}
    print("chosen on validation:", chosen, flush=True)
    runs = [get(name, chosen[name], seed) for seed in SEEDS for name in MODELS]

    strip = lambda r: {k: v for k, v in r.items() if k not in ("started", "recipe")}  # noqa: E731
    report = {
        **started,
        "recipe": RECIPE,
        "grid": list(GRID),
        "sweep_seed": SEEDS[0],
        "chosen_learning_rates": chosen,
        "sweep": [strip(r) for r in sweep],
        "runs": [strip(r) for r in runs],
    }
    write_report(report, args.out, OUT, PACKAGED, complete=True)  # every model, rate and seed
    return 0


if __name__ == "__main__":
    sys.exit(main())
