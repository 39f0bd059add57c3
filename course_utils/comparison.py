"""Fair comparisons of models: one training budget, each model's own learning rate, several seeds.

A claim such as "model A beats model B on this task" holds only if B was not handicapped: both
get the **same budget** (here the same training videos and the same cap on epochs), each trains at
the **learning rate that suits it** (the best of a small grid, chosen on validation data, never on
the test videos), and the result is repeated for **several random seeds** and given as a mean and a
spread. This module holds that plumbing, so that a lesson's cells stay short:

* :func:`train_and_measure`: one training run with a stopping rule, timed;
* :func:`sweep_learning_rates`: every model at every learning rate of a grid, scored on validation
  data; :func:`best_learning_rates` picks each model's winner;
* :func:`seed_runs`: every model at its own learning rate, once per seed, scored on test data;
* :func:`summarize`: mean, standard deviation, minimum and maximum per model, as a DataFrame;
* :func:`stored_result` and :func:`check_recipe`: a result stored by a benchmark script (too long
  to train in a lesson), and the check that it was made with the lesson's own settings;
* :func:`next_to_published` and :func:`gaps_to_published`: seed runs on a public data set beside
  published accuracies (each with its source), and one model's distance to them.

Data come as ``splits``: a mapping ``{"train": (x, y), "val": (x, y), "test": (x, y)}`` (the same
videos for every seed), or a function ``splits(seed)`` returning one (new videos for every seed).
Videos are ``(samples, time, rows, cols, channels)`` arrays, labels integer ``(samples,)`` arrays.
Builders are functions without arguments that return an uncompiled Keras classifier.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from course_utils import callbacks, metrics, session, training
from course_utils.checks import learning_rate as check_learning_rate
from course_utils.checks import positive_int
from course_utils.session import import_keras

keras = import_keras()

Arrays = tuple[np.ndarray, np.ndarray]
Splits = Mapping[str, Arrays]
SplitsOrMaker = Splits | Callable[[int], Splits]
Builder = Callable[[], Any]

#: Where lesson results that take too long to compute in a notebook are stored in the repository
#: (``notebooks/results``) and, for Colab, inside the installed package.
PACKAGED_RESULTS = "data_files/results"


def _check_builders(builders: Any) -> dict[str, Builder]:
    if not isinstance(builders, Mapping) or not builders:
        raise TypeError(
            "builders must be a non-empty mapping {name: function returning a model}, "
            f"got {type(builders).__name__}"
        )
    for name, build in builders.items():
        if not callable(build):
            raise TypeError(f"builders[{name!r}] must be callable, got {type(build).__name__}")
    return dict(builders)


def _splits_for(splits: SplitsOrMaker, seed: int, needed: Sequence[str]) -> Splits:
    found = splits(seed) if callable(splits) else splits
    if not isinstance(found, Mapping):
        raise TypeError(
            f"splits must be a mapping or a function of the seed returning one, "
            f"got {type(found).__name__}"
        )
    for key in needed:
        if key not in found or len(found[key]) != 2:
            raise ValueError(f"splits needs {key!r}: (x, y); it has {sorted(found)}")
    return found


def video_splits(
    seed: int,
    sizes: Mapping[str, int],
    make: Callable[..., tuple[np.ndarray, np.ndarray, tuple[str, ...]]] | None = None,
    **video_kwargs: Any,
) -> dict[str, Arrays]:
    """Training, validation and test videos for one seed, each split made from a seed of its own.

    Args:
        seed: the run's seed (>= 0); split ``k`` (in the order of ``sizes``) is made with the
            generator seed ``streams.epoch_seed(seed, 1000 + k)``, so no two splits, and no two
            seeds, share videos.
        sizes: clips per class of each split, e.g. ``{"train": 120, "val": 40, "test": 100}``.
        make: ``video.make_videos`` (default) or ``video.make_clutter_videos``.
        **video_kwargs: passed to ``make`` (geometry, ``distractors``, ``span``, ...).

    Returns:
        ``{split: (x, y)}`` with x ``(samples, time, rows, cols, 1)`` float32, y int64.
    """
    from course_utils.streams import epoch_seed
    from course_utils.video import make_videos

    seed = positive_int("seed", seed, minimum=0)
    if not isinstance(sizes, Mapping) or not sizes:
        raise TypeError(f"sizes must be a mapping {{split: clips per class}}, got {sizes!r}")
    make = make_videos if make is None else make
    found = {}
    for k, (split, per_class) in enumerate(sizes.items()):
        per_class = positive_int(f"sizes[{split!r}]", per_class)
        x, y, _ = make(per_class, epoch_seed(seed, 1000 + k), **video_kwargs)
        found[split] = (x, y)
    return found


def train_and_measure(
    model: keras.Model,
    train: keras.utils.PyDataset | Arrays,
    validation: Arrays,
    *,
    epochs: int,
    batch_size: int = 16,
    target: float = 1.0,
    verbose: bool = True,
) -> dict[str, Any]:
    """Train a compiled ``model`` until its validation accuracy reaches ``target``, or ``epochs``.

    Calls ``course_utils.training.fit`` (input checks, one line per epoch, epoch timings), which
    makes the plain Keras call::

        model.fit(x, y, epochs=epochs, batch_size=batch_size, validation_data=validation,
                  callbacks=[timer, StopAtAccuracy(target), logger], verbose=0)

    Args:
        model: a compiled classifier for integer labels.
        train: a ``streams.VideoStream`` (fresh videos in every epoch) or a fixed ``(x, y)`` pair.
        validation: ``(x_val, y_val)``: decides when to stop, nothing else.
        epochs: the cap on epochs (the budget).
        batch_size: samples per step (a stream has its own).
        target: validation accuracy at which training stops.
        verbose: print one line per epoch.

    Returns:
        ``{"history", "weights", "epochs_run", "epochs_to_target" (None if not reached),
        "train_seconds", "seconds_per_epoch", "val_accuracy"}``.
    """
    epochs = positive_int("epochs", epochs)
    batch_size = positive_int("batch_size", batch_size)
    if isinstance(train, keras.utils.PyDataset):
        data: tuple = (train,)
    elif isinstance(train, (tuple, list)) and len(train) == 2:
        data = tuple(train)
    else:
        raise TypeError(
            f"train must be a VideoStream or an (x, y) pair, got {type(train).__name__}"
        )
    stop = callbacks.StopAtAccuracy(target)
    start = time.perf_counter()
    history = training.fit(
        model, *data, epochs=epochs, batch_size=batch_size, validation_data=tuple(validation),
        callbacks=[stop], verbose=verbose,
    )
    seconds = time.perf_counter() - start
    return {
        "history": history,
        "weights": int(model.count_params()),
        "epochs_run": len(history.epoch_seconds),
        "epochs_to_target": stop.stopped_epoch,
        "train_seconds": seconds,
        "seconds_per_epoch": float(np.mean(history.epoch_seconds)),
        "val_accuracy": float(history.history["val_accuracy"][-1]),
        "val_loss": float(history.history["val_loss"][-1]),
    }


def _one_run(
    name: str,
    build: Builder,
    learning_rate: float,
    data: Splits,
    seed: int,
    epochs: int,
    batch_size: int,
    verbose: bool,
) -> tuple[dict[str, Any], keras.Model]:
    from course_utils.models.cnn_lstm import compile_classifier

    session.set_seed(seed)  # the weights' initial values and the order of the batches
    model = compile_classifier(build(), learning_rate)
    run = train_and_measure(
        model, data["train"], data["val"], epochs=epochs, batch_size=batch_size, verbose=verbose
    )
    row = {
        "model": name,
        "seed": seed,
        "learning_rate": learning_rate,
        "epochs_run": run["epochs_run"],
        "train_seconds": run["train_seconds"],
        "val_accuracy": run["val_accuracy"],
        "val_loss": run["val_loss"],
    }
    return row, model


def sweep_learning_rates(
    builders: Mapping[str, Builder],
    grid: Sequence[float],
    splits: SplitsOrMaker,
    *,
    seed: int,
    epochs: int,
    batch_size: int = 16,
    verbose: bool = False,
) -> pd.DataFrame:
    """Train every model at every learning rate of ``grid`` once; score each on validation data.

    Returns:
        One row per (model, learning rate): ``model, seed, learning_rate, epochs_run,
        train_seconds, val_accuracy, val_loss`` (the last epoch's validation scores).
    """
    builders = _check_builders(builders)
    if isinstance(grid, (str, bytes)) or not isinstance(grid, Sequence) or not grid:
        raise TypeError(f"grid must be a non-empty sequence of learning rates, got {grid!r}")
    rates = [check_learning_rate("every learning rate of grid", rate) for rate in grid]
    epochs = positive_int("epochs", epochs)
    data = _splits_for(splits, seed, ("train", "val"))
    rows = []
    for name, build in builders.items():
        for rate in rates:
            if verbose:
                print(f"--- {name}, learning rate {rate:g}")
            row, _ = _one_run(name, build, rate, data, seed, epochs, batch_size, verbose)
            rows.append(row)
    return pd.DataFrame(rows)


def best_learning_rates(sweep: pd.DataFrame) -> dict[str, float]:
    """Each model's best learning rate in a sweep: highest validation accuracy, then lowest loss."""
    needed = {"model", "learning_rate", "val_accuracy", "val_loss"}
    if not isinstance(sweep, pd.DataFrame) or not needed <= set(sweep.columns):
        raise TypeError(f"sweep must be a DataFrame with columns {sorted(needed)}")
    ranked = sweep.sort_values(["val_accuracy", "val_loss"], ascending=[False, True])
    best = ranked.groupby("model", sort=False).head(1)
    return {str(m): float(r) for m, r in zip(best["model"], best["learning_rate"], strict=True)}


def seed_runs(
    builders: Mapping[str, Builder],
    learning_rates: Mapping[str, float],
    splits: SplitsOrMaker,
    *,
    seeds: Sequence[int],
    epochs: int,
    batch_size: int = 16,
    verbose: bool = False,
) -> pd.DataFrame:
    """Train every model at its own learning rate once per seed, and test it on the test split.

    For each seed the data come from ``splits`` (the same for every model), the random seed is
    set before each model is built, and the model trains for at most ``epochs`` epochs (stopping
    early at 100% validation accuracy), then classifies the test videos.

    Returns:
        One row per (seed, model): ``model, seed, learning_rate, epochs_run, train_seconds,
        val_accuracy, val_loss, test_accuracy``.
    """
    builders = _check_builders(builders)
    missing = set(builders) - set(learning_rates)
    if missing:
        raise ValueError(f"learning_rates has no value for {sorted(missing)}")
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence) or not seeds:
        raise TypeError(f"seeds must be a non-empty sequence of ints, got {seeds!r}")
    seeds = [positive_int("every seed", seed, minimum=0) for seed in seeds]
    epochs = positive_int("epochs", epochs)
    rows = []
    for seed in seeds:
        data = _splits_for(splits, seed, ("train", "val", "test"))
        x_test, y_test = data["test"]
        for name, build in builders.items():
            rate = check_learning_rate(f"learning_rates[{name!r}]", learning_rates[name])
            if verbose:
                print(f"--- seed {seed}, {name}, learning rate {rate:g}")
            row, model = _one_run(name, build, rate, data, seed, epochs, batch_size, verbose)
            predicted = training.predict_classes(model, x_test, batch_size=32)
            row["test_accuracy"] = metrics.accuracy(y_test, predicted)
            rows.append(row)
            del model
            keras.backend.clear_session()
    return pd.DataFrame(rows)


