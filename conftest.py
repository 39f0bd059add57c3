"""Test-suite settings shared by the unit tests and the notebooks re-run by nbval.

- Quick mode: the notebooks run the very same cells on smaller data and fewer epochs
  (``COURSE_QUICK=1``, read by ``course_utils.session``). Set ``COURSE_QUICK=0`` to test full mode.
- Figures render off screen (Agg), so the suite runs on machines without a display.
- nbval compares only the cells marked ``# NBVAL_CHECK_OUTPUT``; stderr is never compared, since
  it holds messages from the libraries that differ between versions and machines.
- ``COURSE_STRICT_OUTPUT=1`` (set by CI, ``.ci/run``): a notebook cell that writes anything to
  stderr, or prints a Python warning (``SomethingWarning: ...``), fails, so that a stored run on
  the tested versions and backends has no stray output.
"""

from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("COURSE_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

STRICT_ENV_VAR = "COURSE_STRICT_OUTPUT"
WARNING_LINE = re.compile(r"^.*\b[A-Z]\w*Warning: ", flags=re.MULTILINE)


def stray_outputs(outputs: list) -> list[str]:
    """What a strict run rejects in one cell's outputs: stderr text and printed Python warnings."""
    stray = []
    for out in outputs:
        if out.get("output_type") != "stream":
            continue
        text = out.get("text", "")
        if out.get("name") == "stderr" and text.strip():
            stray.append(f"stderr: {text.strip()[:500]}")
        elif out.get("name") == "stdout":
            stray += [f"warning on stdout: {m.group(0)[:500]}" for m in WARNING_LINE.finditer(text)]
    return stray


def _strict() -> bool:
    return os.environ.get(STRICT_ENV_VAR, "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collectstart(collector):
    """Skip stderr (and volatile rich outputs) when nbval compares a notebook's stored outputs."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "text/html", "application/javascript")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """In a strict run, fail a notebook cell that wrote to stderr or printed a warning."""
    result = yield
    outputs = getattr(item, "test_outputs", None)
    if _strict() and outputs:
        stray = stray_outputs(outputs)
        if stray:
            pytest.fail(
                f"{STRICT_ENV_VAR}=1: cell {item.name} printed stray output:\n" + "\n".join(stray),
                pytrace=False,
            )
    return result
