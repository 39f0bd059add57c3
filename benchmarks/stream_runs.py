"""What the benchmark scripts share: a fresh process per run, and the course's stream recipe.

:func:`in_fresh_process` runs one measurement in a new interpreter (all the scripts);
:func:`write_report` stores what a script measured.
``seeds_cnn_lstm.py`` and ``seeds_convlstm.py`` differ only in the model they build and the videos'
options; :func:`train_and_test` trains and measures for both.
"""

from __future__ import annotations

import datetime
import json
import multiprocessing
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def in_fresh_process(function: Callable[..., dict], *args: Any) -> dict:
    """Run ``function(*args)`` in a new interpreter: its own TensorFlow graph and memory peak."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def train_and_test(
    build: Callable[[], Any],
    recipe: dict[str, Any],
    seeds: dict[str, int],
    max_epochs: int,
    **video_kwargs: Any,
) -> dict[str, Any]:
    """Train ``build()`` on a stream, then classify test videos.

    Training stops at the first epoch with 100% validation accuracy, or at ``max_epochs``; with
    ``schedule="cosine"`` it runs all ``max_epochs``.

    ``recipe`` holds ``train_per_class_per_epoch``, ``val_per_class``, ``test_per_class``,
    ``batch_size`` and ``learning_rate``, and optionally ``plateau``, the arguments of a
    ``keras.callbacks.ReduceLROnPlateau`` on the validation loss, or ``schedule="cosine"``
    (``callbacks.CosineSchedule`` over ``max_epochs`` of the recipe); ``seeds`` the generator seeds
    ``train`` (the stream's), ``val`` and ``test``; ``video_kwargs`` go to every generator call
    (geometry, constant place).
    ``train_seconds`` is the wall time of ``model.fit``: the stream's video generation and the
    validation passes included, the test not.
    """
    import keras

    from course_utils import metrics
    from course_utils.callbacks import CosineSchedule, EpochLogger, StopAtAccuracy
    from course_utils.streams import VideoStream
    from course_utils.video import make_videos

    stream = VideoStream(
        recipe["train_per_class_per_epoch"],
        seeds["train"],
        epochs=max_epochs,
        batch_size=recipe["batch_size"],
        **video_kwargs,
    )
    x_val, y_val, _ = make_videos(recipe["val_per_class"], seeds["val"], **video_kwargs)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(recipe["learning_rate"]),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stop, log = StopAtAccuracy(1.0), EpochLogger(show=False)
    # A schedule fixed in advance runs to its end (lesson 03); otherwise stop at 100% validation.
    callbacks = [log] if recipe.get("schedule") == "cosine" else [log, stop]
    if recipe.get("plateau"):
        callbacks.append(keras.callbacks.ReduceLROnPlateau(**recipe["plateau"]))
    if recipe.get("schedule") == "cosine":  # over the recipe's cap, even for a shorter run
        callbacks.append(CosineSchedule(recipe["learning_rate"], recipe["max_epochs"]))
    start = time.perf_counter()
    history = model.fit(stream, epochs=max_epochs, steps_per_epoch=stream.batches_per_epoch,
                        shuffle=False, validation_data=(x_val, y_val), callbacks=callbacks,
                        verbose=0)
    train_seconds = time.perf_counter() - start
    del x_val
    x_test, y_test, _ = make_videos(recipe["test_per_class"], seeds["test"], **video_kwargs)
    predicted = model.predict(x_test, batch_size=32, verbose=0).argmax(-1)
    return {
        "epochs_run": len(log.seconds),
        "epochs_to_100": stop.stopped_epoch,
        "train_seconds": round(train_seconds, 1),
        "seconds_per_epoch": [round(s, 2) for s in log.seconds],
        **{
            key: [round(float(value), 4) for value in history.history[key]]
            for key in ("loss", "accuracy", "val_loss", "val_accuracy")
        },
        "test_videos": len(y_test),
        "test_accuracy": metrics.accuracy(y_test, predicted),
        "confusion_matrix": metrics.confusion_matrix(y_test, predicted, 4).tolist(),
    }


def provenance() -> dict[str, str]:
    """Where a measurement comes from: today's date, the script run, the commit it ran at.

    Call it when the run starts (the tree may change while it runs). ``commit`` is the short hash
    of ``HEAD``, with ``+dirty`` when the working tree had changes not yet committed.
    """
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += "+dirty"
    script = Path(sys.argv[0]).resolve()
    try:
        script_name = script.relative_to(root).as_posix()
    except ValueError:
        script_name = script.name
    return {"date": datetime.date.today().isoformat(), "commit": commit, "script": script_name}


def write_report(report: dict[str, Any], out: Path, default: Path, packaged: Path,
                 *, complete: bool = True) -> None:
    """Write ``report`` as JSON to ``out``, with its provenance and the machine it ran on.

    ``complete`` says whether the whole recipe ran (every seed, model and setting of the
    script's defaults). A partial run never overwrites the stored result: with ``out`` the
    ``default`` it stops with one line saying so (give ``--out`` another file).

    ``report`` should carry the :func:`provenance` taken when the run started; keys it lacks
    (``date``, ``commit``, ``script``) are filled in now. When ``out`` is the script's
    ``default`` (``notebooks/results/...``), the same file goes to ``packaged`` too: the copy
    inside ``course_utils`` that the notebooks read on Colab.
    """
    if out.resolve() == default.resolve() and not complete:
        raise SystemExit(f"refusing to overwrite {default.name}: only part of the recipe ran "
                         "(fewer seeds, models or settings than the defaults); use --out")
    report = {
        **provenance(),
        **report,
        "machine": f"{platform.machine()}, {multiprocessing.cpu_count()} CPU cores",
        "python": platform.python_version(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    if out == default:
        packaged.parent.mkdir(parents=True, exist_ok=True)
        packaged.write_text(out.read_text())
    print(f"wrote {out}")