def summarize(runs: pd.DataFrame, metric: str = "test_accuracy") -> pd.DataFrame:
    """Per model: runs, mean, standard deviation, minimum and maximum of ``metric``, mean seconds.

    The standard deviation is the sample one (``ddof=1``); with one run it is NaN.
    """
    if not isinstance(runs, pd.DataFrame) or not {"model", metric} <= set(runs.columns):
        raise TypeError(f"runs must be a DataFrame with columns 'model' and {metric!r}")
    grouped = runs.groupby("model", sort=False)
    table = grouped[metric].agg(["count", "mean", "std", "min", "max"])
    table.columns = ["runs", "mean", "std", "min", "max"]
    if "train_seconds" in runs.columns:
        table["mean train s"] = grouped["train_seconds"].mean()
    return table


def stored_result(name: str, folder: str | Path = "results") -> dict[str, Any]:
    """Read a stored result file ``name`` (JSON): the repository's copy, else the package's.

    In the repository the notebooks read ``notebooks/results/<name>`` (``folder`` is relative to
    the notebook's working directory). On Colab that folder does not exist; the same file ships
    inside ``course_utils`` (``data_files/results/<name>``), and that copy is read instead.
    The returned dict gains ``"_read_from"``: the path that was read.

    Raises:
        FileNotFoundError: neither copy exists.
    """
    if not isinstance(name, str) or not name.endswith(".json") or "/" in name:
        raise ValueError(f"name must be a file name ending in .json, got {name!r}")
    local = Path(folder) / name
    if local.is_file():
        found = json.loads(local.read_text(encoding="utf-8"))
        found["_read_from"] = str(local)
        return found
    packaged = resources.files("course_utils").joinpath(f"{PACKAGED_RESULTS}/{name}")
    if packaged.is_file():
        found = json.loads(packaged.read_text(encoding="utf-8"))
        found["_read_from"] = f"course_utils/{PACKAGED_RESULTS}/{name} (the installed package)"
        return found
    raise FileNotFoundError(
        f"{name} is neither in {local} nor in the installed course_utils/{PACKAGED_RESULTS}"
    )


