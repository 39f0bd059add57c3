"""A real browser plays the animations of the exported notebooks.

Each notebook that stores animations is exported to HTML with nbconvert (what a reader without
Jupyter opens), loaded in headless Chromium, its Play buttons pressed by a small script, and the
animations' frame sliders read back after a while: they must have moved. A screenshot of the page
must show something. CI installs Debian's ``chromium`` (see ``.ci/run``); where no Chromium is
installed these tests are skipped, and the README describes the manual check.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("chrome")
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

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


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
    page.write_text(html.replace("</body>", PLAY_AND_REPORT + "</body>"), encoding="utf-8")
    return page


def _chromium(*args: str) -> str:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("path", _animated_notebooks(), ids=lambda p: p.stem)
def test_animations_play_in_a_browser(path, tmp_path):
    page = _export(path, tmp_path)
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", page.as_uri())
    match = re.search(r'<pre id="anim-report">(.*?)</pre>', dom)
    assert match, f"{path.name}: the page never reported its animations"
    report = json.loads(match[1])
    stored = path.read_text(encoding="utf-8").count("new Animation(")
    assert len(report["end"]) == stored > 0
    moved = [end != start for start, end in zip(report["start"], report["end"], strict=True)]
    assert all(moved), f"{path.name}: animations that did not play: {report}"


@pytest.mark.parametrize("path", _animated_notebooks()[:1], ids=lambda p: p.stem)
def test_screenshot_of_an_exported_notebook(path, tmp_path):
    import matplotlib.image

    page = _export(path, tmp_path)
    shot = tmp_path / "page.png"
    _chromium(
        "--window-size=1200,1600",
        "--virtual-time-budget=3000",
        f"--screenshot={shot}",
        page.as_uri(),
    )
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (1600, 1200)
    assert float(np.std(pixels[..., :3])) > 0.05  # text and figures, not a blank page
