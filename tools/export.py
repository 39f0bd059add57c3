"""Export the notebooks' ``#@save`` cells into generated modules, d2l's way.

    python -m tools.export           # write course_utils/models/lessonNN.py for every notebook
    python -m tools.export --check   # exit 1 (and say which) if a generated module is out of date

A code cell whose first line is exactly ``#@save`` is the one source of truth of what it defines
(a model builder, a layer, a decoding function). This command copies those cells, in order and
without the marker line, into ``course_utils/models/lessonNN.py`` for notebook ``NN_*.ipynb``, under
a header that says so and the imports every saved cell may use (NumPy, Keras, ``layers``, ``ops``).
Later lessons, benchmarks and tests import from there. ``tests/test_export.py`` fails when a
notebook and its module differ, so the two cannot drift.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MODELS = ROOT / "course_utils" / "models"
MARKER = "#@save"
TITLE = "#@title"  # Colab's form title of a hidden solution cell; #@save may follow it
IMPORTS = "import keras\nimport numpy as np\nfrom keras import layers, ops\n"


def saved_cells(notebook: Path) -> list[str]:
    """The sources of the notebook's code cells marked ``#@save``, marker line removed."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = []
    for cell in cells:
        source = "".join(cell["source"])
        first, _, rest = source.partition("\n")
        if first.startswith(TITLE):  # "#@title Solution N", then "#@save"
            first, _, rest = rest.partition("\n")
        if cell["cell_type"] == "code" and first.strip() == MARKER:
            sources.append(rest.strip("\n"))
    return sources


def solution_function(notebook: Path, name: str, namespace: dict) -> object:
    """The function ``name`` that a hidden solution cell (``#@title Solution N``) of ``notebook``
    defines, compiled with ``namespace`` (the names that cell uses), for tests and benchmarks."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    found = [source for source in sources
             if source.startswith(TITLE + " Solution") and f"def {name}(" in source]
    if not found:
        raise ValueError(f"no solution cell of {notebook.name} defines {name}()")
    namespace = dict(namespace)
    exec(compile(found[0], f"{notebook.name}: {name}", "exec"), namespace)
    return namespace[name]


def module_name(notebook: Path) -> str:
    return f"lesson{notebook.name[:2]}"


def module_text(notebook: Path) -> str | None:
    """The generated module for ``notebook``, or None if it has no saved cell."""
    cells = saved_cells(notebook)
    if not cells:
        return None
    header = (
        f'"""Generated from notebooks/{notebook.name} by `python -m tools.export`: do not edit.\n\n'
        f"The code cells marked {MARKER} in that notebook, in order. Change the notebook, then\n"
        'run the command again; tests/test_export.py fails while the two differ.\n"""\n\n'
    )
    return header + IMPORTS + "\n\n" + "\n\n\n".join(cells) + "\n"


def expected_modules(notebooks: Path = NOTEBOOKS) -> dict[Path, str]:
    """Every generated module's path and text, from the notebooks."""
    modules = {}
    for notebook in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        text = module_text(notebook)
        if text is not None:
            modules[MODELS / f"{module_name(notebook)}.py"] = text
    return modules


def stale(models: Path = MODELS, notebooks: Path = NOTEBOOKS) -> list[str]:
    """What differs between the notebooks and the generated modules on disk (empty: up to date)."""
    expected = {path.name: text for path, text in expected_modules(notebooks).items()}
    problems = []
    for name, text in expected.items():
        path = models / name
        if not path.exists():
            problems.append(f"{name}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{name}: differs from its notebook")
    for path in sorted(models.glob("lesson*.py")):
        if path.name not in expected:
            problems.append(f"{path.name}: no notebook has {MARKER} cells for it")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(f"out of date: {problem}")
        if problems:
            print("run `python -m tools.export` and commit the result")
        return 1 if problems else 0
    expected = expected_modules()
    for path in MODELS.glob("lesson*.py"):
        if path not in expected:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    for path, text in expected.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
