"""Collect the headline results a notebook printed (``session.report``) for ``RESULTS.md``.

A notebook reports each headline number once, in a cell of its own or at the end of a training
cell::

    session.report("CNN test accuracy", test_accuracy, "{:.2%}")

which prints ``Result | CNN test accuracy: 98.35%``. ``python -m tools.build`` reads those
lines from the executed notebook (:func:`collect`), so the table in ``RESULTS.md`` always holds what
the stored notebook shows, never a number typed by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from course_utils.session import RESULT_PREFIX

PREFIX = RESULT_PREFIX
_LINE = re.compile(r"^Result \| (?P<name>[^:]+): (?P<value>.+)$")
_SOURCE = re.compile(r"^MNIST source: (?P<source>[^:]+):")
#: The summary line of ``course_utils.recordings`` data, e.g. "BasicMotions: 40 train / 40 test
#: recordings, ...".
_RECORDINGS = re.compile(r"^\w+: \d+ train / \d+ test recordings\b")


def _stream_lines(notebook: Mapping[str, Any]) -> Iterable[str]:
    if not isinstance(notebook, Mapping):
        raise TypeError(
            "notebook must be an executed notebook as a dict (json.load or nbformat.read of the "
            f".ipynb file), got {type(notebook).__name__}"
        )
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                text = output.get("text", "")
                yield from ("".join(text) if isinstance(text, list) else text).splitlines()


def collect(notebook: Mapping[str, Any]) -> dict[str, str]:
    """Every ``Result | name: value`` line printed by an executed notebook, in order."""
    found: dict[str, str] = {}
    for line in _stream_lines(notebook):
        match = _LINE.match(line.strip())
        if match:
            found[match["name"]] = match["value"]
    return found


def data_source(notebook: Mapping[str, Any]) -> str:
    """Which data an executed notebook used.

    ``full MNIST ...`` or ``embedded sample ...`` for the notebooks that load MNIST (their
    ``MNIST source:`` line); ``embedded recordings ...`` for those that print a recordings summary
    (``course_utils.recordings``, lesson 06); otherwise the notebook generated its data:
    ``"synthetic videos"``.
    """
    recordings = False
    for line in _stream_lines(notebook):
        match = _SOURCE.match(line.strip())
        if match:
            return match["source"]
        recordings = recordings or bool(_RECORDINGS.match(line.strip()))
    if recordings:
        return "embedded recordings (UEA archive, checksums verified)"
    return "synthetic videos"
