"""Check a student's answer to an exercise, and say what is wrong without giving the answer away.

Each exercise has a cell in which the student replaces ``...`` with an answer, and a cell that
calls :func:`check`. The hidden solution at the end of the notebook passes the same check
(``assert exercises.check(...)``).
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np


class Verdict:
    """What :func:`check` returns: true when the answer is right. A notebook cell ending with a
    check shows only the printed sentence, not this object."""

    def __init__(self, right: bool) -> None:
        self.right = right

    def __bool__(self) -> bool:
        return self.right

    def __repr__(self) -> str:
        return f"Verdict(right={self.right})"

    def _ipython_display_(self) -> None:  # IPython: display nothing (the sentence is printed)
        pass


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _compare_number(answer: float, expected: float, rel_tol: float) -> str | None:
    if abs(answer - expected) <= rel_tol * abs(expected) + 1e-12:
        return None
    direction = "too high" if answer > expected else "too low"
    if expected != 0:
        return f"{answer:,} is {direction} (off by {abs(answer - expected) / abs(expected):.0%})"
    return f"{answer:,} is {direction}"


def _compare(answer: Any, expected: Any, rel_tol: float) -> str | None:
    """None when ``answer`` equals ``expected``, else a sentence on what differs."""
    if expected is None:  # e.g. the batch axis of a shape
        return None if answer is None else f"{answer!r} should be None"
    if isinstance(expected, str):
        if not isinstance(answer, str):
            return f"expected a string, got {type(answer).__name__}"
        same = answer.strip().lower() == expected.strip().lower()
        return None if same else f"{answer!r} is not it"
    if isinstance(expected, bool):
        if not isinstance(answer, (bool, np.bool_)):
            return f"expected True or False, got {type(answer).__name__}"
        return None if bool(answer) == expected else f"{answer} is not it"
    if _is_number(expected):
        if not _is_number(answer):
            return f"expected a number, got {type(answer).__name__}"
        return _compare_number(float(answer), float(expected), rel_tol)
    if isinstance(expected, (tuple, list)):
        if not isinstance(answer, (tuple, list)):
            return f"expected a tuple of {len(expected)} values, got {type(answer).__name__}"
        if len(answer) != len(expected):
            return f"expected {len(expected)} values, got {len(answer)}"
        for i, (a, e) in enumerate(zip(answer, expected, strict=True)):
            wrong = _compare(a, e, rel_tol)
            if wrong:
                return f"value {i} (counting from 0): {wrong}"
        return None
    if isinstance(expected, np.ndarray):
        answer = np.asarray(answer) if isinstance(answer, (list, tuple, np.ndarray)) else answer
        if not isinstance(answer, np.ndarray):
            return f"expected an array, got {type(answer).__name__}"
        if answer.shape != expected.shape:
            return f"the shape is {answer.shape}: not the expected shape"
        close = np.isclose(answer, expected, rtol=rel_tol, atol=1e-12)
        if close.all():
            return None
        return f"{int((~close).sum())} of {close.size} values differ"
    raise TypeError(
        f"equals: expected a number, string, bool, tuple, list or NumPy array, "
        f"got {type(expected).__name__}"
    )


def check(
    answer: Any,
    what: str,
    *,
    equals: Any = None,
    at_least: float | None = None,
    at_most: float | None = None,
    rel_tol: float = 0.0,
) -> Verdict:
    """Print whether ``answer`` (the student's ``what``) is right, and if not what is wrong.

    Give ``equals`` (a number, string, bool, shape tuple or array), or a bound ``at_least`` and/or
    ``at_most`` for a number (a score that must beat a floor). ``rel_tol`` is the relative
    tolerance for numbers. An ``answer`` still ``...`` is "not answered yet". Returns a
    :class:`Verdict`, true when the answer is right (``assert exercises.check(...)``).
    """
    if not isinstance(what, str) or not what:
        raise TypeError(f"what: expected a short description (str), got {what!r}")
    if equals is None and at_least is None and at_most is None:
        raise ValueError("check: give equals, at_least or at_most (none was given)")
    if equals is not None and (at_least is not None or at_most is not None):
        raise ValueError("check: give either equals or the bounds at_least/at_most, not both")
    if not _is_number(rel_tol) or rel_tol < 0:
        raise ValueError(f"rel_tol: expected a number >= 0, got {rel_tol!r}")
    if answer is Ellipsis:
        print(f"Not answered yet: replace ... with {what}.")
        return Verdict(False)
    if equals is not None:
        wrong = _compare(answer, equals, rel_tol)
    elif not _is_number(answer):
        wrong = f"expected a number, got {type(answer).__name__}"
    elif at_least is not None and answer < at_least:
        wrong = f"{answer:.4g} is below the floor of {at_least:.4g}"
    elif at_most is not None and answer > at_most:
        wrong = f"{answer:.4g} is above the ceiling of {at_most:.4g}"
    else:
        wrong = None
    if wrong:
        print(f"Not yet: {what}: {wrong}.")
        return Verdict(False)
    print(f"Correct: {what}.")
    return Verdict(True)
