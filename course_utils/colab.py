"""Where the course lives, and the two cells that open every notebook (badges, Colab install).

The repository's address and the pinned release are set HERE and in the README only. A fork edits
``REPOSITORY`` (and tags a release named ``RELEASE``), then runs::

    python -m course_utils.colab

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


def install_cell_source() -> str:
    """The first code cell: on Colab, install ``course_utils`` at the pinned release; else nothing.

    It installs the package without its dependencies' upgrades (Colab's TensorFlow and Keras stay as
    they are) and is tagged ``nbval-skip`` so that the tests never run it.
    """
    return (
        f"{INSTALL_MARKER} install the course helpers at a pinned release. Elsewhere: nothing.\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install -q "course-utils @ git+https://github.com/{REPOSITORY}@{RELEASE}"'
    )


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
