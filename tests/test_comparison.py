"""Tests for course_utils.comparison: fair comparisons (budget, learning-rate sweep, seeds)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from course_utils import comparison
from course_utils.session import import_keras

keras = import_keras()
ROOT = Path(__file__).resolve().parents[1]


def _tiny_model() -> keras.Model:
    return keras.Sequential(
        [keras.Input((2, 4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(2, "softmax")]
    )


def _splits(seed: int) -> dict:
    """Two classes told apart by the mean brightness: learnable in a few epochs."""
    rng = np.random.default_rng(seed)

    def part(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.arange(n) % 2
        x = rng.random((n, 2, 4, 4, 1), dtype=np.float32) * 0.2 + 0.8 * y[:, None, None, None, None]
        return x.astype(np.float32), y

    return {"train": part(32), "val": part(16), "test": part(16)}


BUILDERS = {"tiny": _tiny_model, "tiny too": _tiny_model}


def test_train_and_measure_stops_at_the_target():
    from course_utils.models.cnn_lstm import compile_classifier

    model = compile_classifier(_tiny_model(), 0.05)
    data = _splits(0)
    run = comparison.train_and_measure(model, data["train"], data["val"], epochs=30, verbose=False)
    assert run["epochs_to_target"] is not None and run["epochs_run"] == run["epochs_to_target"]
    assert run["val_accuracy"] == 1.0 and run["train_seconds"] > 0
    assert run["weights"] == model.count_params()


def test_train_and_measure_rejects_a_bad_train_argument():
    from course_utils.models.cnn_lstm import compile_classifier

    model = compile_classifier(_tiny_model())
    data = _splits(0)
    with pytest.raises(TypeError, match="train must be a VideoStream or an"):
        comparison.train_and_measure(model, data["train"][0], data["val"], epochs=1)
    with pytest.raises(ValueError, match="epochs"):
        comparison.train_and_measure(model, data["train"], data["val"], epochs=0)


def test_sweep_scores_every_model_at_every_rate_on_validation_data():
    sweep = comparison.sweep_learning_rates(BUILDERS, [1e-4, 0.05], _splits, seed=0, epochs=3)
    assert len(sweep) == 4
    assert set(sweep["learning_rate"]) == {1e-4, 0.05}
    assert "test_accuracy" not in sweep.columns  # the test videos play no part in the choice
    best = comparison.best_learning_rates(sweep)
    assert best == {"tiny": 0.05, "tiny too": 0.05}


def test_best_learning_rate_breaks_ties_by_validation_loss():
    sweep = pd.DataFrame(
        {
            "model": ["a", "a", "b"],
            "learning_rate": [0.1, 0.01, 0.001],
            "val_accuracy": [1.0, 1.0, 0.5],
            "val_loss": [0.3, 0.1, 0.7],
        }
    )
    assert comparison.best_learning_rates(sweep) == {"a": 0.01, "b": 0.001}


def test_seed_runs_and_summary():
    runs = comparison.seed_runs(
        BUILDERS, {"tiny": 0.05, "tiny too": 1e-4}, _splits, seeds=[0, 1], epochs=3
    )
    assert list(runs["seed"]) == [0, 0, 1, 1]
    assert runs["test_accuracy"].between(0, 1).all()
    table = comparison.summarize(runs)
    assert list(table.index) == ["tiny", "tiny too"]
    assert (table["runs"] == 2).all()
    assert table.loc["tiny", "mean"] == pytest.approx(
        runs.loc[runs["model"] == "tiny", "test_accuracy"].mean()
    )
    assert (table["min"] <= table["mean"]).all() and (table["mean"] <= table["max"]).all()
    # the well-tuned model learns, the one at a tiny learning rate barely moves
    assert table.loc["tiny", "mean"] > table.loc["tiny too", "mean"]


def test_same_seed_same_result():
    runs = [
        comparison.seed_runs({"tiny": _tiny_model}, {"tiny": 0.01}, _splits, seeds=[3], epochs=2)
        for _ in range(2)
    ]
    first, again = runs
    assert first["val_loss"].tolist() == pytest.approx(again["val_loss"].tolist(), rel=1e-5)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"builders": {}}, TypeError, "builders must be a non-empty mapping"),
        ({"builders": {"x": 3}}, TypeError, r"builders\['x'\] must be callable"),
        ({"learning_rates": {}}, ValueError, "learning_rates has no value for"),
        ({"learning_rates": {"tiny": 2.0}}, ValueError, "learning_rates\\['tiny'\\] must be"),
        ({"seeds": []}, TypeError, "seeds must be a non-empty sequence"),
        ({"seeds": [-1]}, ValueError, "every seed"),
        ({"splits": {"train": (1, 2)}}, ValueError, "splits needs 'val'"),
        ({"splits": [1, 2]}, TypeError, "splits must be a mapping"),
    ],
)
def test_seed_runs_rejects_bad_arguments(kwargs, error, pattern):
    arguments = {
        "builders": {"tiny": _tiny_model},
        "learning_rates": {"tiny": 0.01},
        "splits": _splits,
        "seeds": [0],
        "epochs": 1,
    }
    arguments.update(kwargs)
    builders, rates, splits = (arguments.pop(k) for k in ("builders", "learning_rates", "splits"))
    with pytest.raises(error, match=pattern):
        comparison.seed_runs(builders, rates, splits, **arguments)


def test_sweep_rejects_a_bad_grid():
    with pytest.raises(TypeError, match="grid"):
        comparison.sweep_learning_rates(BUILDERS, [], _splits, seed=0, epochs=1)
    with pytest.raises(ValueError, match="every learning rate of grid"):
        comparison.sweep_learning_rates(BUILDERS, [0.0], _splits, seed=0, epochs=1)


def test_summarize_rejects_other_tables():
    with pytest.raises(TypeError, match="columns 'model'"):
        comparison.summarize(pd.DataFrame({"x": [1]}))


def test_stored_result_prefers_the_repository_copy_then_the_package(tmp_path):
    (tmp_path / "mine.json").write_text(json.dumps({"a": 1}))
    found = comparison.stored_result("mine.json", folder=tmp_path)
    assert found["a"] == 1 and found["_read_from"].endswith("mine.json")
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        comparison.stored_result("nowhere.json", folder=tmp_path)
    with pytest.raises(ValueError, match="name must be a file name"):
        comparison.stored_result("../x.json")


def test_check_recipe_prints_the_source_and_fails_a_stale_file_in_full_mode(monkeypatch, capsys):
    stored = {"recipe": {"epochs": 20, "rate": 0.003}, "_read_from": "x.json", "machine": "2 cores"}
    monkeypatch.delenv("COURSE_QUICK", raising=False)
    assert comparison.check_recipe(stored, {"epochs": 20}, note="at most 20 epochs") is True
    said = capsys.readouterr().out
    assert "x.json; 2 cores; at most 20 epochs; same settings as this notebook: True" in said
    with pytest.raises(ValueError, match=r"epochs: stored 20, here 40; batch: stored '\(not st"):
        comparison.check_recipe(stored, {"epochs": 40, "batch": 16})
    monkeypatch.setenv("COURSE_QUICK", "1")  # smaller by design: printed, not raised
    assert comparison.check_recipe(stored, {"epochs": 4}) is False
    assert "False (quick mode differs by design)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("stored", "mine", "error", "match"),
    [
        ({"runs": []}, {"a": 1}, TypeError, "stored must be a dict .* with keys \\['runs'\\]"),
        ([1], {"a": 1}, TypeError, "stored must be a dict .*got list"),
        ({"recipe": {}}, [("a", 1)], TypeError, "mine must be a mapping"),
        ({"recipe": {}}, {}, ValueError, "mine must name at least one setting"),
    ],
)
def test_check_recipe_rejects_other_inputs(stored, mine, error, match):
    with pytest.raises(error, match=match):
        comparison.check_recipe(stored, mine)


@pytest.mark.parametrize("name", ["02_seeds.json", "03_seeds.json", "03_fair.json"])
def test_packaged_results_are_the_repository_results(tmp_path, name):
    """Colab reads the copy inside course_utils: it must be the file the repository holds."""
    repository = ROOT / "notebooks" / "results" / name
    packaged = ROOT / "course_utils" / comparison.PACKAGED_RESULTS / name
    if not packaged.exists():
        pytest.skip(f"{name} has no package copy yet (its producer writes both copies)")
    assert json.loads(packaged.read_text()) == json.loads(repository.read_text())
    found = comparison.stored_result(name, folder=tmp_path)  # no local copy: the package's
    assert found["_read_from"].startswith("course_utils/")


def _published_and_runs():
    published = pd.DataFrame(
        [("A", "1-NN DTW", 0.90, "[T]"), ("A", "Best", 0.99, "[C]"),
         ("B", "1-NN DTW_D", 0.8, "[D]")],
        columns=["dataset", "model", "mean", "source"],
    )
    runs = pd.DataFrame(
        [(d, m, seed, acc) for d, m, accs in [("A", "CNN-LSTM", (0.95, 0.97)),
                                             ("A", "LSTM", (0.5, 0.7)),
                                             ("B", "CNN-LSTM", (0.85, 0.85))]
         for seed, acc in enumerate(accs)],
        columns=["dataset", "model", "seed", "accuracy"],
    )
    return published, runs


def test_next_to_published_puts_this_run_first_in_percent():
    published, runs = _published_and_runs()
    table = comparison.next_to_published(runs, published, "this run, 2 seeds")
    assert list(table.index) == [("A", "CNN-LSTM"), ("A", "LSTM"), ("A", "1-NN DTW"),
                                 ("A", "Best"), ("B", "CNN-LSTM"), ("B", "1-NN DTW_D")]
    assert table.loc[("A", "CNN-LSTM"), "mean (%)"] == 96.0
    assert table.loc[("A", "LSTM"), "min (%)"] == 50.0
    assert np.isnan(table.loc[("A", "Best"), "std (%)"])
    assert table.loc[("B", "1-NN DTW_D"), "source"] == "[D]"


def test_gaps_to_published_uses_the_first_reference_found_per_data_set():
    published, runs = _published_and_runs()
    gaps = comparison.gaps_to_published(runs, published, "CNN-LSTM", ["1-NN DTW_D", "1-NN DTW"])
    assert gaps.loc["A", "reference"] == 0.90 and gaps.loc["B", "reference"] == 0.8
    assert gaps.loc["A", "mean minus reference"] == pytest.approx(0.06)
    assert gaps.loc["A", "best published minus mean"] == pytest.approx(0.03)
    assert gaps.loc["B", "best published"] == 0.8


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda p, r: (r, p.drop(columns="source"), "CNN-LSTM", ["1-NN DTW"]), TypeError,
         r"published must be a DataFrame with columns \['dataset', 'model', 'mean', 'source'\]"),
        (lambda p, r: (r.to_dict(), p, "CNN-LSTM", ["1-NN DTW"]), TypeError,
         "runs must be a DataFrame .* got dict"),
        (lambda p, r: (r, p, "GRU", ["1-NN DTW"]), ValueError, "model 'GRU' has no runs"),
        (lambda p, r: (r, p, "CNN-LSTM", "1-NN DTW"), TypeError, "reference must be a list"),
        (lambda p, r: (r, p, "CNN-LSTM", ["1-NN DTW"]), ValueError,
         "B: none of reference \\['1-NN DTW'\\] is published"),
    ],
)
def test_gaps_to_published_rejects_bad_input(change, error, match):
    with pytest.raises(error, match=match):
        comparison.gaps_to_published(*change(*_published_and_runs()))
