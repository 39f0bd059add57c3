"""Inputs a student gets wrong: each is a one-line ValueError/TypeError raised by course_utils.

Every case calls a public function with one wrong argument and checks three
things: the exception's type, a phrase of its message (the argument, what was expected, what came),
and that the error was raised by a ``raise`` statement in ``course_utils``, before any NumPy, Keras
or standard-library call could fail on its own with a message about something else. The cases, in
order: NaN and unscaled pixels; a misspelt metric in a callback; float, NaN and 3-D
labels; epochs and batch sizes below 1, empty inputs; predictions on zero samples; seeds, sizes and
fractions of the wrong type; an unknown keyword to ``VideoStream``.
"""

import traceback
from types import SimpleNamespace

import numpy as np
import pytest

from course_utils import (
    callbacks,
    checks,
    data,
    display,
    metrics,
    recordings,
    session,
    streams,
    video,
)
from course_utils.session import import_keras

keras = import_keras()

RNG = np.random.default_rng(0)
IMAGES = RNG.random((6, 4, 4, 1)).astype("float32")  # (samples, rows, cols, channels) in [0, 1]
SEQUENCES = RNG.random((6, 2, 4, 4, 1)).astype("float32")  # (samples, time, rows, cols, channels)
LABELS = np.array([0, 1, 2, 0, 1, 2])
SMALL_VIDEOS = {"frames": 4, "height": 16, "width": 24}


def _with(x, value):
    x = x.copy()
    x.flat[7] = value
    return x


@pytest.fixture(scope="module")
def m():
    """Two tiny compiled classifiers (3 classes) and an uncompiled one."""
    session.set_seed(0)
    image = keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3, "softmax")]
    )
    sequence = keras.Sequential(
        [
            keras.Input((2, 4, 4, 1)),
            keras.layers.TimeDistributed(keras.layers.Flatten()),
            keras.layers.LSTM(2),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    for model in (image, sequence):
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    raw = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3)])
    return SimpleNamespace(image=image, sequence=sequence, uncompiled=raw)


def _fit_with_stop(m, monitor, validation=True):
    stop = callbacks.StopAtAccuracy(0.99, monitor=monitor)
    m.sequence.fit(
        SEQUENCES,
        LABELS,
        epochs=2,
        batch_size=6,
        validation_data=(SEQUENCES, LABELS) if validation else None,
        callbacks=[stop],
        verbose=False,
    )


