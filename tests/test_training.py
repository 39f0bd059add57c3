"""course_utils.training and course_utils.metrics."""

import numpy as np
import pytest

from course_utils import callbacks, data, metrics, training


def _toy_problem(n=64):
    rng = np.random.default_rng(0)
    x = rng.random((n, 2, 4, 4, 1)).astype("float32")
    y = (x[:, 0].mean(axis=(1, 2, 3)) > x[:, 1].mean(axis=(1, 2, 3))).astype(int)
    return x, y


@pytest.fixture
def toy_model(tiny_sequence_model):
    return lambda: tiny_sequence_model((2, 4, 4, 1), 2)


def test_fit_logs_times_and_predicts(capsys, toy_model):
    x, y = _toy_problem()
    (x_tr, y_tr), (x_val, y_val) = data.shuffled_split(x, y, 0.25, seed=0)
    model = toy_model()
    history = training.fit(
        model, x_tr, y_tr, epochs=2, batch_size=16, validation_data=(x_val, y_val)
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("epoch  1/2: ") and "val_accuracy" in lines[1]
    assert len(history.epoch_seconds) == 2 and min(history.epoch_seconds) > 0
    predicted = training.predict_classes(model, x_val)
    assert predicted.shape == (len(x_val),) and set(predicted) <= {0, 1}


def test_fit_rejects_images_for_a_sequence_model(toy_model):
    model = toy_model()
    with pytest.raises(ValueError, match="single images"):
        training.fit(model, np.zeros((8, 4, 4, 1), "float32"), np.zeros(8, int), epochs=1)


def test_fit_rejects_labels_of_wrong_length(toy_model):
    x, y = _toy_problem(16)
    with pytest.raises(ValueError, match="expected 16 labels"):
        training.fit(toy_model(), x, y[:10], epochs=1)


def test_stop_at_accuracy(toy_model):
    callback = callbacks.StopAtAccuracy(target=0.9)
    callback.set_model(toy_model())
    callback.on_epoch_end(0, {"val_accuracy": 0.5})
    assert callback.stopped_epoch is None
    callback.on_epoch_end(1, {"val_accuracy": 0.95})
    assert callback.stopped_epoch == 2 and callback.model.stop_training


def test_shuffled_split_is_seeded_and_disjoint():
    x = np.arange(20)
    y = np.repeat([0, 1], 10)  # stored class by class
    (x_tr, _), (x_val, y_val) = data.shuffled_split(x, y, 0.3, seed=1)
    assert len(x_val) == 6 and not set(x_tr) & set(x_val)
    assert len(set(y_val)) == 2  # a plain tail split would hold class 1 only
    (_, _), (x_val2, _) = data.shuffled_split(x, y, 0.3, seed=1)
    np.testing.assert_array_equal(x_val, x_val2)
    with pytest.raises(ValueError, match="fraction"):
        data.shuffled_split(x, y, 1.5, seed=1)
    with pytest.raises(ValueError, match="20 samples but y has 3"):
        data.shuffled_split(x, y[:3], 0.5, seed=1)


def test_accuracy_and_confusion_matrix():
    y_true = np.array([0, 1, 2, 2])
    y_pred = np.eye(3)[[0, 2, 2, 1]]  # one-hot predictions are accepted
    assert metrics.accuracy(y_true, y_pred) == 0.5
    matrix = metrics.confusion_matrix(y_true, y_pred, 3)
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 0, 1], [0, 1, 1]])
    with pytest.raises(ValueError, match="shape"):
        metrics.accuracy(y_true, y_true[:2])
    with pytest.raises(ValueError, match="undefined"):
        metrics.accuracy([], [])
    with pytest.raises(ValueError, match="y_pred must hold classes 0..2"):
        metrics.confusion_matrix(y_true, np.array([0, 1, 2, 3]), 3)


