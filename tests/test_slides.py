"""The slide metadata of the lessons (``tools.slides.mark``) and their reveal.js decks.

The decks are built from the stored notebooks into a temporary folder (the npm assets come from
``~/.cache/cnn-lstm-course/npm/`` after the first build) and opened in headless Chromium with the
network blocked: reveal.js must count one slide per slide or sub-slide cell, the formulas must be
typeset, nothing may be loaded from the network, and each animation must move when its Play
button is pressed.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import struct

import nbformat
import pytest
from browser_support import (
    OFFLINE,
    REQUIRE_ENV_VAR,
    chromium,
    read_report,
    require_chromium,
    with_script,
)

from tools import slides

NOTEBOOKS = slides.notebooks()
TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def _png(width: int, height: int) -> str:
    """The base64 of a PNG's first bytes: signature and header, enough for its size."""
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, height)
    return base64.b64encode(header + bytes(10)).decode()


def _notebook(*cells: tuple[str, str], outputs: dict[int, list] | None = None) -> dict:
    """A notebook of ``(cell_type, source)`` cells, behind the badge and install cells."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("<!-- course-badges -->"),
                nbformat.v4.new_code_cell("# Colab only: install")]
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(make(source))
    for index, cell_outputs in (outputs or {}).items():
        nb.cells[index].outputs = cell_outputs
    return nb


LESSON = _notebook(
    ("md", "# 07 · A lesson\n\nWhat you will learn."),
    ("md", "## Setup"),
    ("code", "import numpy as np"),
    ("md", "### A detail"),
    ("code", "x = 1"),
    ("md", "> **Pitfall:** a trap."),
    ("md", "## Summary\n\n- one"),
    ("md", "## Exercises\n\nSolutions are hidden at the end of the notebook."),
    ("md", "## References\n\n1. A paper."),
    ("md", "## Appendix: how it was measured"),
    ("code", "print('timings')"),
    ("md", "## Solutions"),
    ("md", "### Solution 1\n\n<details><summary>Show solution 1</summary>\n\n...\n\n</details>"),
    ("code", "#@title Solution 1\nanswer_1 = 2"),
    ("md", "## Summary"),  # anything after Solutions stays skipped
)


def test_mark_types_every_cell_by_the_rule():
    types = slides.slide_types(LESSON)
    assert types == ["skip", "skip", "slide", "slide", "-", "subslide", "-", "fragment", "slide",
                     "slide", "slide", "skip", "skip", "skip", "skip", "skip", "skip"]


def test_mark_is_idempotent_and_keeps_other_metadata():
    nb = copy.deepcopy(LESSON)
    nb.cells[4].metadata = {"tags": ["live"], "slideshow": {"data": {"x": "1"}}}
    once = copy.deepcopy(slides.mark(nb))
    assert slides.mark(nb) == once
    assert nb.cells[4].metadata == {"tags": ["live"],
                                    "slideshow": {"data": {"x": "1"}, "slide_type": "-"}}
    nbformat.validate(nb)


def test_tall_cells_start_new_subslides():
    code = "\n".join(f"x{i} = {i}" for i in range(10))
    nb = _notebook(("md", "# Title"), *[("code", code)] * 5)
    title, cell = slides.cell_height(nb.cells[2]), slides.cell_height(nb.cells[3])
    assert title + 2 * cell <= slides.SLIDE_PX < title + 3 * cell
    assert 3 * cell > slides.SLIDE_PX
    assert slides.slide_types(nb)[2:] == ["slide", "-", "-", "subslide", "-", "subslide"]


def test_figures_count_as_their_height_on_the_slide():
    def height(output):
        return slides.cell_height({"cell_type": "code", "source": "", "outputs": [output]})

    empty = height(nbformat.v4.new_output("stream", text=""))
    assert height(nbformat.v4.new_output("display_data", data={"image/png": _png(1000, 240)})) \
        == empty + 240
    wide = nbformat.v4.new_output("display_data", data={"image/png": _png(2200, 400)})
    assert height(wide) == empty + 200  # scaled to the output area's width
    tall = nbformat.v4.new_output("display_data", data={"image/png": _png(800, 4000)})
    assert height(tall) == empty + slides.FIGURE_PX  # the deck's CSS caps a figure's height
    unknown = nbformat.v4.new_output("display_data", data={"image/jpeg": "..."})
    assert height(unknown) == empty + slides.UNKNOWN_FIGURE_PX


def test_pitfall_callouts_are_fragments():
    nb = _notebook(("md", "# T"), ("md", "> **Pitfall:** a trap."), ("md", "> ⚠️ **Pitfall: x**"),
                   ("md", "> A quote."))
    assert slides.slide_types(nb)[3:] == ["fragment", "fragment", "-"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_mark_on_each_lesson(path):
    nb = slides.mark(nbformat.read(path, as_version=4))
    types = slides.stored_types(nb)
    assert set(types) <= TYPES and types[:3] == ["skip", "skip", "slide"]
    solutions = [i for i, cell in enumerate(nb.cells) if cell.source.startswith("## Solutions")]
    if solutions:
        assert set(types[solutions[0]:]) == {"skip"}
    assert 5 <= slides.expected_slides(nb) <= 80


def _unmarked(notebook: dict) -> str:
    """The notebook's text as nbformat writes it, without slide types."""
    for cell in notebook["cells"]:
        slideshow = cell["metadata"].get("slideshow", {})
        slideshow.pop("slide_type", None)
        if not slideshow:
            cell["metadata"].pop("slideshow", None)
    return json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("sort_keys", [True, False])
