"""A real browser plays the animations of the exported notebooks.

Each notebook that stores animations is exported to HTML with nbconvert (what a reader without
Jupyter opens), loaded in headless Chromium, its Play buttons pressed by a small script, and the
animations' frame sliders read back after a while: they must have moved. A screenshot of the page
must show something. CI installs Debian's ``chromium`` (see ``.ci/run``); where no Chromium is
installed these tests are skipped (they fail instead with ``COURSE_REQUIRE_BROWSER=1``:
``browser_support.py``), and the README describes the manual check.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from browser_support import chromium, read_report, require_chromium, with_script

ROOT = Path(__file__).resolve().parents[1]
PLAY_AND_REPORT = """
<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var sliders = Array.from(document.querySelectorAll("input.anim-slider"));
    var start = sliders.map(function (s) { return Number(s.value); });
    document.querySelectorAll('button[onclick*="play_animation"]').forEach(function (b) {
      b.click();
    });
    setTimeout(function () {
      var report = document.createElement("pre");
      report.id = "anim-report";
      report.textContent = JSON.stringify({
        start: start, end: sliders.map(function (s) { return Number(s.value); })
      });
      document.body.appendChild(report);
    }, 1500);
  }, 500);
});
</script>
"""


@pytest.fixture(autouse=True)
def _chromium_present():
    require_chromium()


def _animated_notebooks() -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if "new Animation(" in path.read_text(encoding="utf-8")
    ]


def _export(path: Path, out: Path) -> Path:
    from nbconvert import HTMLExporter

    html, _ = HTMLExporter().from_notebook_node(nbformat.read(path, as_version=4))
    page = out / f"{path.stem}.html"
    page.write_text(with_script(html, PLAY_AND_REPORT), encoding="utf-8")
    return page


@pytest.mark.parametrize("path", _animated_notebooks(), ids=lambda p: p.stem)
def test_animations_play_in_a_browser(path, tmp_path):
    page = _export(path, tmp_path)
    dom = chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    report = read_report(dom, "anim-report")
    assert report, f"{path.name}: the page never reported its animations"
    stored = path.read_text(encoding="utf-8").count("new Animation(")
    assert len(report["end"]) == stored > 0
    moved = [end != start for start, end in zip(report["start"], report["end"], strict=True)]
    assert all(moved), f"{path.name}: animations that did not play: {report}"


@pytest.mark.parametrize("path", _animated_notebooks()[:1], ids=lambda p: p.stem)
def test_screenshot_of_an_exported_notebook(path, tmp_path):
    import matplotlib.image

    page = _export(path, tmp_path)
    shot = tmp_path / "page.png"
    chromium(
        "--window-size=1200,1600",
        "--virtual-time-budget=3000",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (1600, 1200)
    assert float(np.std(pixels[..., :3])) > 0.05  # text and figures, not a blank page