# fmt: off
CASES = [
    # --- NaN and values outside [0, 1] given to models that expect scaled pixels
    ("check_input NaN", lambda m: checks.check_input(_with(IMAGES, np.nan), m.image),
     ValueError, "x holds 1 NaN value"),
    ("check_input inf", lambda m: checks.check_input(_with(IMAGES, np.inf), m.image),
     ValueError, "1 inf value"),
    ("check_input 0-255", lambda m: checks.check_input(IMAGES * 255, m.image),
     ValueError, "scaled to [0, 1], got values from"),
    ("check_input hint /255", lambda m: checks.check_input(IMAGES * 255, m.image),
     ValueError, "scale them first (x / 255)"),
    ("check_input negative", lambda m: checks.check_input(IMAGES - 0.5, m.image),
     ValueError, "scaled to [0, 1]"),
    ("check_input uint8", lambda m: checks.check_input((IMAGES * 255).astype(np.uint8), m.image),
     TypeError, "got dtype uint8"),
    ("check_pixels NaN", lambda m: checks.check_pixels(_with(IMAGES, np.nan)),
     ValueError, "NaN value"),
    ("check_input 0-255 with model", lambda m: checks.check_input(IMAGES * 255, m.image),
     ValueError, "scaled to [0, 1]"),
    ("check_sequences NaN with model",
     lambda m: checks.check_sequences(_with(SEQUENCES, np.nan), m.sequence),
     ValueError, "NaN value"),
    ("check_sequences 0-255", lambda m: checks.check_sequences(SEQUENCES * 255),
     ValueError, "got values from"),
    # --- an unknown metric name in a callback: an error at the start of training
    ("StopAtAccuracy val_acc", lambda m: _fit_with_stop(m, "val_acc"),
     ValueError, "monitor='val_acc' is not a logged metric"),
    ("StopAtAccuracy lists the keys", lambda m: _fit_with_stop(m, "val_acc"),
     ValueError, "accuracy, loss, val_accuracy, val_loss"),
    ("StopAtAccuracy without validation", lambda m: _fit_with_stop(m, "val_accuracy", False),
     ValueError, "fit has no validation_data"),
    ("StopAtAccuracy monitor not a str", lambda m: callbacks.StopAtAccuracy(monitor=3),
     TypeError, "monitor must be the name of a logged metric"),
    ("StopAtAccuracy target 1.5", lambda m: callbacks.StopAtAccuracy(target=1.5),
     ValueError, "target must be an accuracy in (0, 1], got 1.5"),
    ("StopAtAccuracy target str", lambda m: callbacks.StopAtAccuracy(target="0.9"),
     TypeError, "got '0.9' (str)"),
    # --- float or NaN labels; arrays that are not 1-D labels or 2-D scores
    ("accuracy float labels", lambda m: metrics.accuracy(np.array([0.9, 1.0]), [0, 1]),
     TypeError, "y_true must hold integer class labels, got dtype float64 (e.g. 0.9)"),
    ("accuracy NaN labels", lambda m: metrics.accuracy([0, 1], np.array([np.nan, 1.0])),
     TypeError, "y_pred must hold integer class labels, got dtype float64 with NaN"),
    ("accuracy 3-D", lambda m: metrics.accuracy(np.zeros((2, 3, 4)), np.zeros((2, 3, 4))),
     ValueError, "got shape (2, 3, 4)"),
    ("accuracy one score column", lambda m: metrics.accuracy([[0.2], [0.7]], [[0.1], [0.9]]),
     ValueError, "one column of scores has no argmax"),
    ("accuracy NaN scores", lambda m: metrics.accuracy([0, 1], [[np.nan, 1.0], [0.2, 0.8]]),
     ValueError, "must be finite"),
    ("confusion_matrix float labels",
     lambda m: metrics.confusion_matrix(np.array([0.9, 1.0]), [0, 1], 2),
     TypeError, "floats would be truncated"),
    ("confusion_matrix NaN labels",
     lambda m: metrics.confusion_matrix(np.array([np.nan, 1.0]), [0, 1], 2),
     TypeError, "with NaN"),
    ("confusion_matrix 3-D", lambda m: metrics.confusion_matrix(np.zeros((2, 2, 2)), [0, 1], 2),
     ValueError, "class labels (samples,) or scores (samples, classes)"),
    ("check_labels 0.9", lambda m: checks.check_labels(np.array([0.9, 1.0]), 3),
     TypeError, "fractions such as 0.9"),
    ("check_labels NaN", lambda m: checks.check_labels(np.array([np.nan, 1.0]), 3),
     TypeError, "holding NaN"),
    ("check_labels one-hot NaN", lambda m: checks.check_labels(np.array([[np.nan, 0.0, 1.0]]), 3),
     ValueError, "one-hot labels y hold NaN"),
    ("plot_confusion_matrix float labels",
     lambda m: display.plot_confusion_matrix(np.array([0.9, 1.0]), [0, 1]),
     TypeError, "integer class labels"),
    # --- epochs < 1, batch_size < 1, empty inputs: before Keras trains anything
    ("check_labels empty", lambda m: checks.check_labels(np.array([], dtype=int), 3),
     ValueError, "y holds no labels"),
    ("confusion_matrix empty", lambda m: metrics.confusion_matrix([], [], 2),
     ValueError, "no samples"),
    ("prepare_images empty", lambda m: data.prepare_images(np.zeros((0, 28, 28), np.uint8)),
     ValueError, "x holds no images"),
    # --- predictions on zero samples
    # --- seeds, sizes and fractions of the wrong type
    ("shuffled_split seed=-1", lambda m: data.shuffled_split(IMAGES, LABELS, 0.2, seed=-1),
     ValueError, "seed must be an int >= 0, got -1"),
    ("shuffled_split seed=2.5", lambda m: data.shuffled_split(IMAGES, LABELS, 0.2, seed=2.5),
     TypeError, "seed must be an int >= 0, got 2.5 (float)"),
    ("shuffled_split fraction '0.2'",
     lambda m: data.shuffled_split(IMAGES, LABELS, "0.2", seed=0),
     TypeError, "fraction must be a number between 0 and 1 (exclusive), got '0.2' (str)"),
    ("shuffled_split leaves no training part",
     lambda m: data.shuffled_split(IMAGES[:2], LABELS[:2], 0.9, seed=0),
     ValueError, "leaves none for training"),
    ("stratified_split test_size=2.5", lambda m: data.stratified_split(LABELS, 2.5),
     TypeError, "test_size must be an int >= 1, got 2.5 (float)"),
    ("stratified_split seed=-1", lambda m: data.stratified_split(LABELS, 2, seed=-1),
     ValueError, "seed must be an int >= 0, got -1"),
    ("load_mnist_sample seed '0'", lambda m: data.load_mnist_sample(seed="0"),
     TypeError, "seed must be an int >= 0, got '0' (str)"),
    ("make_digit_sequences n=2.5",
     lambda m: data.make_digit_sequences(np.zeros((10, 28, 28), np.uint8), np.arange(10), 2.5, 0),
     TypeError, "n must be an int, got float 2.5"),
    ("make_digit_sequences frames=2.5", lambda m: data.make_digit_sequences(
        np.zeros((10, 28, 28), np.uint8), np.arange(10), 4, seed=0, frames=2.5),
     TypeError, "frames must be an int, got float 2.5"),
    ("make_videos n_per_class=2.5", lambda m: video.make_videos(2.5, 0),
     TypeError, "n_per_class must be an integer, got float 2.5"),
    ("make_videos seed=-1", lambda m: video.make_videos(1, -1, **SMALL_VIDEOS),
     ValueError, "seed must be an integer >= 0"),
    ("VideoStream per_class=2.5", lambda m: streams.VideoStream(2.5, 0, 1, **SMALL_VIDEOS),
     TypeError, "per_class must be an int >= 1, got 2.5"),
    ("VideoStream seed=-1", lambda m: streams.VideoStream(1, -1, 1, **SMALL_VIDEOS),
     ValueError, "seed must be an int >= 0, got -1"),
    ("epoch_seed seed=-1", lambda m: streams.epoch_seed(-1, 0),
     ValueError, "seed must be an int >= 0, got -1"),
    ("set_seed -1", lambda m: session.set_seed(-1),
     ValueError, "seed must be a non-negative int, got -1"),
    ("set_seed 2.5", lambda m: session.set_seed(2.5),
     TypeError, "seed must be a non-negative int, got 2.5 (float)"),
    ("confusion_matrix n_classes=2.5", lambda m: metrics.confusion_matrix([0], [1], 2.5),
     TypeError, "n_classes must be an int >= 1, got 2.5"),
    ("plot_images ncols=2.5", lambda m: display.plot_images(IMAGES, ncols=2.5),
     TypeError, "ncols must be an int >= 1, got 2.5"),
    ("plot_images size='2'", lambda m: display.plot_images(IMAGES, size="2"),
     TypeError, "size must be a finite number > 0"),
    ("animate size=0", lambda m: display.animate(SEQUENCES[:1], size=0),
     ValueError, "size must be a finite number > 0, got 0"),
    ("report fmt with two fields", lambda m: session.report("accuracy", 0.5, "{} {}"),
     ValueError, "cannot format the value 0.5"),
    ("report NaN", lambda m: session.report("accuracy", float("nan"), "{:.2%}"),
     ValueError, "must be a finite number"),
    # --- an unknown keyword to VideoStream is named as VideoStream's
    ("VideoStream colour=True", lambda m: streams.VideoStream(1, 0, 1, colour=True),
     TypeError, "VideoStream got unexpected keyword argument(s) 'colour' for make_videos"),
    ("VideoStream lists what make takes", lambda m: streams.VideoStream(1, 0, 1, colour=True),
     TypeError, "which takes: frames, height, width"),
    ("VideoStream n_per_class given", lambda m: streams.VideoStream(1, 0, 1, n_per_class=3),
     TypeError, "VideoStream sets 'n_per_class' of make_videos itself"),
    ("VideoStream misspelt keyword", lambda m: streams.VideoStream(1, 0, 1, frame=4),
     TypeError, "unexpected keyword argument(s) 'frame' for make_videos, which takes: frames"),
    # --- a model expected, something else given
    ("layer_table None", lambda m: display.layer_table(None),
     TypeError, "model must be a Keras model, got None (NoneType)"),
    ("multiply_adds None", lambda m: metrics.multiply_adds(None),
     TypeError, "model must be a Keras model, got None"),
    ("feature_map_bytes None", lambda m: metrics.feature_map_bytes(None, 16),
     TypeError, "model must be a Keras model, got None"),
    ("feature_map_bytes bytes_per_value=-4",
     lambda m: metrics.feature_map_bytes(m.sequence, 16, bytes_per_value=-4),
     ValueError, "bytes_per_value must be an int >= 1, got -4"),
    # --- values a plot or a statistic cannot use
    ("plot_history unequal lengths", lambda m: display.plot_history(
        {"loss": [1.0, 0.5, 0.2], "val_loss": [1.0, 0.6], "accuracy": [0.1, 0.5, 0.9],
         "val_accuracy": [0.1, 0.4]}),
     ValueError, "every metric needs one value per epoch"),
    ("plot_images 7 labels for 6 images",
     lambda m: display.plot_images(IMAGES, labels=list(range(7))),
     ValueError, "labels has 7 entries for 6 images"),
    ("animate NaN frames", lambda m: display.animate(_with(SEQUENCES[:1], np.nan)),
     ValueError, "pixel values are NaN or inf"),
    ("channel_stats NaN", lambda m: recordings.channel_stats(
        np.full((2, 3, 1), np.nan, "float32"), np.array([3, 3])),
     ValueError, "NaN or inf values in its real steps"),
    ("standardise zero std", lambda m: recordings.standardise(
        np.ones((2, 3, 1), "float32"), np.array([3, 3]), np.zeros(1), np.zeros(1)),
     ValueError, "std must be finite and > 0 for every channel"),
    ("VideoStream index 2.5", lambda m: streams.VideoStream(1, 0, 1, **SMALL_VIDEOS)[2.5],
     TypeError, "index must be an int, got 2.5"),
]
# fmt: on