def check_recipe(stored: Mapping[str, Any], mine: Mapping[str, Any], note: str = "") -> bool:
    """Say where a stored result came from and whether it used this notebook's settings.

    ``stored`` is a dict from :func:`stored_result` whose ``"recipe"`` holds the settings the
    benchmark script ran with; ``mine`` holds the notebook's own (full-mode) values of the keys
    that must agree. Prints one line: where the evidence comes from (the benchmark script, the
    date and the commit stored with it), the file read, the machine it was made on, ``note`` if
    given, and whether the recipes agree. In full mode a difference is an error, naming each
    key with both values (the stored file is stale: re-run its script). In quick mode the
    notebook's sizes are smaller by design, so a difference is only printed.

    Returns:
        True when every key of ``mine`` has the same value in the stored recipe.

    Raises:
        TypeError: ``stored`` has no ``"recipe"`` mapping, or ``mine`` is not a mapping.
        ValueError: ``mine`` is empty, or (full mode) the recipes differ.
    """
    if not isinstance(stored, Mapping) or not isinstance(stored.get("recipe"), Mapping):
        raise TypeError(
            "stored must be a dict from stored_result() with a 'recipe' mapping, got "
            f"{type(stored).__name__}"
            + (f" with keys {sorted(stored)[:8]}" if isinstance(stored, Mapping) else "")
        )
    if not isinstance(mine, Mapping):
        raise TypeError(f"mine must be a mapping of setting -> value, got {type(mine).__name__}")
    if not mine:
        raise ValueError("mine must name at least one setting to compare, got an empty mapping")
    recipe = stored["recipe"]
    differ = {
        key: (recipe.get(key, "(not stored)"), value)
        for key, value in mine.items()
        if recipe.get(key) != value
    }
    quick = session.is_quick()
    print(
        f"stored from a run of {stored.get('script', '(script not recorded)')} on "
        f"{stored.get('date', '(date not recorded)')} at commit "
        f"{stored.get('commit', '(not recorded)')}, read from "
        f"{stored.get('_read_from', '(unknown file)')}; "
        f"{stored.get('machine', 'machine not recorded')}"
        + (f"; {note}" if note else "")
        + f"; same settings as this notebook: {not differ}"
        + (" (quick mode differs by design)" if quick and differ else "")
    )
    if differ and not quick:
        pairs = "; ".join(f"{key}: stored {a!r}, here {b!r}" for key, (a, b) in differ.items())
        raise ValueError(
            "the stored result was made with other settings than this notebook's (re-run the "
            f"script that wrote it): {pairs}"
        )
    return not differ


