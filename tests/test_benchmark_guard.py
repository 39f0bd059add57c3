"""A benchmark run on part of its recipe never overwrites the stored result."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from stream_runs import write_report  # noqa: E402


def test_a_partial_run_does_not_overwrite_the_stored_file(tmp_path):
    stored, packaged = tmp_path / "stored.json", tmp_path / "packaged.json"
    stored.write_text("{}")
    with pytest.raises(SystemExit, match="refusing to overwrite stored.json"):
        write_report({"runs": []}, stored, stored, packaged, complete=False)
    assert stored.read_text() == "{}" and not packaged.exists()


def test_a_partial_run_may_write_elsewhere_and_a_whole_one_stores(tmp_path):
    stored, packaged, elsewhere = (tmp_path / n for n in ("s.json", "p.json", "e.json"))
    write_report({"runs": [1]}, elsewhere, stored, packaged, complete=False)
    assert elsewhere.exists() and not stored.exists()
    write_report({"runs": [1]}, stored, stored, packaged, complete=True)
    assert stored.read_text() == packaged.read_text()
