"""The lock file (what CI installs alone) satisfies every bound of requirements.txt and of the
course package (pyproject.toml), and pins the three Keras backends that CI tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def pins(text: str) -> dict[str, Version]:
    """``name==version`` lines of a lock file, by canonical name."""
    found = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)", line)
        if match:
            found[canonicalize_name(match[1])] = Version(match[2])
    return found


def unmet(requirements: list[str], locked: dict[str, Version]) -> list[str]:
    """The requirements the locked versions do not satisfy (missing or out of bounds)."""
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name}: not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}: locked {version}, needs {requirement.specifier}")
    return problems


def _requirements_txt() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines
            if line.strip() and not line.startswith(("#", "-"))]


def _pyproject() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return project["dependencies"] + [r for extra in project["optional-dependencies"].values()
                                      for r in extra]


def test_lock_satisfies_requirements_and_the_package():
    locked = pins((ROOT / "requirements-lock.txt").read_text())
    assert unmet(_requirements_txt() + _pyproject(), locked) == []


def test_lock_pins_the_three_backends_and_leaves_the_course_out():
    text = (ROOT / "requirements-lock.txt").read_text()
    locked = pins(text)
    assert {"tensorflow", "jax", "torch"} <= set(locked)
    assert not re.search(r"(?m)^-e ", text)  # CI installs the course with --no-deps


def test_checker_catches_a_drifted_lock():
    locked = pins("numpy==1.25.0\nkeras==3.15.1\n")
    assert unmet(["numpy>=1.26", "keras>=3.4", "pandas>=2.2"], locked) == [
        "numpy: locked 1.25.0, needs >=1.26", "pandas: not in the lock"]
