"""Slides: the slide metadata of the lessons, and one reveal.js deck per lesson that works offline.

    python -m tools.slides              # slides/NN_name.slides.html for every notebook
    python -m tools.slides 02 04        # only the notebooks whose names start so
    python -m tools.slides --mark       # write the slide metadata into notebooks/ (metadata only)
    python -m tools.slides --check      # exit 1 if a notebook's slide metadata is not mark()'s

A deck is ``jupyter nbconvert --to slides`` of the stored notebook (its stored outputs, the
animations included; nothing is executed), with reveal.js, require.js, jQuery, MathJax and the
animations' icon font loaded from ``slides/assets/`` instead of a CDN: open
``slides/NN_name.slides.html`` in a browser, with or without a network. Those assets are pinned npm
packages (``ASSETS``), downloaded once with their ``integrity`` checked and kept in
``~/.cache/cnn-lstm-course/npm/`` (``$XDG_CACHE_HOME`` if set), so later builds need no network.

Which cells are slides (:func:`mark`): the badge and install cells, ``## Solutions`` to the end and
an ``## Appendix`` are skipped; the title, every ``## `` heading starts a slide, every ``### ``
heading a sub-slide; a ``> **Pitfall:**`` callout is a fragment; any other cell continues the
current sub-slide unless that would make it taller than a projector shows (``SLIDE_PX``), then it
starts a new one. ``tools.build`` runs :func:`mark` after each full run, since outputs change.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import math
import os
import re
import struct
import sys
import tarfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SLIDES = ROOT / "slides"
REGISTRY = "https://registry.npmjs.org"


@dataclass(frozen=True)
class NpmPackage:
    """A pinned npm package, and the files of it that a deck loads."""

    name: str
    version: str
    integrity: str  # the registry's ``dist.integrity`` of this version's tarball
    files: tuple[str, ...]  # paths inside the package: files, or folders ending in "/"

    @property
    def folder(self) -> str:
        """Its folder in ``slides/assets/`` (versioned, so that an upgrade never mixes files)."""
        return f"{self.name}-{self.version}"

    @property
    def tarball_url(self) -> str:
        registry = os.environ.get("NPM_CONFIG_REGISTRY", REGISTRY).rstrip("/")
        return f"{registry}/{self.name}/-/{self.name}-{self.version}.tgz"


#: reveal.js: the version nbconvert 7's reveal template is written for (its default URL); the
#: "white" theme, whose fonts ship with it ("simple" loads web fonts).
REVEAL = NpmPackage(
    "reveal.js", "4.0.2",
    "sha512-LWZSUenufF1gpD7npxJ7KfoQQFKgc1D6XrLTFgKlwWNP1BQ74hT48KONFWMAw+8R/QUeaScCLCLrBVHDfFIEiw==",
    ("dist/reveal.js", "dist/reveal.css", "dist/theme/white.css",
     "dist/theme/fonts/source-sans-pro/", "plugin/notes/"),
)
REQUIREJS = NpmPackage(
    "requirejs", "2.3.7",
    "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
    ("require.js",),
)
JQUERY = NpmPackage(
    "jquery", "3.7.1",
    "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
    ("dist/jquery.min.js",),
)
#: MathJax 3 with SVG output: one file, no web fonts (which a page opened from disk may not load).
MATHJAX = NpmPackage(
    "mathjax", "3.2.2",
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
    ("es5/tex-svg-full.js",),
)
#: The icons of matplotlib's animation buttons (its HTML links Font Awesome 4 on a CDN).
FONT_AWESOME = NpmPackage(
    "font-awesome", "4.7.0",
    "sha512-U6kGnykA/6bFmg1M/oT9EkFeIYv7JlX3bozwQJWiiLz6L0w3F5vBVPxHlwyX/vtNq1ckcpRKOB9f2Qal/VtFpg==",
    ("css/font-awesome.min.css", "fonts/"),
)
ASSETS = (REVEAL, REQUIREJS, JQUERY, MATHJAX, FONT_AWESOME)
FONT_AWESOME_CDN = re.compile(
    r"https?://[^\"']*/font-awesome/4\.\d+\.\d+/css/font-awesome(?:\.min)?\.css")

# ---------------------------------------------------------------------------------------------
# Slide metadata

#: The deck's frame (16:9, scaled to the screen) and its fonts: 20 px text, 16 px code, so that
#: the course's 100-character code lines fit.
WIDTH, HEIGHT = 1280, 720
CODE_PX = 16
#: How tall a cell is on a slide, in the frame's pixels, estimated from its source and outputs
#: (fitted to the heights Chromium renders for the course's decks). A sub-slide holds the frame's
#: height less reveal's padding: ``SLIDE_PX``.
SLIDE_PX = 660
CELL_PX = 35  # a cell's margins and padding
TEXT_LINE_PX = 31  # a line of markdown, at most LINE_CHARS characters
HEADING_PX = 60
BLANK_PX = 12  # between paragraphs
CODE_LINE_PX = 20  # a line of code or of text output
LINE_CHARS = 100  # a longer line wraps
OUTPUT_PX = 14  # each output's margins
TABLE_ROW_PX = 37
FIGURE_WIDTH_PX = 1100  # the output area's width: a wider figure is scaled down
FIGURE_PX = 480  # the deck's CSS caps a figure's height
UNKNOWN_FIGURE_PX = 360  # a figure whose size is not read here
ANIMATION_CONTROLS_PX = 150  # slider, buttons, loop choice
SKIP_FIRST = 2  # the Colab badges and the Colab install cell (tools/colab.py)
SKIPPED_SECTIONS = ("Appendix",)  # ## sections shown in the notebook, never lectured
LAST_SECTION = "Solutions"  # from this ## heading to the end: skipped
PITFALL = r"\s*>\s*\W*\*\*Pitfall"  # a callout "> **Pitfall:** ..." (an emoji may precede it)


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _wrapped(text: str, blank: int = 1) -> int:
    """Lines of ``text`` once lines longer than ``LINE_CHARS`` wrap (a blank line: ``blank``)."""
    return sum(math.ceil(len(line) / LINE_CHARS) or blank for line in text.splitlines())


def _markdown_px(source: str) -> int:
    lines = source.splitlines()
    headings = sum(bool(re.match(r"#{1,6}\s", line)) for line in lines)
    blanks = sum(not line.strip() for line in lines)
    text = "\n".join(line for line in lines if not re.match(r"#{1,6}\s", line))
    return HEADING_PX * headings + BLANK_PX * blanks + TEXT_LINE_PX * _wrapped(text, blank=0)


def cell_height(cell: dict) -> int:
    """The height in pixels of a cell on a slide: its source, and its outputs (a figure counts as
    its height on the slide, a table as its rows)."""
    source = _text(cell.get("source", ""))
    if cell.get("cell_type") == "markdown":
        return CELL_PX + _markdown_px(source)
    height = CELL_PX + CODE_LINE_PX * _wrapped(source)
    for output in cell.get("outputs", []):
        height += OUTPUT_PX
        kind = output.get("output_type")
        if kind == "stream":
            height += CODE_LINE_PX * _wrapped(_text(output.get("text", "")))
        elif kind == "error":
            height += CODE_LINE_PX * len(output.get("traceback", []))
        else:
            data = output.get("data", {})
            html = _text(data.get("text/html", ""))
            if "new Animation(" in html:
                frame = re.search(r"data:image/png;base64,([A-Za-z0-9+/]{32})", html)
                height += _figure_px(frame[1] if frame else None) + ANIMATION_CONTROLS_PX
            elif "image/png" in data:
                width = output.get("metadata", {}).get("image/png", {}).get("width")
                height += _figure_px(_text(data["image/png"])[:32], width)
            elif any(key.startswith("image/") for key in data):
                height += UNKNOWN_FIGURE_PX
            elif html:
                height += TABLE_ROW_PX * max(1, html.count("<tr"))
            else:
                height += CODE_LINE_PX * _wrapped(_text(data.get("text/plain", "")))
    return height


def _figure_px(png_start: str | None, width: int | None = None) -> int:
    """The height of a PNG on a slide, from its header (the first 32 base64 characters)."""
    try:
        header = base64.b64decode(png_start or "")
        true_width, true_height = struct.unpack(">II", header[16:24])
    except (ValueError, struct.error):
        return UNKNOWN_FIGURE_PX
    shown = min(width or true_width, FIGURE_WIDTH_PX)
    return math.ceil(min(true_height * shown / max(true_width, 1), FIGURE_PX))


def _heading(cell: dict) -> tuple[int, str] | None:
    """``(level, title)`` of a markdown cell that starts with a heading, else None."""
    if cell.get("cell_type") != "markdown":
        return None
    match = re.match(r"(#{1,6})\s+(.*)", _text(cell.get("source", "")).lstrip())
    return (len(match[1]), match[2].strip()) if match else None


def slide_types(notebook: dict) -> list[str]:
    """The reveal.js slide type of every cell, by the rule in this module's docstring."""
    types: list[str] = []
    height = 0  # of the current sub-slide, in pixels
    skipping = finished = False
    for index, cell in enumerate(notebook["cells"]):
        heading = _heading(cell)
        cell_px = cell_height(cell)
        if heading and heading[0] == 2:
            finished = finished or heading[1] == LAST_SECTION
            skipping = heading[1].startswith(SKIPPED_SECTIONS)
        if index < SKIP_FIRST or skipping or finished:
            kind = "skip"
        elif heading and heading[0] <= 2:
            kind = "slide"
        elif (heading and heading[0] == 3) or (height and height + cell_px > SLIDE_PX):
            kind = "subslide"  # a ### heading, or a cell that the current sub-slide cannot hold
        elif cell.get("cell_type") == "markdown" and re.match(PITFALL, _text(cell["source"])):
            kind = "fragment"
        else:
            kind = "-"
        if kind in ("slide", "subslide"):
            height = 0
        if kind != "skip":
            height += cell_px
        types.append(kind)
    return types


