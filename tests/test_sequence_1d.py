"""course_utils.models.sequence_1d: shapes, the explicit padding masks, and training on a split."""

import numpy as np
import pytest

from course_utils.models import sequence_1d as s1
from course_utils.session import set_seed


def _copy(source, target):
    target.set_weights(source.get_weights())
    return target


@pytest.mark.parametrize("name", sorted(s1.BUILDERS))
def test_builders_map_recordings_to_class_probabilities(name):
    model = s1.BUILDERS[name](30, 6, 4)
    assert model.input_shape == (None, 30, 6) and model.output_shape == (None, 4)
    x = np.random.default_rng(0).normal(size=(3, 30, 6)).astype("float32")
    probabilities = np.asarray(model.predict(x, verbose=0))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_cnn_lstm_cuts_windows_and_pads_the_end():
    model = s1.build_cnn_lstm_1d(29, 12, 9, window=3, filters=4, lstm_units=5)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds[:3] == ["InputLayer", "ZeroPadding1D", "Reshape"]
    reshape = model.layers[2]
    assert reshape.output.shape == (None, 10, 3, 12)  # 29 steps + 1 of padding = 10 windows of 3
    assert "TimeDistributed" in kinds and "LSTM" in kinds
    # Conv1D (3*12*4 + 4) + LSTM (4*(4+5+1)*5) + Dense (5*9 + 9)
    assert model.count_params() == 148 + 200 + 54


def test_padding_mask_marks_real_steps_and_windows():
    x = np.zeros((2, 6, 2), dtype="float32")
    x[0, :4, 0] = 1.0  # 4 real steps
    x[1, :1, 1] = -2.0  # 1 real step
    steps = np.asarray(s1.PaddingMask()(x))
    assert steps.tolist() == [[True] * 4 + [False] * 2, [True] + [False] * 5]
    windows = np.asarray(s1.PaddingMask(window=2)(x))
    assert windows.tolist() == [[True, True, False], [True, False, False]]


@pytest.mark.parametrize("name", sorted(s1.BUILDERS))
def test_masked_models_ignore_padding(name):
    """A recording padded to 12 steps gives what the same weights give it unpadded (6 steps)."""
    kwargs = {"window": 3} if name == "CNN-LSTM" else {}
    set_seed(0)
    padded_model = s1.BUILDERS[name](12, 3, 2, masked=True, **kwargs)
    short_model = _copy(padded_model, s1.BUILDERS[name](6, 3, 2, masked=True, **kwargs))
    short = np.random.default_rng(1).normal(size=(1, 6, 3)).astype("float32")
    padded = np.concatenate([short, np.zeros((1, 6, 3), dtype="float32")], axis=1)
    np.testing.assert_allclose(
        np.asarray(padded_model(padded)), np.asarray(short_model(short)), atol=1e-5
    )
    if name != "LSTM":  # unmasked, the padding changes the answer
        unmasked = _copy(padded_model, s1.BUILDERS[name](12, 3, 2, masked=False, **kwargs))
        assert not np.allclose(np.asarray(unmasked(padded)), np.asarray(short_model(short)),
                               atol=1e-5)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="window must be an int >= 1"):
        s1.build_cnn_lstm_1d(10, 2, 3, window=0)
    with pytest.raises(ValueError, match="n_classes must be an int >= 2"):
        s1.build_lstm(10, 2, 1)
    with pytest.raises(ValueError, match="learning_rate must be a number"):
        s1.compile_classifier(s1.build_lstm(10, 2, 3), 2.0)


def _easy_split():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 24)
    x = rng.normal(size=(48, 10, 2)).astype("float32")
    x[y == 1, 5:, 0] += 2.0  # class 1: the second half of channel 0 rises
    return (x[::2], y[::2]), (x[1::2], y[1::2])


def _build():
    return s1.build_conv_pool(10, 2, 2, filters=4)


def test_seed_runner_learns_an_easy_split_and_checks_inputs():
    train, test = _easy_split()
    runner = s1.SeedRunner(_build)
    result = runner.run(train, test, seed=0, learning_rate=0.03, epochs=15, batch_size=8)
    assert result["accuracy"] >= 0.9 and result["seed"] == 0
    x, y = train
    with pytest.raises(ValueError, match=r"train x must be float \(samples, 10, 2\)"):
        runner.run((x[:, :5], y), test, seed=0, learning_rate=0.01, epochs=1)
    with pytest.raises(ValueError, match="test y must be integer labels 0..1"):
        runner.run(train, (test[0], test[1] + 5), seed=0, learning_rate=0.01, epochs=1)
    with pytest.raises(ValueError, match="learning_rate must be a number"):
        runner.run(train, test, seed=0, learning_rate=0, epochs=1)


def test_seed_runner_trains_like_a_fresh_model():
    """Re-used with another seed and rate first, it ends with a fresh model's weights."""
    train, test = _easy_split()
    runner = s1.SeedRunner(_build)
    runner.run(train, test, seed=5, learning_rate=0.05, epochs=2, batch_size=8)
    runner.run(train, test, seed=1, learning_rate=0.01, epochs=3, batch_size=8)
    set_seed(1)
    fresh = s1.compile_classifier(_build(), 0.01)
    set_seed(1)
    fresh.fit(*train, epochs=3, batch_size=8, verbose=0)
    for a, b in zip(runner.model.get_weights(), fresh.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_sweep_picks_a_rate_per_model_and_seed_runs_fill_a_table():
    train, test = _easy_split()
    runners = {"conv": s1.SeedRunner(_build)}
    table, best = s1.sweep_learning_rates(runners, train, test, (0.001, 0.03), seed=0, epochs=4,
                                          batch_size=8)
    assert list(table["learning_rate"]) == [0.001, 0.03] and set(best) == {"conv"}
    winner = table.sort_values(["val_accuracy", "val_loss"], ascending=[False, True]).iloc[0]
    assert best["conv"] == winner["learning_rate"]
    runs = s1.seed_runs(runners, best, train, test, seeds=(0, 1), epochs=2, batch_size=8)
    assert list(runs["seed"]) == [0, 1] and set(runs["model"]) == {"conv"}
    assert runs["accuracy"].between(0, 1).all() and (runs["train_seconds"] > 0).all()