def test_mark_file_changes_only_the_slide_metadata(tmp_path, sort_keys):
    notebook = json.loads(_unmarked(json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))))
    if not sort_keys:  # a file written with its keys out of order keeps that order
        notebook = dict(reversed(notebook.items()))
    text = json.dumps(notebook, sort_keys=sort_keys, indent=1, ensure_ascii=False) + "\n"
    path = tmp_path / NOTEBOOKS[0].name
    path.write_text(text, encoding="utf-8")
    assert slides.mark_file(path)
    assert not slides.mark_file(path)  # already marked
    marked = json.loads(path.read_text(encoding="utf-8"))
    assert slides.stored_types(marked) == slides.slide_types(marked)
    assert _unmarked(copy.deepcopy(marked)) == _unmarked(notebook)  # nothing else changed
    assert path.read_text(encoding="utf-8") == json.dumps(
        marked, sort_keys=sort_keys, indent=1, ensure_ascii=False) + "\n"  # written the same way
    assert list(marked) == list(notebook)


def test_check_command(tmp_path, capsys):
    copy_path = tmp_path / NOTEBOOKS[0].name
    nb = slides.mark(nbformat.read(NOTEBOOKS[0], as_version=4))
    nb.cells[3].metadata.slideshow.slide_type = "notes"
    nbformat.write(nb, copy_path)
    assert slides.main(["--check", "--folder", str(tmp_path)]) == 1
    assert "run python -m tools.slides --mark" in capsys.readouterr().out
    assert slides.main(["--mark", "--folder", str(tmp_path)]) == 0
    assert slides.main(["--check", "--folder", str(tmp_path)]) == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebooks_carry_the_slide_metadata(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert slides.stored_types(nb) == slides.slide_types(nb), (
        f"{path.name}: slide metadata out of date: run python -m tools.slides --mark")


def test_expected_slides_counts_slides_and_subslides():
    nb = slides.mark(copy.deepcopy(LESSON))
    assert slides.expected_slides(nb) == 6  # title, Setup, a detail, Summary, Exercises, References


def test_external_resources_are_found():
    page = ('<script src="https://cdn.example/x.js"></script><link href="//cdn.example/y.css">'
            '<style>@import url(https://fonts.example/z.css);</style>'
            '<a href="https://example.org">a link</a><script src="assets/local.js"></script>')
    assert slides.external_resources(page) == [
        "https://cdn.example/x.js", "//cdn.example/y.css", "https://fonts.example/z.css"]


def test_deck_holds_the_stored_outputs_and_skips_what_is_not_lectured(tmp_path):
    path = next(p for p in NOTEBOOKS if "new Animation(" in p.read_text(encoding="utf-8"))
    notebook, _ = slides.deck_notebook(path)
    deck = slides.export_notebook(notebook, path.stem, tmp_path).read_text(encoding="utf-8")
    shown = [cell for cell, kind in zip(notebook.cells, slides.stored_types(notebook), strict=True)
             if kind != "skip"]
    outputs = [output for cell in shown for output in cell.get("outputs", [])]
    figures = sum("image/png" in output.get("data", {}) for output in outputs)
    animations = sum("new Animation(" in output.get("data", {}).get("text/html", "")
                     for output in outputs)
    assert deck.count('src="data:image/png;base64,') == figures > 0
    assert deck.count("new Animation(") == animations > 0
    assert "course-badges" not in deck and "#@title Solution" not in deck
    assert "assets/reveal.js-" in deck and slides.external_resources(deck) == []


def test_asset_integrity_is_checked(tmp_path, monkeypatch):
    package = slides.NpmPackage("not-there", "1.0.0", "sha512-" + "A" * 86 + "==", ("x.js",))
    (tmp_path / f"{package.folder}.tgz").write_bytes(b"not the pinned tarball")
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9")  # nothing listens there
    with pytest.raises(slides.AssetError) as error:
        slides.tarball(package, cache=tmp_path)
    message = str(error.value)
    assert "\n" not in message and "network" in message and str(tmp_path) in message


# ---------------------------------------------------------------------------------------------
# The decks in a browser

REPORT = """
<script>
window.addEventListener("load", function () {
  function report(content) {
    var pre = document.createElement("pre");
    pre.id = "deck-report";
    pre.textContent = JSON.stringify(content);
    document.body.appendChild(pre);
  }
  function frames() {
    return Array.from(document.querySelectorAll(".animation img")).map(function (img) {
      return img.src.length + ":" + img.src.slice(-24);
    });
  }
  var waited = 0;
  (function whenReady() {
    if (!(window.Reveal && Reveal.isReady())) {
      waited += 100;
      if (waited > 20000) { report({error: "reveal.js never became ready"}); return; }
      setTimeout(whenReady, 100);
      return;
    }
    var sliders = Array.from(document.querySelectorAll("input.anim-slider"));
    var start = {sliders: sliders.map(function (s) { return Number(s.value); }), frames: frames()};
    var buttons = Array.from(document.querySelectorAll('button[onclick*="play_animation"]'));
    if (buttons.length) {  // go to the first animation's slide, as the lecturer would
      var where = Reveal.getIndices(buttons[0].closest("section"));
      Reveal.slide(where.h, where.v);
    }
    buttons.forEach(function (button) { button.click(); });
    setTimeout(function () {
      report({
        total: Reveal.getTotalSlides(),
        start: start,
        end: {sliders: sliders.map(function (s) { return Number(s.value); }), frames: frames()},
        formulas: document.querySelectorAll("mjx-container").length,
        formulaErrors: document.querySelectorAll("mjx-merror").length,
        fonts: Array.from(document.fonts).map(function (f) { return f.family + " " + f.status; }),
        network: performance.getEntriesByType("resource").map(function (e) { return e.name; })
          .filter(function (url) { return !/^(file|data|blob):/.test(url); })
      });
    }, 1500);
  })();
});
</script>
"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    """Every lesson's deck, built into a temporary folder, and the notebook it was built from."""
    require_chromium()  # before the build: skip (or fail) at once where no browser can open them
    out = tmp_path_factory.mktemp("slides")
    try:
        slides.install_assets(out / "assets")
    except slides.AssetError as error:
        if os.environ.get(REQUIRE_ENV_VAR) == "1":
            pytest.fail(str(error))
        pytest.skip(str(error))
    built = {}
    for path in NOTEBOOKS:  # the notebook read once: a lesson edited meanwhile stays consistent
        notebook, _ = slides.deck_notebook(path)
        built[path] = (slides.export_notebook(notebook, path.stem, out), notebook)
    return built


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_works_offline_in_a_browser(path, decks):
    deck, notebook = decks[path]
    html = deck.read_text(encoding="utf-8")
    assert slides.external_resources(html) == []
    page = deck.with_name(f"{path.stem}.test.html")  # beside the deck: assets/ is relative
    page.write_text(with_script(html, REPORT), encoding="utf-8")
    dom = chromium(*OFFLINE, "--window-size=1280,720", "--virtual-time-budget=15000",
                   "--dump-dom", page.as_uri())
    report = read_report(dom, "deck-report")
    assert report and "error" not in report, f"{deck.name}: {report}"

    assert report["total"] == slides.expected_slides(notebook)
    assert report["network"] == []
    assert not [font for font in report["fonts"] if font.endswith(" error")], report["fonts"]
    if "$" in "".join(cell.source for cell, kind in zip(notebook.cells, slides.stored_types(
            notebook), strict=True) if cell.cell_type == "markdown" and kind != "skip"):
        assert report["formulas"] > 0 and report["formulaErrors"] == 0, report
    animations = html.count("new Animation(")
    assert len(report["end"]["sliders"]) == len(report["end"]["frames"]) == animations
    for name in ("sliders", "frames"):
        still = [i for i, (a, b) in enumerate(zip(report["start"][name], report["end"][name],
                                                  strict=True)) if a == b]
        assert not still, f"{deck.name}: animations {still} did not play ({name})"