@pytest.mark.parametrize(
    ("call", "error", "phrase"),
    [pytest.param(call, error, phrase, id=name) for name, call, error, phrase in CASES],
)
def test_bad_input_is_a_clear_error_from_course_utils(m, call, error, phrase):
    with pytest.raises(error) as info:
        call(m)
    assert type(info.value) is error  # one class per kind: never both TypeError and ValueError
    message = str(info.value)
    assert phrase in message
    assert "\n" not in message  # one line
    last = traceback.extract_tb(info.tb)[-1]  # where the exception was raised
    assert "/course_utils/" in last.filename.replace("\\", "/"), last
    assert (last.line or "").lstrip().startswith("raise"), last


def test_there_are_enough_cases():
    assert len(CASES) >= 40
    assert len({name for name, *_ in CASES}) == len(CASES)


def test_good_inputs_still_pass(m):
    assert checks.check_input(IMAGES, m.image) is IMAGES
    assert checks.check_sequences(SEQUENCES, m.sequence) is SEQUENCES
    assert checks.check_labels(np.eye(3)[LABELS], 3).shape == (6, 3)
    assert metrics.accuracy(LABELS, np.eye(3)[LABELS]) == 1.0
    assert metrics.accuracy(np.array([True, False]), [1, 0]) == 1.0
    assert checks.positive_int("n", np.int64(3)) == 3  # NumPy integers are integers
    (_, _), (x_val, _) = data.shuffled_split(list(range(10)), list(range(10)), 0.2, seed=0)
    assert x_val.shape == (2,)  # lists are converted
    # inputs that are not images (e.g. recordings (samples, time, channels)) have no pixel range
    recordings = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(2)])
    standardised = RNG.normal(size=(3, 5, 2)).astype("float32")
    assert checks.check_input(standardised, recordings) is standardised
    with pytest.raises(ValueError, match="NaN"):
        checks.check_input(_with(standardised, np.nan), recordings)


def test_one_exception_class_per_kind():
    # a wrong type is a TypeError only, a wrong value a ValueError only
    with pytest.raises(TypeError, match="got 2.5") as info:
        checks.positive_int("epochs", 2.5)
    assert not isinstance(info.value, ValueError)
    with pytest.raises(ValueError, match="got 0") as info:
        checks.positive_int("epochs", 0)
    assert not isinstance(info.value, TypeError)


def test_stop_at_accuracy_still_stops_on_a_logged_metric(m):
    stop = callbacks.StopAtAccuracy(0.01, monitor="accuracy")
    history = m.sequence.fit(SEQUENCES, LABELS, epochs=3, batch_size=6, callbacks=[stop], verbose=0)
    assert stop.stopped_epoch == 1 and len(history.history["loss"]) == 1
