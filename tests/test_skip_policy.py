"""``COURSE_NO_SKIPS=1`` turns an unexpected skip into a failure (conftest.py), and only that."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = '''
import pytest

def test_browser_missing():
    pytest.skip("Chromium is not installed")

def test_optional_backend():
    pytest.importorskip("no_such_backend_module")

def test_jax_absent(monkeypatch):
    pytest.skip("could not import 'jax': No module named 'jax'")

def test_passes():
    pass
'''


def _run(tmp_path, no_skips: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_probe.py").write_text(PROBE)
    (tmp_path / "conftest.py").write_text((ROOT / "conftest.py").read_text())
    env = {**os.environ, "COURSE_NO_SKIPS": no_skips}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-p", "no:nbval", str(tmp_path)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, check=False)


def test_unexpected_skips_fail_when_required(tmp_path):
    run = _run(tmp_path, "1")
    assert "2 failed, 1 passed, 1 skipped" in run.stdout, run.stdout[-1500:]  # jax: expected
    assert "COURSE_NO_SKIPS=1: this test was skipped (Chromium is not installed)" in run.stdout


def test_skips_stay_skips_otherwise(tmp_path):
    run = _run(tmp_path, "0")
    assert "1 passed, 3 skipped" in run.stdout, run.stdout[-1500:]
