"""Test-suite settings shared by the unit tests and the notebooks re-run by nbval.

- Quick mode: the notebooks run the very same cells on smaller data and fewer epochs
  (``COURSE_QUICK=1``, read by ``course_utils.session``). Set ``COURSE_QUICK=0`` to test full mode.
- Figures render off screen (Agg), so the suite runs on machines without a display.
- nbval compares only the cells marked ``# NBVAL_CHECK_OUTPUT``; stderr is never compared, since
  it holds messages from the libraries that differ between versions and machines.
- ``COURSE_STRICT_OUTPUT=1`` (set by CI, ``.ci/run``): a notebook cell that writes anything to
  stderr, or prints a Python warning (``SomethingWarning: ...``), fails, so that a stored run on
  the tested versions and backends has no stray output.
- ``COURSE_NO_SKIPS=1`` (set by CI): a skipped test fails, unless its skip is expected: the
  Colab-only install cell (tagged ``nbval-skip``) and a test of an optional backend (JAX, PyTorch)
  in an environment that does not install it. A required part that went missing (Chromium, a
  stored file) cannot pass as a skip.
"""

from __future__ import annotations

import os
import re

import pytest

os.environ.setdefault("COURSE_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

STRICT_ENV_VAR = "COURSE_STRICT_OUTPUT"
NO_SKIPS_ENV_VAR = "COURSE_NO_SKIPS"
#: Skip reasons that are expected wherever they happen: optional backends not installed.
EXPECTED_SKIP = re.compile(r"^could not import '(jax|torch)'")
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


def _on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _strict() -> bool:
    return _on(STRICT_ENV_VAR)


def unexpected_skip(item, report) -> str | None:
    """The reason of a skip that ``COURSE_NO_SKIPS=1`` turns into a failure, else None."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    if getattr(item, "options", {}).get("skip"):  # nbval-skip: the Colab-only install cell
        return None
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    reason = reason.removeprefix("Skipped: ")
    return None if EXPECTED_SKIP.match(reason) else reason


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With ``COURSE_NO_SKIPS=1``, an unexpected skip is reported as a failure."""
    report = yield
    reason = unexpected_skip(item, report) if _on(NO_SKIPS_ENV_VAR) else None
    if reason is not None:
        report.outcome = "failed"
        report.longrepr = f"{NO_SKIPS_ENV_VAR}=1: this test was skipped ({reason})"
    return report


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