def mark(notebook: Any) -> Any:
    """Set ``metadata.slideshow.slide_type`` of every cell (in place) and return the notebook.

    Works on an ``nbformat`` notebook or on the plain JSON of one. Other keys of a cell's
    ``slideshow`` metadata are kept. Idempotent: the types depend on sources and outputs only.
    """
    for cell, kind in zip(notebook["cells"], slide_types(notebook), strict=True):
        metadata = cell.setdefault("metadata", {})
        metadata.setdefault("slideshow", type(metadata)())["slide_type"] = kind  # a NotebookNode
    return notebook


def stored_types(notebook: dict) -> list[str | None]:
    """The slide type each cell carries (None where it has none)."""
    return [cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
            for cell in notebook["cells"]]


def mark_file(path: Path) -> bool:
    """Write :func:`mark`'s metadata into one notebook file; True when it changed.

    Only cell metadata changes: the file is re-serialised the way it was written (nbformat's
    sorted keys, or the order it has), so that every other byte stays as it was.
    """
    text = path.read_text(encoding="utf-8")
    notebook = json.loads(text)
    before = stored_types(notebook)
    styles = [{"sort_keys": True}, {"sort_keys": False}]
    style = next((s for s in styles if _dump(notebook, **s) == text), None)
    mark(notebook)
    if stored_types(notebook) == before:
        return False
    if style is None:  # not written by nbformat or json.dumps: let nbformat write it
        nbformat.write(nbformat.from_dict(notebook), path)
    else:
        path.write_text(_dump(notebook, **style), encoding="utf-8")
    return True