_PUBLISHED_COLUMNS = ("dataset", "model", "mean", "source")
_RUN_COLUMNS = ("dataset", "model", "accuracy")


def _check_columns(name: str, table: Any, columns: Sequence[str]) -> None:
    if not isinstance(table, pd.DataFrame) or not set(columns) <= set(table.columns):
        got = list(table.columns) if isinstance(table, pd.DataFrame) else type(table).__name__
        raise TypeError(f"{name} must be a DataFrame with columns {list(columns)}, got {got}")


def next_to_published(runs: pd.DataFrame, published: pd.DataFrame, label: str) -> pd.DataFrame:
    """This run's models beside published accuracies, in %, one block of rows per data set.

    ``runs`` holds one row per (dataset, model, seed) with its test ``accuracy`` (as from
    ``sequence_1d.seed_runs``); ``published`` one row per (dataset, model) with the ``mean``
    accuracy a source printed and that ``source``. The result is indexed by (dataset, model):
    this run's mean, std, min and max over seeds first (``source`` = ``label``), then the
    published rows in their given order (NaN where a source gives a single figure).
    """
    _check_columns("runs", runs, _RUN_COLUMNS)
    _check_columns("published", published, _PUBLISHED_COLUMNS)
    ours = (
        runs.groupby(["dataset", "model"], sort=False)["accuracy"]
        .agg(["mean", "std", "min", "max"])
        .reset_index()
        .assign(source=label)
    )
    table = pd.concat([ours, published[list(_PUBLISHED_COLUMNS)]], ignore_index=True)
    table = table.set_index(["dataset", "model"]).sort_index(level=0, sort_remaining=False)
    numbers = ["mean", "std", "min", "max"]
    table[numbers] = (100 * table[numbers]).round(2)
    return table.rename(columns={c: f"{c} (%)" for c in numbers})


