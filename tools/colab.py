"""Where the course lives, and the two cells that open every notebook (badges, Colab install).

The repository's address and the pinned release are set HERE and in the README only. A fork edits
``REPOSITORY`` (and tags a release named ``RELEASE``), then runs::

    python -m tools.colab

which rewrites the first two cells of every notebook in ``notebooks/`` to match.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

#: ``owner/name`` of the course's GitHub repository.
REPOSITORY = "cnn-lstm-course/cnn-lstm-course"
#: The tag (or commit) that Colab installs ``course_utils`` from: never a moving branch.
RELEASE = "v0.1.0"

BADGE_MARKER = "<!-- course-badges -->"
INSTALL_MARKER = "# Colab only:"
NBVAL_SKIP_TAG = "nbval-skip"


def colab_url(notebook: str) -> str:
    """Open ``notebooks/<notebook>`` of the pinned release in Colab."""
    return (
        f"https://colab.research.google.com/github/{REPOSITORY}/blob/{RELEASE}/notebooks/{notebook}"
    )


def github_url(notebook: str) -> str:
    """View ``notebooks/<notebook>`` of the pinned release on GitHub."""
    return f"https://github.com/{REPOSITORY}/blob/{RELEASE}/notebooks/{notebook}"


def badge_cell_source(notebook: str) -> str:
    """Markdown for the button row at the top of ``notebook``."""
    return (
        f"{BADGE_MARKER}\n"
        f'<a href="{colab_url(notebook)}" target="_blank">'
        '<img src="https://colab.research.google.com/assets/colab-badge.svg" '
        'alt="Open In Colab"/></a>\n'
        f'<a href="{github_url(notebook)}" target="_blank">'
        '<img src="https://img.shields.io/badge/view-GitHub-181717?logo=github" '
        'alt="View on GitHub"/></a>'
    )


def package_url() -> str:
    """The pip requirement that Colab installs: ``course-utils`` at the pinned release."""
    return f"course-utils @ git+https://github.com/{REPOSITORY}@{RELEASE}"


def install_cell_source(url: str | None = None) -> str:
    """The first code cell: on Colab, install ``course_utils`` at the pinned release; else nothing.

    What it does on Colab: ``pip install`` of the pinned release (``url``, default
    :func:`package_url`), with pip's default strategy, which installs a dependency only if it is
    missing or too old. Every lower bound in ``pyproject.toml`` is met by Colab's own versions (CI
    checks this with ``pip install --dry-run`` in an environment built from Colab's published
    versions), so pip installs the course package alone: Colab's TensorFlow, Keras and IPython stay
    as they are. The cell prints pip's ``Successfully installed ...`` line. If pip fails (no
    network, a release that does not exist), the cell stops with a one-line ``RuntimeError`` that
    quotes pip's first error line and says what to do, instead of pip's full output.

    It is plain Python (no ``%pip`` magic, so it runs the same under any IPython) and is tagged
    ``nbval-skip`` so that the tests never run it.
    """
    url = package_url() if url is None else url
    return _INSTALL_CELL.replace("<MARKER>", INSTALL_MARKER).replace("<URL>", url)


_INSTALL_CELL = """\
<MARKER> install the course helpers at a pinned release. Elsewhere: nothing.
import subprocess
import sys

if "google.colab" in sys.modules:
    PACKAGE = "<URL>"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", PACKAGE],
                         capture_output=True, text=True)
    said = [line.strip() for line in (pip.stdout + pip.stderr).splitlines()]
    if pip.returncode != 0:
        errors = [x for x in said if x.lower().startswith(("error", "fatal"))] or said[-1:]
        raise RuntimeError(f"pip could not install {PACKAGE} ({errors[0] if errors else '?'})."
                           " Check the network and that this release exists, then run this cell"
                           " again.") from None
    print(*[x for x in said if x.startswith("Successfully installed")] or ["Already installed."])"""


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


def sync_notebook(path: Path) -> bool:
    """Rewrite the badge and install cells of one notebook in place; True when it changed.

    The badge row is the first markdown cell holding ``BADGE_MARKER``; the install cell is the first
    code cell. Both must already exist (new notebooks start from them).
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    badge = next(
        c for c in cells if c["cell_type"] == "markdown" and BADGE_MARKER in "".join(c["source"])
    )
    install = next(c for c in cells if c["cell_type"] == "code")
    before = json.dumps(cells)
    badge["source"] = _lines(badge_cell_source(path.name))
    install["source"] = _lines(install_cell_source())
    tags = install.setdefault("metadata", {}).setdefault("tags", [])
    if NBVAL_SKIP_TAG not in tags:
        tags.append(NBVAL_SKIP_TAG)
    if json.dumps(cells) == before:
        return False
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> None:
    """Command line: rewrite the first cells of every notebook in a folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default="notebooks", type=Path)
    args = parser.parse_args(argv)
    for path in sorted(args.folder.glob("*.ipynb")):
        print(f"{path.name}: {'updated' if sync_notebook(path) else 'unchanged'}")


if __name__ == "__main__":
    main()