def _dump(notebook: dict, sort_keys: bool) -> str:
    return json.dumps(notebook, sort_keys=sort_keys, indent=1, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Assets from the npm registry


class AssetError(RuntimeError):
    """An asset could not be had: the message says what to do."""


def cache_dir() -> Path:
    """Where downloaded npm tarballs are kept between builds."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cnn-lstm-course" / "npm"


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    digest = hashlib.new(algorithm, data).digest()
    return base64.b64encode(digest).decode() == expected


def tarball(package: NpmPackage, cache: Path | None = None) -> bytes:
    """The package's tarball from the cache, else from the registry (then cached); its integrity
    is checked either way.

    Raises:
        AssetError: no network and no cached copy, or a download that fails its integrity check.
    """
    cache = cache_dir() if cache is None else cache
    path = cache / f"{package.folder}.tgz"
    if path.exists() and _integrity_ok(data := path.read_bytes(), package.integrity):
        return data
    try:
        with urllib.request.urlopen(package.tarball_url, timeout=60) as response:
            data = response.read()
    except (urllib.error.URLError, OSError) as error:
        raise AssetError(
            f"slides: could not download {package.name} {package.version} from the npm registry "
            f"({getattr(error, 'reason', error)}) and it is not in {cache}: run this once with "
            f"network access, or put {package.tarball_url} into {path}."
        ) from None
    if not _integrity_ok(data, package.integrity):
        raise AssetError(f"slides: {package.tarball_url} does not match its pinned integrity "
                         f"{package.integrity[:20]}...: not used.")
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(data)
    partial.replace(path)
    return data


def install_assets(assets: Path, cache: Path | None = None) -> None:
    """Unpack each package's ``files`` (and its licence) into ``assets/<name>-<version>/``,
    unless already there."""
    for package in ASSETS:
        target = assets / package.folder
        done = target / ".complete"
        if done.exists():
            continue
        with tarfile.open(fileobj=io.BytesIO(tarball(package, cache)), mode="r:gz") as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/")
                wanted = (any(name == f or (f.endswith("/") and name.startswith(f))
                              for f in package.files)
                          or re.fullmatch(r"(LICEN[CS]E|COPYING)(\.\w+)?", name, re.I))
                if not member.isfile() or not wanted or ".." in Path(name).parts:
                    continue
                destination = target / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                destination.write_bytes(source.read())
        done.write_text(f"{package.name}@{package.version} {package.integrity}\n")


# ---------------------------------------------------------------------------------------------
# Decks

# nbconvert's reveal template, with MathJax 3 (its footer calls MathJax 2's API), no Mermaid
# (loaded from a CDN; no lesson uses it) and ``window.Reveal`` set for the console and the tests.
TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true,
        processEnvironments: true, tags: 'ams'},
  svg: {fontCache: 'global'},
  options: {enableMenu: false}
};
</script>
<script src="{{ resources.mathjax_url }}" defer></script>
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
:root {
  --jp-code-font-size: <CODE_PX>px;
  --jp-cell-prompt-width: 90px;
}
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3, .reveal .slides h4 {
  text-transform: none;  /* the theme's capitals would change code names in headings */
}
.reveal .jp-OutputArea-output img {
  max-height: <FIGURE_PX>px;
  object-fit: contain;
}
</style>
{%- endblock html_head_css -%}
{% block footer_js %}
<script>
require({waitSeconds: 15},
  ["{{ resources.reveal.url_prefix }}/dist/reveal.js",
   "{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.Reveal = Reveal;
    Reveal.initialize({
      controls: true, progress: true, history: true,
      transition: "{{ resources.reveal.transition }}",
      slideNumber: "{{ resources.reveal.number }}",
      plugins: [RevealNotes],
      width: {{ resources.reveal.width }}, height: {{ resources.reveal.height }}
    });
    function setScrollingSlide() {
      var h = $('.reveal').height() * 0.95;
      $('section.present').find('section')
        .filter(function () { return $(this).height() > h; })
        .css('height', 'calc(95vh)').css('overflow-y', 'scroll').css('margin-top', '20px');
    }
    Reveal.on('ready', setScrollingSlide);
    Reveal.on('slidechanged', setScrollingSlide);
  });
</script>
{% endblock footer_js %}
""".replace("<CODE_PX>", str(CODE_PX)).replace("<FIGURE_PX>", str(FIGURE_PX))
TEMPLATE_FILE = "course_slides.html.j2"


def asset_urls(prefix: str = "assets") -> dict[str, str]:
    """The exporter's settings that point at the local copies, relative to the deck."""
    return {
        "reveal_url_prefix": f"{prefix}/{REVEAL.folder}",
        "require_js_url": f"{prefix}/{REQUIREJS.folder}/require.js",
        "jquery_url": f"{prefix}/{JQUERY.folder}/dist/jquery.min.js",
        "mathjax_url": f"{prefix}/{MATHJAX.folder}/es5/tex-svg-full.js",
    }


def deck_notebook(path: Path) -> tuple[nbformat.NotebookNode, str | None]:
    """The notebook a deck is made of: the stored one, with its own slide metadata; if some cell
    has none (``--mark`` not run yet), marked here in memory, with a note saying so."""
    notebook = nbformat.read(path, as_version=4)
    if None not in stored_types(notebook):
        return notebook, None
    return mark(notebook), (f"{path.name}: some cells carry no slide metadata; marked here "
                            "(store it with: python -m tools.slides --mark)")


def expected_slides(notebook: dict) -> int:
    """How many slides reveal.js counts (``Reveal.getTotalSlides()``) in a deck of ``notebook``:
    one per slide or sub-slide cell (nbconvert makes the first shown cell a slide)."""
    shown = [kind or "-" for kind in stored_types(notebook) if kind not in ("skip", "notes")]
    return sum(kind in ("slide", "subslide") for kind in shown[1:]) + bool(shown)


EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)"""
    r"""|@import\s+(?:url\()?["']?((?:https?:)?//[^"')\s]+)""", re.I)


def external_resources(html: str) -> list[str]:
    """The URLs a page would load from the network (links a reader may click are not counted)."""
    return [a or b for a, b in EXTERNAL.findall(html)]


def export(path: Path, out: Path) -> Path:
    """Write the deck of one notebook to ``out/<name>.slides.html`` (assets: ``out/assets``)."""
    notebook, note = deck_notebook(path)
    if note:
        print(note)
    return export_notebook(notebook, path.stem, out)


def export_notebook(notebook: nbformat.NotebookNode, name: str, out: Path) -> Path:
    """Write the deck of ``notebook`` (as its slide metadata says) to ``out/<name>.slides.html``."""
    from jinja2 import DictLoader
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_loaders=[DictLoader({TEMPLATE_FILE: TEMPLATE})],
        template_file=TEMPLATE_FILE,
        reveal_theme="white",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        **asset_urls(),
    )
    html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": name}})
    html = FONT_AWESOME_CDN.sub(f"assets/{FONT_AWESOME.folder}/css/font-awesome.min.css", html)
    remote = external_resources(html)
    if remote:
        print(f"{name}: the deck still loads from the network: {', '.join(remote[:3])}",
              file=sys.stderr)
    deck = out / f"{name}.slides.html"
    deck.write_text(html, encoding="utf-8")
    return deck


def notebooks(prefixes: Sequence[str] = (), folder: Path = NOTEBOOKS) -> list[Path]:
    """The lesson notebooks whose names start with one of ``prefixes`` (all if none)."""
    paths = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    return [p for p in paths if not prefixes or any(p.name.startswith(x) for x in prefixes)]


def build(paths: Sequence[Path], out: Path = SLIDES, cache: Path | None = None) -> list[Path]:
    """The decks of ``paths`` in ``out``, with the assets in ``out/assets``."""
    out.mkdir(parents=True, exist_ok=True)
    install_assets(out / "assets", cache)
    return [export(path, out) for path in paths]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.slides",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("only", nargs="*", help="notebook name prefixes, e.g. 02 04")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--mark", action="store_true",
                        help="write the slide metadata into the notebooks (nothing else changes)")
    action.add_argument("--check", action="store_true",
                        help="exit 1 if a notebook's slide metadata differs from mark()'s")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS, help="the notebooks' folder")
    parser.add_argument("--out", type=Path, default=SLIDES, help="where the decks go")
    args = parser.parse_args(argv)
    paths = notebooks(args.only, args.folder)
    if not paths:
        print(f"no notebooks match {args.only} in {args.folder}", file=sys.stderr)
        return 2
    if args.mark:
        for path in paths:
            print(f"{path.name}: {'marked' if mark_file(path) else 'unchanged'}")
        return 0
    if args.check:
        stale = []
        for path in paths:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            if stored_types(notebook) != slide_types(notebook):
                stale.append(path.name)
        for name in stale:
            print(f"{name}: slide metadata out of date: run python -m tools.slides --mark")
        return 1 if stale else 0
    try:
        decks = build(paths, args.out)
    except AssetError as error:
        print(error, file=sys.stderr)
        return 1
    for deck in decks:
        print(f"wrote {deck.relative_to(Path.cwd()) if deck.is_relative_to(Path.cwd()) else deck}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
