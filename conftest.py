"""Test-suite settings shared by the unit tests and the notebooks re-run by nbval.

- Quick mode: the notebooks run the very same cells on smaller data and fewer epochs
  (``COURSE_QUICK=1``, read by ``course_utils.runtime``). Set ``COURSE_QUICK=0`` to test full mode.
- Figures render off screen (Agg), so the suite runs on machines without a display.
- nbval compares only the cells marked ``# NBVAL_CHECK_OUTPUT``; stderr is never compared, since
  it holds messages from the libraries that differ between versions and machines.
"""

import os

os.environ.setdefault("COURSE_QUICK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def pytest_collectstart(collector):
    """Skip stderr (and volatile rich outputs) when nbval compares a notebook's stored outputs."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr", "text/html", "application/javascript")
