"""CI runs the README's two commands exactly as written: it must find them (``.ci/run``'s own
``readme_command``), and they must be the ones a newcomer types."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CI_RUN = ROOT / ".ci" / "run"


def _function(name: str) -> str:
    """The text of one shell function of ``.ci/run``."""
    match = re.search(rf"^{name}\(\) \{{.*?^\}}$", CI_RUN.read_text(), flags=re.S | re.M)
    assert match, f".ci/run has no function {name}()"
    return match.group(0)


def _readme_command(readme: Path, key: str) -> str:
    bash = shutil.which("bash")
    if bash is None or shutil.which("awk") is None:
        pytest.fail("bash and awk are needed to run .ci/run")
    script = f"{_function('readme_command')}\nreadme_command \"$1\""
    done = subprocess.run([bash, "-c", script, "ci", key], cwd=readme.parent,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _keys() -> list[str]:
    return re.findall(r'readme_command "([^"]+)"\)', CI_RUN.read_text())


def test_ci_finds_the_readmes_two_commands():
    keys = _keys()
    assert len(keys) == 2, keys
    found = [_readme_command(ROOT / "README.md", key) for key in keys]
    assert found == ["pip install -r requirements.txt && jupyter lab notebooks/",
                     "pip install -r requirements.txt && pytest"], found


def test_ci_fails_when_the_readme_moves_its_commands(tmp_path):
    """The lookup is by sentence: a README whose sentence is reflowed gives nothing, and .ci/run
    stops (it checks for an empty command)."""
    text = (ROOT / "README.md").read_text()
    reflowed = text.replace("To install and open the course", "To install and open the\ncourse")
    (tmp_path / "README.md").write_text(reflowed)
    assert _readme_command(tmp_path / "README.md", _keys()[0]) == ""
    assert 'fail_now "the README\'s two commands not found"' in CI_RUN.read_text()


def test_the_readme_names_the_python_ci_uses():
    """.ci/run's newcomer lane uses the oldest Python the README names."""
    pinned = re.search(r"^README_PYTHON=(\d+)\.(\d+)\.\d+", CI_RUN.read_text(), flags=re.M)
    named = re.search(r"Python (\d+)\.(\d+) or newer", (ROOT / "README.md").read_text())
    assert pinned and named and pinned.groups() == named.groups(), (pinned, named)
