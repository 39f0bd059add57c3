"""Each lesson has the form of a lecture: a main body that fits its slot, a runtime note from the
last build, exercises that check the student's answer, solutions hidden one way, and live cells.

The checkers run on the stored notebooks and, below, on small notebooks built here: each can fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools import build, lecture

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_MAIN_WORDS = 2_500
MIN_CHECKED_EXERCISES = 2
# lesson_metrics.py's rule: the main body ends at the first of these headings.
END_OF_MAIN = re.compile(
    r"(?im)^#+\s*(\d+\s*[·.]\s*)?(solutions?|appendix|references|further reading)\b")
CLOSING_SECTIONS = ["Summary", "Exercises", "References", "Solutions"]
ANSWER_PLACEHOLDER = re.compile(r"^(answer_\d+)\s*=\s*\.\.\.", re.M)
CHECK_CALL = re.compile(r"\bexercises\.check\(\s*(answer_\d+)")
SOLUTION_HEADING = re.compile(r"^### Solution (\d+)\n\n<details><summary>Show solution \1</summary>"
                              r"\n\n.*\n\n</details>\s*$", re.S)
SOLUTION_TITLE = re.compile(r"^#@title Solution (\d+)\b")


def _id(path: Path) -> str:
    return path.stem


@pytest.fixture(params=NOTEBOOKS, ids=_id, scope="module")
def notebook(request):
    path: Path = request.param
    return path, nbformat.read(path, as_version=4)


def _words(text: str) -> int:
    """lesson_metrics.py's count: words of letters, tags and link targets left out."""
    return len(re.findall(r"[A-Za-z][\w'-]*", re.sub(r"<[^>]+>|\(http[^)]*\)", " ", text)))


def main_words(nb) -> int:
    """Markdown words before the first Solutions/Appendix/References heading (the words above
    that heading in its own cell count too)."""
    words = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        end = END_OF_MAIN.search(cell.source)
        if end:
            return words + _words(cell.source[:end.start()])
        words += _words(cell.source)
    return words


def section_order(nb) -> list[str]:
    """The level-2 headings of the closing sections, in order of appearance."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"^## (\w+)", line)
                if match and match[1] in CLOSING_SECTIONS:
                    found.append(match[1])
    return found


def _solutions_start(nb) -> int | None:
    return next((i for i, c in enumerate(nb.cells)
                 if c.cell_type == "markdown" and c.source.startswith("## Solutions")), None)


def form_problems(nb) -> list[str]:
    """What breaks the lecture form: section order, checked exercises, hidden solutions."""
    problems = []
    order = section_order(nb)
    if [s for s in order if s in CLOSING_SECTIONS] != CLOSING_SECTIONS:
        problems.append(f"closing sections {order}, expected {CLOSING_SECTIONS} in that order")
    start = _solutions_start(nb)
    if start is None:
        return [*problems, "no '## Solutions' cell (a cell of its own, starting with it)"]
    if "\n#" in nb.cells[start].source:
        problems.append("the '## Solutions' cell holds other headings")
    body, solutions = nb.cells[:start], nb.cells[start + 1:]
    placeholders = {m for c in body if c.cell_type == "code"
                    for m in ANSWER_PLACEHOLDER.findall(c.source)}
    checked = {m for c in body if c.cell_type == "code" for m in CHECK_CALL.findall(c.source)}
    if len(placeholders & checked) < MIN_CHECKED_EXERCISES:
        problems.append(f"{len(placeholders & checked)} checked exercises (answer_N = ... and "
                        f"exercises.check(answer_N, ...)), expected at least "
                        f"{MIN_CHECKED_EXERCISES}")
    solved = set()
    for cell in solutions:
        if cell.cell_type == "markdown":
            if not SOLUTION_HEADING.match(cell.source):
                problems.append(f"solution markdown not hidden in the one form: "
                                f"{cell.source[:40]!r}")
        else:
            hidden = (cell.metadata.get("jupyter", {}).get("source_hidden") is True
                      and cell.metadata.get("cellView") == "form"
                      and SOLUTION_TITLE.match(cell.source))
            if not hidden:
                problems.append(f"solution code not hidden (#@title, source_hidden, cellView): "
                                f"{cell.source[:40]!r}")
            solved |= set(re.findall(r"assert exercises\.check\(\s*(answer_\d+)", cell.source))
    for name in sorted(placeholders & checked - solved):
        problems.append(f"{name}: no solution asserts the same check")
    for cell in body:
        if cell.cell_type == "markdown" and re.search(r"(?m)^#+ Solution \d", cell.source):
            problems.append("a solution heading before '## Solutions'")
    return problems


def runtime_problems(nb, seconds: float | None) -> list[str]:
    """The header's runtime note must be the one the build writes from the last full run."""
    header = next((c.source for c in nb.cells
                   if c.cell_type == "markdown" and c.source.startswith("# ")), "")
    match = build.RUNTIME_MARKER.search(header)
    if not match:
        return ["no '<!-- runtime -->...<!-- /runtime -->' note in the header"]
    if seconds is None:
        return ["no full run of this notebook in notebooks/results/build.json"]
    if match[0] != f"{match[1]}{build.runtime_header(seconds)}{match[2]}":
        return [f"runtime note {match[0]!r} is not the last build's ({seconds:.0f} s)"]
    return []


