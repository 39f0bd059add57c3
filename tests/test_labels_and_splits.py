"""course_utils.metrics on labels, and data.shuffled_split: what a lesson's scores rest on."""

import numpy as np
import pytest

from course_utils import data, metrics


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