def test_misspelt_monitor_fails_after_the_first_batch(toy_model):
    x, y = _toy_problem(32)
    batches = []
    counter = training.keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: batches.append(batch)
    )
    stop = callbacks.StopAtAccuracy(0.9, monitor="val_acc")
    with pytest.raises(ValueError, match="monitor='val_acc' is not a logged metric"):
        training.fit(
            toy_model(),
            x,
            y,
            epochs=5,
            batch_size=4,
            validation_data=(x, y),
            callbacks=[counter, stop],
            verbose=False,
        )
    assert batches == [0]  # 8 batches per epoch, 5 epochs: it stopped after one batch


def test_stop_at_accuracy_resets_between_fits(toy_model):
    x, y = _toy_problem(16)
    stop = callbacks.StopAtAccuracy(0.01, monitor="accuracy")
    model = toy_model()
    training.fit(model, x, y, epochs=2, batch_size=16, callbacks=[stop], verbose=False)
    assert stop.stopped_epoch == 1
    training.fit(model, x, y, epochs=2, batch_size=16, callbacks=[stop], verbose=False)
    assert stop.stopped_epoch == 1  # reached again in the new run, not left from the old one


def test_fit_checks_arguments_before_training(toy_model):
    x, y = _toy_problem(8)
    model = toy_model()
    weights = [w.copy() for w in model.get_weights()]
    for kwargs, error, words in [
        ({"epochs": 0}, ValueError, "epochs must be an int >= 1, got 0"),
        ({"epochs": 1, "batch_size": 0}, ValueError, "batch_size must be an int >= 1, got 0"),
        ({"epochs": 1, "verbose": "yes"}, TypeError, "verbose must be True or False"),
        ({"epochs": 1, "validation_data": (x,)}, TypeError, "validation_data must be a pair"),
        ({"epochs": 1, "callbacks": ["stop"]}, TypeError, "callbacks must hold Keras callbacks"),
    ]:
        with pytest.raises(error, match=words):
            training.fit(model, x, y, **kwargs)
    for before, after in zip(weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(before, after)  # nothing trained


def test_fit_pixel_range_can_be_opted_out(toy_model):
    x, y = _toy_problem(8)
    with pytest.raises(ValueError, match=r"scaled to \[0, 1\]"):
        training.fit(toy_model(), x * 255, y, epochs=1, verbose=False)
    history = training.fit(toy_model(), x * 3 - 1, y, epochs=1, verbose=False, pixel_range=None)
    assert len(history.epoch_seconds) == 1


def test_shuffled_split_needs_two_non_empty_parts():
    with pytest.raises(ValueError, match="at least 2 samples"):
        data.shuffled_split(np.zeros(1), np.zeros(1), 0.5, seed=0)
    with pytest.raises(ValueError, match="leaves none for training"):
        data.shuffled_split(np.zeros(4), np.zeros(4), 0.9, seed=0)
    with pytest.raises(TypeError, match="fraction must be a number"):
        data.shuffled_split(np.zeros(4), np.zeros(4), "0.5", seed=0)


def test_metrics_refuse_what_they_would_misread():
    with pytest.raises(TypeError, match=r"e\.g\. 0\.9"):
        metrics.accuracy(np.array([0.9, 0.2]), np.array([0, 0]))  # not 1.0 by truncation
    with pytest.raises(ValueError, match=r"got shape \(2, 3, 4\)"):
        metrics.accuracy(np.zeros((2, 3, 4)), np.ones((2, 3, 4)))  # not 1.0 along a wrong axis
    with pytest.raises(ValueError, match="classes >= 0"):
        metrics.accuracy([-1, 0], [-1, 0])
    assert metrics.accuracy(np.array([True, False]), np.array([1, 1])) == 0.5
    assert metrics.as_class_indices(np.array([[0.1, 0.9], [0.8, 0.2]])).tolist() == [1, 0]


def _variables_made_while_tracing(run) -> list[str]:
    """Names of the variables created inside a traced function while ``run()`` runs (TensorFlow)."""
    import tensorflow as tf

    made: list[str] = []

    def creator(next_creator, **kwargs):
        if tf.inside_function():
            made.append(kwargs.get("name"))
        return next_creator(**kwargs)

    with tf.variable_creator_scope(creator):
        run()
    return made


def test_fit_makes_no_variable_inside_the_first_training_step(toy_model):
    pytest.importorskip("tensorflow")
    if training.keras.backend.backend() != "tensorflow":
        pytest.skip("the double trace is TensorFlow's")
    x, y = _toy_problem()
    as_keras_does = toy_model()  # compiled with "adam" and "accuracy" as strings
    made = _variables_made_while_tracing(lambda: as_keras_does.fit(x, y, epochs=1, verbose=0))
    assert any("momentum" in name for name in made) and "total" in made, made  # what it fixes
    model = toy_model()
    made = _variables_made_while_tracing(
        lambda: training.fit(model, x, y, epochs=1, verbose=False, validation_data=(x, y))
    )
    assert made == []
    assert model.optimizer.built


def test_build_training_state_keeps_training_the_same(toy_model):
    x, y = _toy_problem()
    plain, prepared = toy_model(), toy_model()  # the same initial weights (set_seed(0) in each)
    training.build_training_state(prepared, y)
    assert prepared.optimizer.built and not plain.optimizer.built
    first = plain.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0).history
    second = prepared.fit(x, y, epochs=2, batch_size=16, shuffle=False, verbose=0).history
    assert first.keys() == second.keys()
    assert all(first[key] == pytest.approx(second[key]) for key in first)