def _build_seconds() -> dict[str, float]:
    runs = json.loads((ROOT / "notebooks" / "results" / "build.json").read_text())
    return {run["notebook"]: run["seconds"] for run in runs if run["mode"] == "full"}


def test_main_body_fits_the_lecture(notebook):
    path, nb = notebook
    assert main_words(nb) <= MAX_MAIN_WORDS, f"{path.name}: {main_words(nb)} words"


def test_closing_form_exercises_and_hidden_solutions(notebook):
    path, nb = notebook
    problems = form_problems(nb)
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_runtime_note_comes_from_the_last_build(notebook):
    path, nb = notebook
    problems = runtime_problems(nb, _build_seconds().get(path.name))
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_every_lesson_has_live_cells(notebook):
    path, nb = notebook
    assert len(lecture.live_cells(nb)) >= 3, f"{path.name}: tag the cells run live with 'live'"


# The checkers on small notebooks: each can fail.


def _toy(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, src, *meta in cells:
        cell = (nbformat.v4.new_markdown_cell(src) if kind == "md"
                else nbformat.v4.new_code_cell(src))
        if meta:
            cell.metadata.update(meta[0])
        nb.cells.append(cell)
    return nb


HIDDEN = {"jupyter": {"source_hidden": True}, "cellView": "form"}


def _good_lesson():
    return _toy(
        ("md", "# 09 · Toy\n\n**Runtime:** <!-- runtime -->x<!-- /runtime -->."),
        ("md", "## Summary\n\nWords."),
        ("md", "## Exercises\n\n### Exercise 1: a"),
        ("code", "answer_1 = ...  # a number"),
        ("code", 'exercises.check(answer_1, "a", equals=3)'),
        ("md", "### Exercise 2: b"),
        ("code", "answer_2 = ..."),
        ("code", 'exercises.check(answer_2, "b", at_least=0.5)'),
        ("md", "## References\n\n- a paper"),
        ("md", "## Solutions"),
        ("md", "### Solution 1\n\n<details><summary>Show solution 1</summary>\n\nThree.\n\n"
               "</details>"),
        ("code", '#@title Solution 1\nanswer_1 = 3\nassert exercises.check(answer_1, "a", '
                 "equals=3)", HIDDEN),
        ("md", "### Solution 2\n\n<details><summary>Show solution 2</summary>\n\nTrain.\n\n"
               "</details>"),
        ("code", '#@title Solution 2\nanswer_2 = 0.9\nassert exercises.check(answer_2, "b", '
                 "at_least=0.5)", HIDDEN),
    )


def test_form_checker_accepts_the_form_and_catches_each_break():
    assert form_problems(_good_lesson()) == []
    broken = {
        "order": lambda nb: nb.cells.insert(1, nb.cells.pop(8)),  # References first
        "unhidden prose": lambda nb: setattr(nb.cells[10], "source", "### Solution 1\n\nThree."),
        "unhidden code": lambda nb: nb.cells[11].metadata.pop("cellView"),
        "one check": lambda nb: setattr(nb.cells[7], "source", "print(answer_2)"),
        "no assert": lambda nb: setattr(nb.cells[13], "source", "#@title Solution 2\nx = 1"),
        "early solution": lambda nb: nb.cells.insert(3, nbformat.v4.new_markdown_cell(
            "### Solution 1\n\nThree.")),
        "merged cell": lambda nb: setattr(nb.cells[9], "source", "## Solutions\n\n## Summary"),
    }
    for name, breaking in broken.items():
        nb = _good_lesson()
        breaking(nb)
        assert form_problems(nb), name


def test_word_counter_stops_at_the_first_closing_heading():
    nb = _toy(("md", "one two three"), ("md", "four\n\n## References\n\nfive six"),
              ("md", "seven"))
    assert main_words(nb) == 4


def test_runtime_checker():
    nb = _good_lesson()
    assert runtime_problems(nb, 100.0)  # "x" is not what the build writes
    build.set_runtime_header(nb, 100.0)
    assert runtime_problems(nb, 100.0) == []
    assert runtime_problems(nb, 400.0)
    assert runtime_problems(nb, None)


def test_readme_is_a_landing_page():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text) <= 10_000, f"README.md: {len(text):,} characters; move detail to CONTRIBUTING"
    for section in ("## The notebooks", "## Two commands", "## On Colab",
                    "## An instructor's path", "## Data and licences"):
        assert section in text
    assert (ROOT / "CONTRIBUTING.md").exists()