def gaps_to_published(
    runs: pd.DataFrame, published: pd.DataFrame, model: str, reference: Sequence[str]
) -> pd.DataFrame:
    """One row per data set: ``model``'s mean and std over seeds against published figures.

    ``reference`` names the published classifier to hold the model to, in order of preference
    (a data set's first name found is used, e.g. ``["1-NN DTW_D", "1-NN DTW"]``). Columns:
    ``mean``, ``std``, ``reference`` (that figure), ``mean minus reference``, ``best published``
    (the highest figure of any source for the data set) and ``best published minus mean``;
    fractions, not %.

    Raises:
        TypeError: a table lacks its columns (see :func:`next_to_published`).
        ValueError: ``model`` has no runs, or a data set has none of ``reference`` published.
    """
    _check_columns("runs", runs, _RUN_COLUMNS)
    _check_columns("published", published, _PUBLISHED_COLUMNS)
    if isinstance(reference, str) or not reference:
        raise TypeError(f"reference must be a list of classifier names, got {reference!r}")
    mine = runs[runs["model"] == model]
    if mine.empty:
        raise ValueError(f"model {model!r} has no runs; runs hold {sorted(set(runs['model']))}")
    rows = {}
    for dataset, accuracy in mine.groupby("dataset", sort=False)["accuracy"]:
        figures = published[published["dataset"] == dataset].set_index("model")["mean"]
        found = [name for name in reference if name in figures.index]
        if not found:
            raise ValueError(
                f"{dataset}: none of reference {list(reference)} is published; "
                f"published has {list(figures.index)}"
            )
        ref, best = float(figures[found[0]]), float(figures.max())
        rows[dataset] = {
            "mean": accuracy.mean(),
            "std": accuracy.std(),
            "reference": ref,
            "mean minus reference": accuracy.mean() - ref,
            "best published": best,
            "best published minus mean": best - accuracy.mean(),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("dataset")
