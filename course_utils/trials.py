"""Comparing models honestly: the health check every model passes before a verdict, repeated
runs over seeds and settings, and the stored runs of the benchmark scripts.

- :func:`health_check`: does a model beat its trivial floor (chance, majority class, a copy of the
  last frame, a constant caption) by a stated margin? A model that does not has not trained, and
  a comparison with it proves nothing.
- :func:`run`: train once per seed and setting (a learning-rate sweep, three seeds of a ranking)
  and collect the scores in a pandas DataFrame; summarise it with pandas.
- :func:`stored_result`: results too slow to compute in a lesson, read
  from the JSON a benchmark script stored with its date, commit and recipe.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from numbers import Integral, Real
from pathlib import Path
from typing import Any

import pandas as pd

from course_utils import session

#: Where results that take too long to compute in a notebook are stored in the repository
#: (``notebooks/results``) and, for Colab, inside the installed package.
PACKAGED_RESULTS = "data_files/results"


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise TypeError(f"health_check: {name} must be a finite number, got {value!r}")
    return float(value)


def health_check(
    model: str,
    value: float,
    floor_name: str,
    floor: float,
    margin: float,
    *,
    metric: str = "test accuracy",
    fmt: str = "{:.1%}",
    lower_is_better: bool = False,
    strict: bool = True,
) -> bool:
    """Print whether ``model`` beats its trivial floor by ``margin``; raise if not and ``strict``.

    Higher is better by default (accuracy: ``value >= floor + margin``); with ``lower_is_better``
    (an error such as MSE) the model must reach ``value <= floor - margin``. Prints one line::

        health check: CNN-LSTM test accuracy 99.8% vs chance 25.0%: margin >= 10.0%: OK
    """
    value, floor, margin = (_number(n, v) for n, v in
                            (("value", value), ("floor", floor), ("margin", margin)))
    passed = value <= floor - margin if lower_is_better else value >= floor + margin
    print(f"health check: {model} {metric} {fmt.format(value)} vs {floor_name} "
          f"{fmt.format(floor)}: margin >= {fmt.format(margin)}: {'OK' if passed else 'FAILED'}")
    if strict and not passed:
        raise AssertionError(f"{model} is not clearly better than {floor_name}: it did not train")
    return passed


def run(train_once: Callable[..., Mapping[str, Any]], seeds: Sequence[int],
        **grid: Sequence[Any]) -> pd.DataFrame:
    """Train once per setting of ``grid`` and per seed; one row of scores per run.

    For every combination of the grid's values (``learning_rate=[1e-3, 3e-3]``,
    ``model=["CNN-LSTM", "order-blind"]``) and every seed, sets the seed
    (:func:`course_utils.session.set_seed`) and calls ``train_once(seed=seed, **setting)``, which
    trains and returns a dict of scores. Summarise with pandas, e.g.
    ``runs.groupby("model")["accuracy"].agg(["mean", "std"])``.
    """
    if not callable(train_once):
        raise TypeError(f"run: train_once must be a function, got {type(train_once).__name__}")
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence) or not seeds or not all(
            isinstance(s, Integral) and not isinstance(s, bool) for s in seeds):
        raise TypeError(f"run: seeds must be a non-empty list of ints, got {seeds!r}")
    for name, values in grid.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
            raise TypeError(f"run: {name} must be a non-empty list of values, got {values!r}")
    rows = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values, strict=True))
        for seed in seeds:
            session.set_seed(int(seed))
            scores = train_once(seed=int(seed), **setting)
            if not isinstance(scores, Mapping):
                raise TypeError(
                    f"run: train_once must return a dict of scores, got {type(scores).__name__}")
            rows.append({**setting, "seed": int(seed), **scores})
    return pd.DataFrame(rows)


def stored_result(name: str, recipe: Mapping[str, Any] | None = None, note: str = "",
                  folder: str | Path = "results") -> dict[str, Any]:
    """Read a stored result file ``name`` (JSON): the repository's copy, else the package's.

    In the repository the notebooks read ``notebooks/results/<name>`` (``folder`` is relative to
    the notebook's working directory). On Colab that folder does not exist; the same file ships
    inside ``course_utils`` (``data_files/results/<name>``), and that copy is read instead.
    The returned dict gains ``"_read_from"``: the path that was read. With ``recipe``, the
    notebook's own settings, it also says where the result came from and checks that it was made
    with those settings (:func:`_check_recipe`).
    """
    if not isinstance(name, str) or not name.endswith(".json") or "/" in name:
        raise ValueError(f"name must be a file name ending in .json, got {name!r}")
    local = Path(folder) / name
    if local.is_file():
        found = json.loads(local.read_text(encoding="utf-8"))
        found["_read_from"] = str(local)
        return found if recipe is None else _check_recipe(found, recipe, note)
    packaged = resources.files("course_utils").joinpath(f"{PACKAGED_RESULTS}/{name}")
    if packaged.is_file():
        found = json.loads(packaged.read_text(encoding="utf-8"))
        found["_read_from"] = f"course_utils/{PACKAGED_RESULTS}/{name} (the installed package)"
        return found if recipe is None else _check_recipe(found, recipe, note)
    raise FileNotFoundError(
        f"{name} is neither in {local} nor in the installed course_utils/{PACKAGED_RESULTS}"
    )


def _check_recipe(stored: dict[str, Any], mine: Any, note: str) -> dict[str, Any]:
    """Say where a stored result came from and whether it used this notebook's settings.

    ``stored["recipe"]`` holds the settings the benchmark script ran with, ``mine`` the notebook's
    own (full-mode) values of the keys that must agree. Prints one line: the script, date, commit,
    file and machine of the evidence, ``note``, and whether the recipes agree. In full mode a
    difference is an error naming each key (the stored file is stale: re-run its script); in
    quick mode the notebook's sizes are smaller by design, so it is only printed.
    """
    if not isinstance(stored.get("recipe"), Mapping):
        raise ValueError(f"{stored['_read_from']} holds no 'recipe' to compare with")
    if not isinstance(mine, Mapping) or not mine:
        raise TypeError(f"recipe must be a dict of setting -> value, got {mine!r:.60}")
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
    return stored