def test_build_training_state_needs_a_compiled_model():
    keras = training.keras
    with pytest.raises(ValueError, match="not compiled"):
        training.build_training_state(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]))
    with pytest.raises(TypeError, match="model must be a Keras model"):
        training.build_training_state("model")


def _course_models():
    """(model from a course compile function, x, y) for every single-output compile function."""
    from course_utils.models import cnn_lstm, frame_prediction, sequence_1d

    rng = np.random.default_rng(0)
    classifier = cnn_lstm.compile_classifier(
        cnn_lstm.build_cnn_lstm_folded(frames=4, frame_shape=(16, 24, 1))
    )
    recordings = sequence_1d.compile_classifier(sequence_1d.build_lstm(10, 2, 3))
    predictor = frame_prediction.compile_predictor(
        frame_prediction.build_cnn_lstm_predictor(steps=3, size=16)
    )
    return {
        "cnn_lstm.compile_classifier": (
            classifier, rng.random((4, 4, 16, 24, 1), dtype="float32"), np.arange(4) % 4
        ),
        "sequence_1d.compile_classifier": (
            recordings, rng.random((4, 10, 2), dtype="float32"), np.arange(4) % 3
        ),
        "frame_prediction.compile_predictor": (
            predictor, rng.random((4, 3, 16, 16, 1), dtype="float32"),
            rng.random((4, 3, 16, 16, 1), dtype="float32"),
        ),
    }


def test_course_compile_functions_build_every_training_variable():
    from course_utils.models import captioning

    for name, (model, x, y) in _course_models().items():
        assert model.optimizer.built, name
        if training.keras.backend.backend() == "tensorflow":
            made = _variables_made_while_tracing(lambda m=model, x=x, y=y: m.fit(x, y, verbose=0))
            assert made == [], (name, made)
    assert captioning.compile_captioner(captioning.build_captioner()).optimizer.built
    heads = captioning.compile_attribute_classifier(captioning.build_attribute_classifier())
    assert heads.optimizer.built


def test_cosine_schedule_falls_from_the_rate_towards_zero(toy_model):
    import keras

    x, y = _toy_problem(32)
    model = toy_model()
    schedule = callbacks.CosineSchedule(3e-3, 4)
    history = training.fit(model, x, y, epochs=4, batch_size=16, callbacks=[schedule],
                           verbose=False)
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
