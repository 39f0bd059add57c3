"""course_utils.display: figures come back closed, drawn, and nothing is printed."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_utils import display

IMAGES = np.random.default_rng(0).integers(0, 255, (6, 28, 28), dtype=np.uint8)


def _check(fig, capsys, n_axes=None):
    assert isinstance(fig, Figure)
    assert fig.number not in plt.get_fignums()  # closed: shown once, never piled up
    fig.canvas.draw()
    if n_axes is not None:
        assert len(fig.axes) == n_axes
    assert capsys.readouterr().out == ""


def test_plot_images_marks_wrong_predictions(capsys):
    labels = np.array([0, 1, 2, 3, 4, 5])
    preds = np.array([0, 1, 2, 3, 4, 9])
    fig = display.plot_images(IMAGES, labels, preds, ncols=3)
    _check(fig, capsys, 6)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "0" and titles[5] == "5 → 9"
    assert fig.axes[5].title.get_color() == display.WRONG_COLOUR


def test_plot_images_with_class_names_and_limit(capsys):
    fig = display.plot_images(IMAGES, np.zeros(6, int), class_names=["zero"], max_images=4, ncols=4)
    _check(fig, capsys, 4)
    assert fig.axes[0].get_title() == "zero"


def test_plot_images_rejects_bad_input():
    with pytest.raises(ValueError, match="expected images"):
        display.plot_images(IMAGES[0])
    with pytest.raises(ValueError, match="labels has 2 entries for 6 images"):
        display.plot_images(IMAGES, labels=[0, 1])


def test_plot_history_from_dict(capsys):
    logs = {
        "loss": [1.0, 0.5],
        "val_loss": [1.1, 0.7],
        "accuracy": [0.5, 0.8],
        "val_accuracy": [0.4, 0.7],
    }
    fig = display.plot_history(logs)
    _check(fig, capsys, 2)
    assert [line.get_label() for line in fig.axes[0].lines] == ["train", "validation"]


def test_plot_history_rejects_bad_input():
    with pytest.raises(ValueError, match="not in the history"):
        display.plot_history({"loss": [1.0]}, metrics=("accuracy",))
    with pytest.raises(TypeError, match="History"):
        display.plot_history([1.0, 2.0])


def test_plot_confusion_matrix(capsys):
    fig = display.plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], class_names=["a", "b", "c"])
    _check(fig, capsys, 1)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts.count("1") == 4 and texts.count("0") == 5
    with pytest.raises(ValueError, match="2 names for 3 classes"):
        display.plot_confusion_matrix([0, 1], [0, 1], class_names=["a", "b"], n_classes=3)


def test_plot_history_of_several_runs_compares_models(capsys):
    fig = display.plot_history(
        {"a": {"val_accuracy": [0.2, 0.5]}, "b": {"val_accuracy": [0.3, 0.9, 1.0]}}
    )
    _check(fig, capsys, 1)
    assert [line.get_label() for line in fig.axes[0].lines] == ["a", "b"]
    assert len(fig.axes[0].lines[1].get_xdata()) == 3
    with pytest.raises(ValueError, match="'a' has no 'val_loss'"):
        display.plot_history({"a": {"val_accuracy": [0.2]}}, "val_loss")
    with pytest.raises(TypeError, match="expected a Keras History"):
        display.plot_history({})
    assert plt.get_fignums() == []  # a rejected call leaves no figure behind


def test_plot_sequence_features(capsys):
    features = np.random.default_rng(0).random((3, 20, 48))
    fig = display.plot_sequence_features(features, ["a", "b", "c"])
    _check(fig, capsys, 4)  # three heat maps and a colour bar
    assert fig.axes[1].get_title() == "b"
    with pytest.raises(ValueError, match=r"\(samples, time, features\)"):
        display.plot_sequence_features(features[0])
    with pytest.raises(ValueError, match="2 titles for 3 clips"):
        display.plot_sequence_features(features, ["a", "b"])


@pytest.mark.parametrize(
    ("draw", "error", "words"),
    [
        (lambda: display.plot_images(IMAGES, labels=np.full(6, 0.9)), TypeError, "e.g. 0.9"),
        (
            lambda: display.plot_images(IMAGES, np.full(6, 3), class_names=["a", "b"]),
            ValueError,
            r"labels must index class_names \(0..1\), got values up to 3",
        ),
        (lambda: display.plot_images(IMAGES, class_names="ab"), TypeError, "list of names"),
        (lambda: display.plot_images(IMAGES, ncols=0), ValueError, "ncols must be an int >= 1"),
        (
            lambda: display.plot_history({"loss": [1.0]}, metrics="loss"),
            TypeError,
            r"write \('loss',\)",
        ),
        (lambda: display.plot_history({"loss": [1.0]}, metrics=()), ValueError, "metrics is empty"),
        (lambda: display.plot_history([{"loss": [1.0]}]), TypeError, "expected a Keras History"),
        (
            lambda: display.plot_history({"a": {"loss": [1.0]}}, "loss", ylim=(1, 0)),
            ValueError,
            "bottom < top",
        ),
        (lambda: display.plot_confusion_matrix([], []), ValueError, "no samples"),
        (lambda: display.plot_sequence_features(np.full((1, 2, 3), np.nan)), ValueError, "finite"),
    ],
)
def test_bad_arguments_are_refused_before_drawing(draw, error, words):
    figures = len(plt.get_fignums())
    with pytest.raises(error, match=words):
        draw()
    assert len(plt.get_fignums()) == figures  # no figure left open
