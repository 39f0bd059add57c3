"""Tests for tools.figures: every diagram is drawn as a small, valid, stable PNG."""

from __future__ import annotations

import struct
from pathlib import Path

import matplotlib
import pytest

from course_utils import display
from tools import figures as diagrams

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 150 * 1024


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels read from the IHDR chunk of a PNG file; fails if not a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG file"
    assert head[12:16] == b"IHDR", f"{path.name} does not start with an IHDR chunk"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_registry_names_match_functions() -> None:
    assert set(diagrams.DIAGRAMS) == {
        "cnn_lstm",
        "tensor_5d",
        "convlstm_cell",
        "cnn_lstm_vs_convlstm",
    }
    for name, draw in diagrams.DIAGRAMS.items():
        assert draw is getattr(diagrams, f"draw_{name}")


@pytest.mark.parametrize("name", sorted(diagrams.DIAGRAMS))
def test_diagram_is_a_small_valid_png(name: str, tmp_path: Path) -> None:
    path = diagrams.DIAGRAMS[name](tmp_path / f"{name}.png")
    assert path == tmp_path / f"{name}.png"
    assert path.is_file()
    assert 10 * 1024 < path.stat().st_size < MAX_BYTES
    width, height = png_size(path)
    assert 800 <= width <= 1600, f"{name}: width {width} px"
    assert 500 <= height <= 1200, f"{name}: height {height} px"


def test_drawing_is_deterministic(tmp_path: Path) -> None:
    first = diagrams.draw_cnn_lstm(tmp_path / "a.png")
    second = diagrams.draw_cnn_lstm(tmp_path / "b.png")
    assert first.read_bytes() == second.read_bytes()
    assert b"Software" not in first.read_bytes()


def test_drawing_leaves_rcparams_alone(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    diagrams.draw_tensor_5d(tmp_path / "tensor.png")
    assert dict(matplotlib.rcParams) == before


def test_main_draws_every_diagram(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nested" / "imgs"
    assert diagrams.main(["--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.png" for n in diagrams.DIAGRAMS)
    assert len(capsys.readouterr().out.splitlines()) == len(diagrams.DIAGRAMS)


def test_shipped_figures_are_the_drawn_ones(tmp_path: Path) -> None:
    """The package ships the PNGs that tools/figures.py draws (run it and commit after a change)."""
    assert set(display.FIGURES) == set(diagrams.DIAGRAMS)
    for name, draw in diagrams.DIAGRAMS.items():
        drawn = draw(tmp_path / f"{name}.png").read_bytes()
        assert (display.FIGURES_DIR / f"{name}.png").read_bytes() == drawn, name
        assert (diagrams.ROOT / "imgs" / f"{name}.png").read_bytes() == drawn, name


def test_figure_shows_a_shipped_png():
    image = display.figure("cnn_lstm", width=500)
    assert image.data.startswith(b"\x89PNG") and image.width == 500
    with pytest.raises(ValueError, match="unknown diagram 'lstm'; choose one of cnn_lstm"):
        display.figure("lstm")
