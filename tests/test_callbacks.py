"""course_utils.callbacks, used the only way the lessons train: model.fit(..., callbacks=[...])."""

import keras
import numpy as np
import pytest

from course_utils import callbacks


def _toy_problem(n=64):
    rng = np.random.default_rng(0)
    x = rng.random((n, 2, 4, 4, 1)).astype("float32")
    y = (x[:, 0].mean(axis=(1, 2, 3)) > x[:, 1].mean(axis=(1, 2, 3))).astype(int)
    return x, y


@pytest.fixture
def toy_model(tiny_sequence_model):
    return lambda: tiny_sequence_model((2, 4, 4, 1), 2)


def test_epoch_logger_prints_one_line_per_epoch_and_times_each(capsys, toy_model):
    x, y = _toy_problem(32)
    log = callbacks.EpochLogger(3)
    toy_model().fit(x, y, epochs=3, batch_size=16, callbacks=[log], verbose=0)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch  1/3", "epoch  2/3", "epoch  3/3"]
    assert "loss" in lines[0] and len(log.seconds) == 3 and all(s > 0 for s in log.seconds)
    quiet = callbacks.EpochLogger(show=False)
    toy_model().fit(x, y, epochs=2, batch_size=16, callbacks=[quiet], verbose=0)
    assert capsys.readouterr().out == "" and len(quiet.seconds) == 2


@pytest.mark.parametrize(("kwargs", "error"), [({"epochs": 0}, ValueError),
                                                ({"epochs": 2.5}, TypeError),
                                                ({"show": "yes"}, TypeError)])
def test_epoch_logger_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        callbacks.EpochLogger(**kwargs)


def test_stop_at_accuracy(toy_model):
    callback = callbacks.StopAtAccuracy(target=0.9)
    callback.set_model(toy_model())
    callback.on_epoch_end(0, {"val_accuracy": 0.5})
    assert callback.stopped_epoch is None
    callback.on_epoch_end(1, {"val_accuracy": 0.95})
    assert callback.stopped_epoch == 2 and callback.model.stop_training


def test_misspelt_monitor_fails_after_the_first_batch(toy_model):
    x, y = _toy_problem(32)
    batches = []
    counter = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches.append(batch)
    )
    stop = callbacks.StopAtAccuracy(0.9, monitor="val_acc")
    with pytest.raises(ValueError, match="monitor='val_acc' is not a logged metric"):
        toy_model().fit(
            x,
            y,
            epochs=5,
            batch_size=4,
            validation_data=(x, y),
            callbacks=[counter, stop],
            verbose=0,
        )
    assert batches == [0]  # 8 batches per epoch, 5 epochs: it stopped after one batch


def test_stop_at_accuracy_resets_between_fits(toy_model):
    x, y = _toy_problem(16)
    stop = callbacks.StopAtAccuracy(0.01, monitor="accuracy")
    model = toy_model()
    model.fit(x, y, epochs=2, batch_size=16, callbacks=[stop], verbose=0)
    assert stop.stopped_epoch == 1
    model.fit(x, y, epochs=2, batch_size=16, callbacks=[stop], verbose=0)
    assert stop.stopped_epoch == 1  # reached again in the new run, not left from the old one


def test_cosine_schedule_falls_from_the_rate_towards_zero(toy_model):
    import keras

    x, y = _toy_problem(32)
    model = toy_model()
    schedule = callbacks.CosineSchedule(3e-3, 4)
    history = model.fit(x, y, epochs=4, batch_size=16, callbacks=[schedule], verbose=0)
    rates = history.history["learning_rate"]
    expected = [3e-3 * 0.5 * (1 + np.cos(np.pi * e / 4)) for e in range(4)]
    np.testing.assert_allclose(rates, expected, rtol=1e-5)
    assert rates[0] == pytest.approx(3e-3) and rates[2] == pytest.approx(1.5e-3)
    assert np.all(np.diff(rates) < 0)  # falls every epoch
    used = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate * 1.0))
    assert used == pytest.approx(expected[-1], rel=1e-5)  # the optimizer's, not only the log's


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"learning_rate": 3, "epochs": 4}, ValueError, "learning_rate must be a number between"),
        ({"learning_rate": "3e-3", "epochs": 4}, TypeError, "learning_rate"),
        ({"learning_rate": 3e-3, "epochs": 0}, ValueError, "epochs"),
        ({"learning_rate": 3e-3, "epochs": 2.5}, TypeError, "epochs"),
    ],
)
def test_cosine_schedule_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        callbacks.CosineSchedule(**kwargs)
