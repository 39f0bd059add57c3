"""Write Colab's published package versions as a pip constraints file (.ci/colab-constraints.txt).

Refresh (needs git and GitHub), from the repository's root folder:

    git clone -q --depth 1 https://github.com/googlecolab/backend-info /tmp/colab-backend-info && python .ci/colab_constraints.py /tmp/colab-backend-info > .ci/colab-constraints.txt

Input: a clone of googlecolab/backend-info (its ``pip-freeze.txt`` and ``os-info.txt``, CPU
runtime). Output: a header naming the upstream commit, its date and Colab's Python, then every
``name==version`` line. Lines that install from a URL or a local file (``name @ ...``: Colab's own
package, PyTorch's CPU wheels) are left out: a constraint cannot point at them.
"""  # noqa: E501

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

UPSTREAM = "https://github.com/googlecolab/backend-info"
PINNED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==\S+$")


def constraints(freeze: str) -> list[str]:
    """The ``name==version`` lines of a ``pip freeze`` listing, sorted case-insensitively."""
    lines = (line.strip() for line in freeze.splitlines())
    return sorted((line for line in lines if PINNED.match(line)), key=str.lower)


def colab_python(os_info: str) -> str:
    """The ``Python 3.x.y`` line of ``os-info.txt`` (or ``unknown``)."""
    found = re.search(r"^Python (\S+)$", os_info, flags=re.MULTILINE)
    return found.group(1) if found else "unknown"


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python .ci/colab_constraints.py PATH-TO-backend-info-CLONE")
    clone = Path(argv[0])
    commit, date = subprocess.run(
        ["git", "-C", str(clone), "log", "-1", "--format=%H %cs"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    pins = constraints((clone / "pip-freeze.txt").read_text(encoding="utf-8"))
    python = colab_python((clone / "os-info.txt").read_text(encoding="utf-8"))
    print(f"# Colab's package versions (CPU runtime, Python {python}),")
    print(f"# from {UPSTREAM} pip-freeze.txt at commit {commit} ({date}).")
    print("# Used by .ci/run as `pip install -c .ci/colab-constraints.txt ...`. Refresh with the")
    print("# one-line command at the top of .ci/colab_constraints.py.")
    print("\n".join(pins))


if __name__ == "__main__":
    main(sys.argv[1:])
