"""course_utils.trials: the health check, runs over seeds and settings, stored runs."""

import numpy as np
import pandas as pd
import pytest

from course_utils import trials


def test_health_check_passes_and_fails_by_its_margin(capsys):
    assert trials.health_check("CNN-LSTM", 0.998, "chance", 0.25, 0.10)
    assert capsys.readouterr().out == (
        "health check: CNN-LSTM test accuracy 99.8% vs chance 25.0%: margin >= 10.0%: OK\n")
    with pytest.raises(AssertionError, match="order-blind is not clearly better than chance"):
        trials.health_check("order-blind", 0.30, "chance", 0.25, 0.10)
    assert "FAILED" in capsys.readouterr().out
    assert not trials.health_check("order-blind", 0.30, "chance", 0.25, 0.10, strict=False)


def test_health_check_for_an_error_lower_is_better(capsys):
    assert trials.health_check("ConvLSTM", 20.0, "mean frame", 31.8, 3.0, metric="MSE",
                               fmt="{:.2f}", lower_is_better=True)
    assert "MSE 20.00 vs mean frame 31.80: margin >= 3.00: OK" in capsys.readouterr().out
    with pytest.raises(AssertionError):
        trials.health_check("blur", 30.0, "mean frame", 31.8, 3.0, lower_is_better=True)


@pytest.mark.parametrize("bad", [float("nan"), "0.9", None, True])
def test_health_check_refuses_what_is_not_a_number(bad):
    with pytest.raises(TypeError, match="value must be a finite number"):
        trials.health_check("m", bad, "chance", 0.25, 0.1)


def test_run_covers_every_setting_and_seed_in_order():
    calls = []

    def train_once(seed, model, learning_rate):
        calls.append((model, learning_rate, seed))
        return {"accuracy": float(np.random.random())}  # seeded by run()

    runs = trials.run(train_once, [0, 1], model=["a", "b"], learning_rate=[1e-3])
    assert isinstance(runs, pd.DataFrame)
    assert list(runs.columns) == ["model", "learning_rate", "seed", "accuracy"]
    assert calls == [("a", 1e-3, 0), ("a", 1e-3, 1), ("b", 1e-3, 0), ("b", 1e-3, 1)]
    again = trials.run(train_once, [0, 1], model=["a", "b"], learning_rate=[1e-3])
    pd.testing.assert_frame_equal(runs, again)  # the same seeds give the same runs
    assert runs.accuracy[0] != runs.accuracy[1]  # different seeds, different draws


@pytest.mark.parametrize(("args", "grid", "message"), [
    (("not a function", [0]), {}, "train_once must be a function"),
    ((lambda seed: {}, []), {}, "seeds must be a non-empty list of ints"),
    ((lambda seed: {}, [0.5]), {}, "seeds must be a non-empty list of ints"),
    ((lambda seed, model: {}, [0]), {"model": "ab"}, "model must be a non-empty list"),
    ((lambda seed: 0.9, [0]), {}, "train_once must return a dict of scores"),
])
def test_run_refuses_bad_arguments_by_name(args, grid, message):
    with pytest.raises(TypeError, match=message):
        trials.run(*args, **grid)


def test_stored_result_reads_the_repository_copy_and_names_bad_names(monkeypatch):
    from pathlib import Path
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "notebooks")
    stored = trials.stored_result("03_fair.json")
    assert "recipe" in stored and stored["_read_from"].endswith("03_fair.json")
    with pytest.raises(ValueError, match="name must be a file name ending in .json"):
        trials.stored_result("../03_fair")
    with pytest.raises(FileNotFoundError, match="nowhere.json"):
        trials.stored_result("nowhere.json")


def test_stored_result_checks_the_recipe_it_was_made_with(monkeypatch, capsys):
    from pathlib import Path
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "notebooks")
    monkeypatch.setenv("COURSE_QUICK", "0")
    recipe = trials.stored_result("03_fair.json")["recipe"]
    same = {"frames": recipe["frames"], "max_epochs": recipe["max_epochs"]}
    assert trials.stored_result("03_fair.json", recipe=same)["recipe"] == recipe
    line = capsys.readouterr().out
    assert "at commit" in line and "same settings as this notebook: True" in line
    with pytest.raises(ValueError, match=r"max_epochs: stored \d+, here 1"):
        trials.stored_result("03_fair.json", recipe={**same, "max_epochs": 1})
    monkeypatch.setenv("COURSE_QUICK", "1")  # quick mode's sizes differ by design: printed only
    trials.stored_result("03_fair.json", recipe={**same, "max_epochs": 1})
    assert "quick mode differs by design" in capsys.readouterr().out
    with pytest.raises(TypeError, match="recipe must be a dict"):
        trials.stored_result("03_fair.json", recipe=["frames"])
