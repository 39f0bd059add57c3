"""The exercise checker says right, wrong (and what is wrong) or not answered; bad calls refused."""

import numpy as np
import pytest

from course_utils import exercises


@pytest.mark.parametrize("answer, kwargs, right, says", [
    (..., {"equals": 3}, False, "Not answered yet"),
    (1100, {"equals": 1100}, True, "Correct"),
    (1000, {"equals": 1100}, False, "too low"),
    (1200, {"equals": 1100}, False, "too high"),
    (1101, {"equals": 1100, "rel_tol": 0.01}, True, "Correct"),
    ("1100", {"equals": 1100}, False, "expected a number"),
    ((None, 20, 50, 130, 1), {"equals": (None, 20, 50, 130, 1)}, True, "Correct"),
    ((20, 50, 130, 1), {"equals": (None, 20, 50, 130, 1)}, False, "expected 5 values"),
    ((None, 20, 50, 131, 1), {"equals": (None, 20, 50, 130, 1)}, False, "value 3"),
    (" Ascending", {"equals": "ascending"}, True, "Correct"),
    ("descending", {"equals": "ascending"}, False, "is not it"),
    (True, {"equals": False}, False, "is not it"),
    (np.ones((2, 3)), {"equals": np.ones((2, 3))}, True, "Correct"),
    (np.ones((3, 2)), {"equals": np.ones((2, 3))}, False, "shape"),
    (np.zeros((2, 3)), {"equals": np.ones((2, 3))}, False, "6 of 6 values differ"),
    (0.9, {"at_least": 0.5}, True, "Correct"),
    (0.4, {"at_least": 0.5}, False, "below the floor"),
    (0.4, {"at_most": 0.3}, False, "above the ceiling"),
    ("high", {"at_least": 0.5}, False, "expected a number"),
])
def test_check_says_what_is_wrong(capsys, answer, kwargs, right, says):
    assert bool(exercises.check(answer, "the answer", **kwargs)) is right
    assert says in capsys.readouterr().out


def test_a_wrong_answer_does_not_reveal_the_expected_value(capsys):
    exercises.check(1234, "the weights", equals=98765)
    assert "98" not in capsys.readouterr().out


@pytest.mark.parametrize("kwargs, error, names", [
    ({}, ValueError, "equals"),
    ({"equals": 1, "at_least": 0}, ValueError, "not both"),
    ({"equals": {1: 2}}, TypeError, "equals"),
    ({"equals": 1, "rel_tol": -1}, ValueError, "rel_tol"),
])
def test_bad_calls_are_refused(kwargs, error, names):
    with pytest.raises(error, match=names):
        exercises.check(1, "the answer", **kwargs)


def test_what_must_be_a_description():
    with pytest.raises(TypeError, match="what"):
        exercises.check(1, 3, equals=1)


def test_a_check_cell_shows_only_the_sentence():
    verdict = exercises.check(3, "the answer", equals=3)
    assert verdict and hasattr(verdict, "_ipython_display_") and verdict._ipython_display_() is None
    assert not exercises.check(2, "the answer", equals=3)
