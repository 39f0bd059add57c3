"""Architecture diagrams for the CNN-LSTM course, drawn with matplotlib.

Run ``python -m tools.figures [--out imgs]`` to (re)draw every diagram as a PNG file.
Each diagram has one public function ``draw_<name>(path) -> Path`` and is listed in
:data:`DIAGRAMS`:

``cnn_lstm``
    The CNN-LSTM (LRCN): the same CNN applied to every frame, then an LSTM over the features.
``tensor_5d``
    The input tensor ``(samples, time, rows, cols, channels)`` and what ``TimeDistributed`` does.
``convlstm_cell``
    A ConvLSTM cell: LSTM gates computed with convolutions on feature maps.
``cnn_lstm_vs_convlstm``
    What the recurrence receives: a vector whose feature indices encode where things were
    (CNN-LSTM, after ``Flatten``), or maps that keep rows, columns and neighbours (ConvLSTM).

The colours are the same in every diagram: CNN parts blue, LSTM / recurrent parts orange,
data grey and outputs green. Figures are built with :class:`matplotlib.figure.Figure` and saved
with the Agg renderer, so importing this module does not touch pyplot or the notebook backend,
and nothing runs at import time. Saving strips the PNG ``Software`` tag so that reruns write
identical bytes.
"""

from __future__ import annotations

import argparse
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle

__all__ = [
    "DIAGRAMS",
    "DPI",
    "draw_cnn_lstm",
    "draw_cnn_lstm_vs_convlstm",
    "draw_convlstm_cell",
    "draw_tensor_5d",
    "main",
]

DPI = 120
"""Resolution of the saved PNG files (dots per inch)."""

Point = tuple[float, float]
Painter = Callable[[Axes], None]


@dataclass(frozen=True)
class Tone:
    """A fill colour and an edge / text colour that belong together."""

    fill: str
    edge: str


CNN = Tone("#dbe8f7", "#2a6bb3")
"""Convolutional parts (feature extractors, convolutions)."""
RNN = Tone("#fde3c6", "#cc6a0a")
"""LSTM / recurrent parts (cells, gates, states)."""
DATA = Tone("#ececec", "#666666")
"""Data: frames, tensors, shapes."""
OUT = Tone("#d8f1dc", "#2c8a3e")
"""Outputs: Dense layer, predicted class."""
INK = "#222222"
SCREEN = "#3b3b3b"  # background of a video frame (the course's videos are white squares on black)
PAPER = "#ffffff"

_RC = {
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 11,
    "savefig.facecolor": PAPER,
    "path.simplify": True,
}


# ---------------------------------------------------------------------------------------------
# Drawing helpers (all lengths are in inches: the axes span the figure with 1 data unit = 1 in)
# ---------------------------------------------------------------------------------------------


@contextmanager
def _style() -> Iterator[None]:
    """Temporarily apply the diagram fonts without changing the caller's rcParams."""
    with matplotlib.rc_context(_RC):
        yield


def _render(path: Path | str, painter: Painter, size: Point) -> Path:
    """Draw ``painter`` on a blank ``size`` (width, height in inches) canvas and save a PNG.

    The axes cover the whole figure and use inches as data units, so painters can lay out
    boxes in physical sizes. Returns the path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with _style():
        fig = Figure(figsize=size, dpi=DPI)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_xlim(0.0, width)
        ax.set_ylim(0.0, height)
        ax.set_aspect("equal")
        ax.set_axis_off()
        painter(ax)
        fig.savefig(
            path, dpi=DPI, format="png", metadata={"Software": None}, pil_kwargs={"optimize": True}
        )
    return path


def _text(
    ax: Axes,
    xy: Point,
    text: str,
    *,
    color: str = INK,
    size: float = 11,
    ha: str = "center",
    va: str = "center",
    weight: str = "normal",
    style: str = "normal",
    rotation: float = 0.0,
) -> None:
    """Write ``text`` at ``xy`` above every shape."""
    ax.text(
        xy[0],
        xy[1],
        text,
        color=color,
        fontsize=size,
        ha=ha,
        va=va,
        fontweight=weight,
        fontstyle=style,
        rotation=rotation,
        zorder=10,
        linespacing=1.3,
    )


def _box(
    ax: Axes,
    center: Point,
    size: Point,
    text: str = "",
    tone: Tone = DATA,
    *,
    text_size: float = 11,
    weight: str = "normal",
    dashed: bool = False,
    filled: bool = True,
    radius: float = 0.08,
    zorder: float = 3,
) -> None:
    """Rounded box of ``size`` (w, h) centred on ``center``, with optional centred text."""
    w, h = size
    patch = FancyBboxPatch(
        (center[0] - w / 2, center[1] - h / 2),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={radius}",
        facecolor=tone.fill if filled else "none",
        edgecolor=tone.edge,
        linewidth=1.6,
        linestyle=(0, (4, 3)) if dashed else "solid",
        zorder=zorder,
    )
    ax.add_patch(patch)
    if text:
        _text(ax, center, text, size=text_size, weight=weight)


def _arrow(
    ax: Axes,
    points: Sequence[Point],
    color: str = INK,
    *,
    width: float = 1.5,
    head: bool = True,
    dashed: bool = False,
) -> None:
    """Arrow along a polyline through ``points`` (at least two), head on the last point."""
    if len(points) < 2:
        raise ValueError(f"points must hold at least 2 points, got {len(points)}")
    style = (0, (4, 3)) if dashed else "solid"
    if len(points) > 2:
        xs, ys = zip(*points[:-1], strict=True)
        ax.plot(
            xs, ys, color=color, linewidth=width, linestyle=style, solid_capstyle="butt", zorder=2
        )
    arrow = FancyArrowPatch(
        points[-2],
        points[-1],
        arrowstyle="-|>" if head else "-",
        mutation_scale=13,
        color=color,
        linewidth=width,
        linestyle=style,
        shrinkA=0,
        shrinkB=0,
        zorder=2,
    )
    ax.add_patch(arrow)


def _op(ax: Axes, center: Point, kind: str, tone: Tone = RNN, radius: float = 0.17) -> None:
    """Operator node: ``kind="mul"`` is the element-wise product (⊙), ``"add"`` a sum (+)."""
    x, y = center
    ax.add_patch(
        Circle(center, radius, facecolor=PAPER, edgecolor=tone.edge, linewidth=1.6, zorder=4)
    )
    if kind == "mul":
        ax.add_patch(Circle(center, radius * 0.28, facecolor=tone.edge, edgecolor="none", zorder=5))
    elif kind == "add":
        arm = radius * 0.6
        for xs, ys in (((x - arm, x + arm), (y, y)), ((x, x), (y - arm, y + arm))):
            ax.plot(xs, ys, color=tone.edge, linewidth=1.8, zorder=5)
    else:
        raise ValueError(f"kind must be 'mul' or 'add', got {kind!r}")


def _sine_square(t: int, steps: int) -> Point:
    """Where the course's "sine" square is at step ``t`` of ``steps``, as frame fractions."""
    progress = t / max(steps - 1, 1)
    return 0.1 + 0.8 * progress, 0.5 + 0.3 * math.sin(2 * math.pi * progress)


def _stack(
    ax: Axes,
    center: Point,
    size: Point,
    tone: Tone,
    *,
    layers: int = 3,
    step: float = 0.07,
    square: Point | None = None,
    square_color: str = PAPER,
) -> None:
    """Stack of ``layers`` maps (front map centred on ``center``), e.g. channels or filters.

    ``square`` places a small square on the front map, at fractions (x, y) of its width and
    height, to show where the moving object is.
    """
    w, h = size
    x0, y0 = center[0] - w / 2, center[1] - h / 2
    for layer in reversed(range(layers)):
        ax.add_patch(
            Rectangle(
                (x0 + layer * step, y0 + layer * step),
                w,
                h,
                facecolor=tone.fill,
                edgecolor=tone.edge,
                linewidth=1.3,
                zorder=3,
            )
        )
    if square is not None:
        side = min(w, h) * 0.16
        ax.add_patch(
            Rectangle(
                (x0 + square[0] * w - side / 2, y0 + square[1] * h - side / 2),
                side,
                side,
                facecolor=square_color,
                edgecolor="none",
                zorder=4,
            )
        )


def _frame(ax: Axes, center: Point, size: Point, square: Point) -> None:
    """One video frame: a dark screen with the white moving square."""
    _stack(ax, center, size, Tone(SCREEN, DATA.edge), layers=1, square=square)


_VECTOR_SHADES = (0.25, 0.8, 0.45, 0.1, 0.65, 0.35, 0.9, 0.5)


def _vector(
    ax: Axes,
    center: Point,
    cells: int,
    tone: Tone,
    *,
    cell: float = 0.15,
    vertical: bool = True,
    shades: Sequence[float] | None = None,
) -> None:
    """A feature vector drawn as a strip of ``cells`` squares, shaded by ``shades`` (alphas).

    Without ``shades`` the cells get a fixed, varied shading.
    """
    if shades is None:
        shades = [_VECTOR_SHADES[i % len(_VECTOR_SHADES)] for i in range(cells)]
    length = cells * cell
    for i in range(cells):
        offset = -length / 2 + i * cell
        x0, y0 = (
            (center[0] - cell / 2, center[1] + offset)
            if vertical
            else (center[0] + offset, center[1] - cell / 2)
        )
        ax.add_patch(
            Rectangle(
                (x0, y0),
                cell,
                cell,
                facecolor=tone.edge,
                alpha=shades[i],
                zorder=3,
            )
        )
        ax.add_patch(
            Rectangle(
                (x0, y0), cell, cell, facecolor="none", edgecolor=tone.edge, linewidth=1.0, zorder=3
            )
        )


def _cuboid(ax: Axes, origin: Point, size: Point, depth: float, tone: Tone) -> None:
    """A box seen in oblique projection: front face from ``origin`` (lower left), depth up-right."""
    x, y = origin
    w, h = size
    d = depth
    faces = (
        [(x, y + h), (x + w, y + h), (x + w + d, y + h + d), (x + d, y + h + d)],  # top
        [(x + w, y), (x + w + d, y + d), (x + w + d, y + h + d), (x + w, y + h)],  # side
    )
    for face in faces:
        ax.add_patch(
            Polygon(
                face, closed=True, facecolor=tone.fill, edgecolor=tone.edge, linewidth=1.3, zorder=3
            )
        )
    ax.add_patch(
        Rectangle(origin, w, h, facecolor=SCREEN, edgecolor=tone.edge, linewidth=1.3, zorder=3)
    )


def _bracket(ax: Axes, x: float, span: Point, tone: Tone, label: str) -> None:
    """Vertical bracket at ``x`` covering ``span`` (y0, y1), label right-aligned to its left."""
    y0, y1 = span
    tick = 0.12
    ax.plot([x + tick, x, x, x + tick], [y0, y0, y1, y1], color=tone.edge, linewidth=2.0, zorder=2)
    _text(ax, (x - 0.15, (y0 + y1) / 2), label, color=tone.edge, ha="right", weight="bold")


def _dimension(
    ax: Axes, start: Point, end: Point, label: str, *, offset: Point, rotation: float = 0.0
) -> None:
    """Double-headed dimension arrow from ``start`` to ``end`` with a label shifted by offset."""
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="<|-|>",
            mutation_scale=10,
            color=DATA.edge,
            linewidth=1.2,
            shrinkA=0,
            shrinkB=0,
            zorder=2,
        )
    )
    middle = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
    _text(ax, middle, label, size=10.5, rotation=rotation)


def _title(ax: Axes, xy: Point, title: str, subtitle: str = "") -> None:
    """Bold title with an optional smaller grey subtitle below it (both left-aligned)."""
    _text(ax, xy, title, size=14, ha="left", weight="bold")
    if subtitle:
        _text(ax, (xy[0], xy[1] - 0.36), subtitle, size=10.5, ha="left", color=DATA.edge)


# ---------------------------------------------------------------------------------------------
# 1. CNN-LSTM (LRCN)
# ---------------------------------------------------------------------------------------------

_STEP_LABELS = ("1", "2", "3", "T")
_STEP_X = (3.3, 4.9, 6.5, 8.7)  # the gap between steps 3 and T holds the "..." column
_ELLIPSIS_X = 7.6
_FRAME_SIZE = (1.17, 0.45)  # 130 x 50 pixels


def _paint_cnn_lstm(ax: Axes) -> None:
    """Frames -> shared CNN -> feature vectors -> chain of LSTM cells -> Dense -> class."""
    y_frame, y_cnn, y_vec, y_lstm = 0.8, 1.85, 3.05, 4.4
    cnn_size, lstm_size = (1.05, 0.62), (1.0, 0.7)
    _title(
        ax,
        (0.3, 5.65),
        "CNN-LSTM (LRCN)",
        "the same CNN reads every frame; an LSTM reads the sequence of features",
    )
    for i, (x, label) in enumerate(zip(_STEP_X, _STEP_LABELS, strict=True)):
        _frame(ax, (x, y_frame), _FRAME_SIZE, _sine_square(7 if label == "T" else i, 8))
        _text(ax, (x, y_frame - 0.42), f"$t = {label}$", size=11)
        _arrow(ax, [(x, y_frame + 0.25), (x, y_cnn - cnn_size[1] / 2)])
        _box(ax, (x, y_cnn), cnn_size, "CNN", CNN, weight="bold")
        _arrow(ax, [(x, y_cnn + cnn_size[1] / 2), (x, y_vec - 0.4)])
        _vector(ax, (x, y_vec), 5, CNN)
        _text(ax, (x + 0.2, y_vec), f"$x_{{{label}}}$", size=11, ha="left")
        _arrow(ax, [(x, y_vec + 0.4), (x, y_lstm - lstm_size[1] / 2)])
        _box(ax, (x, y_lstm), lstm_size, "LSTM", RNN, weight="bold")
    for y in (y_frame, y_cnn, y_vec):
        _text(ax, (_ELLIPSIS_X, y), "...", size=14, weight="bold")
    _cnn_lstm_sharing(ax, y_cnn, cnn_size)
    _cnn_lstm_states(ax, y_lstm, lstm_size)
    _cnn_lstm_head(ax, y_lstm, lstm_size)
    _bracket(ax, 2.2, (y_frame - 0.25, y_frame + 0.25), DATA, "input: T frames")
    _bracket(ax, 2.2, (y_cnn - 0.35, y_vec + 0.4), CNN, "CNN:\nfeature extractor\n(per frame)")
    _bracket(
        ax, 2.2, (y_lstm - 0.4, y_lstm + 0.4), RNN, "LSTM: interprets\nthe features\nacross time"
    )


def _cnn_lstm_sharing(ax: Axes, y: float, size: Point) -> None:
    """Dashed TimeDistributed frame around the CNN row, '=' between copies and the note."""
    left, right = _STEP_X[0] - size[0] / 2 - 0.12, _STEP_X[-1] + size[0] / 2 + 0.12
    _box(
        ax,
        ((left + right) / 2, y),
        (right - left, size[1] + 0.24),
        tone=CNN,
        dashed=True,
        filled=False,
        zorder=1,
    )
    for a, b in itertools.pairwise(_STEP_X[:3]):
        _text(ax, ((a + b) / 2, y), "=", size=16, color=CNN.edge, weight="bold")
    _text(
        ax,
        (right + 0.15, y),
        "TimeDistributed:\nsame weights\nat every step",
        color=CNN.edge,
        ha="left",
        size=10.5,
        weight="bold",
    )


def _cnn_lstm_states(ax: Axes, y: float, size: Point) -> None:
    """State arrows (h, c) between consecutive LSTM cells, with '...' before step T."""
    half = size[0] / 2
    _text(
        ax,
        (_STEP_X[0] - half - 0.05, y + 0.52),
        "$h_0, c_0 = 0$",
        size=9.5,
        ha="center",
        color=RNN.edge,
    )
    _arrow(ax, [(_STEP_X[0] - half - 0.35, y), (_STEP_X[0] - half, y)], RNN.edge, width=2.0)
    for k, (a, b) in enumerate(itertools.pairwise(_STEP_X), start=1):
        if b == _STEP_X[-1]:
            _arrow(ax, [(a + half, y), (_ELLIPSIS_X - 0.25, y)], RNN.edge, width=2.0)
            _text(ax, (_ELLIPSIS_X, y), "...", size=14, weight="bold", color=RNN.edge)
            _arrow(ax, [(_ELLIPSIS_X + 0.25, y), (b - half, y)], RNN.edge, width=2.0)
            continue
        _arrow(ax, [(a + half, y), (b - half, y)], RNN.edge, width=2.0)
        _text(ax, ((a + b) / 2, y + 0.2), f"$h_{k}, c_{k}$", size=10, color=RNN.edge)


def _cnn_lstm_head(ax: Axes, y: float, size: Point) -> None:
    """Last hidden state -> Dense -> class, on the right of the last LSTM cell."""
    x_dense, x_class = _STEP_X[-1] + 1.55, _STEP_X[-1] + 2.95
    start = _STEP_X[-1] + size[0] / 2
    _arrow(ax, [(start, y), (x_dense - 0.45, y)], RNN.edge, width=2.0)
    _text(ax, ((start + x_dense - 0.45) / 2, y + 0.2), "$h_T$", size=10.5, color=RNN.edge)
    _box(ax, (x_dense, y), (0.9, 0.62), "Dense", OUT, weight="bold")
    _arrow(ax, [(x_dense + 0.45, y), (x_class - 0.5, y)], OUT.edge)
    _box(ax, (x_class, y), (1.0, 0.62), "class", OUT, weight="bold")
    _text(ax, (x_class, y - 0.55), "softmax over\nmotion classes", size=9.5, color=OUT.edge)


def draw_cnn_lstm(path: Path | str) -> Path:
    """Draw the CNN-LSTM (LRCN) architecture to ``path`` (PNG) and return the path."""
    return _render(path, _paint_cnn_lstm, (12.2, 6.1))


# ---------------------------------------------------------------------------------------------
# 2. The 5-D input tensor
# ---------------------------------------------------------------------------------------------

_SAMPLES = (  # (label, square position at filmstrip step k of n)
    ("sample 1", lambda k, n: _sine_square(k, n)),
    ("sample 2", lambda k, n: (0.1 + 0.8 * k / (n - 1), 0.2 + 0.6 * k / (n - 1))),
    ("sample 32", lambda k, n: (0.45 + 0.03 * (k % 2), 0.55 - 0.04 * (k % 3))),
)
_STRIP_STEPS = ("1", "2", "3", "4", "20")
_STRIP_FRAME = (0.95, 0.365)  # 130 x 50 pixels
_STRIP_PITCH = 1.08
_STRIP_X0 = 2.45


def _strip_x(k: int) -> float:
    """x centre of the k-th frame of a filmstrip (the last one sits after a '...' gap)."""
    gap = 0.45 if k == len(_STRIP_STEPS) - 1 else 0.0
    return _STRIP_X0 + k * _STRIP_PITCH + gap


def _paint_tensor_5d(ax: Axes) -> None:
    """Samples of filmstrips, a zoomed frame with its axes, and the TimeDistributed shapes."""
    _title(
        ax,
        (0.3, 7.35),
        "Input of a CNN-LSTM: a 5-D tensor",
        "(samples, time, rows, cols, channels), e.g. (32, 20, 50, 130, 1)",
    )
    rows_y = (5.75, 4.7, 3.3)
    n = len(_STRIP_STEPS)
    left, right = _strip_x(0) - _STRIP_FRAME[0] / 2, _strip_x(n - 1) + _STRIP_FRAME[0] / 2
    for (label, where), y in zip(_SAMPLES, rows_y, strict=True):
        _box(ax, ((left + right) / 2, y), (right - left + 0.3, 0.75), tone=DATA, zorder=1)
        _text(ax, (left - 0.25, y), label, size=10.5, ha="right", color=DATA.edge, weight="bold")
        for k in range(n):
            _frame(ax, (_strip_x(k), y), _STRIP_FRAME, where(k + (k == n - 1), n + 1))
        _text(ax, ((_strip_x(n - 2) + _strip_x(n - 1)) / 2, y), "...", size=13, weight="bold")
    _text(
        ax,
        ((left + right) / 2, (rows_y[1] + rows_y[2]) / 2),
        "...",
        size=14,
        weight="bold",
        rotation=90,
    )
    _dimension(
        ax,
        (0.5, rows_y[0] + 0.4),
        (0.5, rows_y[2] - 0.4),
        "samples = 32",
        offset=(-0.2, 0.0),
        rotation=90,
    )
    top = rows_y[0] + 0.52
    _dimension(ax, (left, top), (right, top), "time = 20", offset=(0.0, 0.2))
    for k, step in enumerate(_STRIP_STEPS):
        _text(ax, (_strip_x(k), rows_y[2] - 0.55), f"$t = {step}$", size=10, color=DATA.edge)
    _zoomed_frame(ax, source=(_strip_x(n - 1), rows_y[0]), square=_SAMPLES[0][1](n, n + 1))
    _time_distributed_flow(ax, y=1.05)


def _zoomed_frame(ax: Axes, source: Point, square: Point) -> None:
    """Enlarged frame (rows x cols x channels) linked to one frame of the first filmstrip."""
    origin, size, depth = (8.7, 4.3), (2.75, 1.06), 0.3
    x0, y0 = origin
    _cuboid(ax, origin, size, depth, DATA)
    side = 0.17
    ax.add_patch(
        Rectangle(
            (x0 + square[0] * size[0] - side / 2, y0 + square[1] * size[1] - side / 2),
            side,
            side,
            facecolor=PAPER,
            edgecolor="none",
            zorder=4,
        )
    )
    sx, sy = source[0] + _STRIP_FRAME[0] / 2, source[1]
    for dy, target in ((_STRIP_FRAME[1] / 2, y0 + size[1]), (-_STRIP_FRAME[1] / 2, y0)):
        ax.plot(
            [sx, x0],
            [sy + dy, target],
            color=DATA.edge,
            linewidth=1.0,
            linestyle=(0, (3, 3)),
            zorder=2,
        )
    _dimension(ax, (x0, y0 - 0.2), (x0 + size[0], y0 - 0.2), "cols = 130", offset=(0, -0.2))
    x_rows = x0 + size[0] + depth + 0.18
    _dimension(
        ax,
        (x_rows, y0 + depth),
        (x_rows, y0 + size[1] + depth),
        "rows = 50",
        offset=(0.2, 0.0),
        rotation=90,
    )
    lift = size[1] + 0.14
    _dimension(
        ax, (x0 - 0.06, y0 + lift), (x0 + depth - 0.06, y0 + lift + depth), "", offset=(0, 0)
    )
    _text(
        ax,
        (x0 + depth + 0.05, y0 + lift + depth + 0.12),
        "channels = 1 (grey)",
        size=10.5,
        ha="left",
    )
    _text(
        ax,
        (x0 + size[0] / 2, y0 - 0.75),
        "one frame: (rows, cols, channels)",
        size=10.5,
        color=DATA.edge,
        weight="bold",
    )


_FLOW = (  # (text, tone, width): data shapes in grey, layers in colour
    ("(samples, time, rows, cols, ch)\n(32, 20, 50, 130, 1)", DATA, 2.95),
    ("TimeDistributed(CNN)\nsame CNN, each frame", CNN, 2.05),
    ("(samples, time, features)", DATA, 2.25),
    ("LSTM", RNN, 0.85),
    ("(samples, units)", DATA, 1.55),
)


def _time_distributed_flow(ax: Axes, y: float) -> None:
    """One line of boxes: the shapes before and after the per-frame CNN and the LSTM."""
    _text(ax, (0.3, y + 0.75), "What TimeDistributed does", size=12, ha="left", weight="bold")
    gap, x = 0.42, 0.3
    for k, (text, tone, width) in enumerate(_FLOW):
        if k:
            _arrow(ax, [(x, y), (x + gap, y)])
            x += gap
        _box(
            ax,
            (x + width / 2, y),
            (width, 0.75),
            text,
            tone,
            text_size=10.5,
            weight="normal" if tone is DATA else "bold",
        )
        x += width


def draw_tensor_5d(path: Path | str) -> Path:
    """Draw the ``(samples, time, rows, cols, channels)`` input tensor to ``path`` (PNG)."""
    return _render(path, _paint_tensor_5d, (12.2, 7.8))


# ---------------------------------------------------------------------------------------------
# 3. ConvLSTM cell
# ---------------------------------------------------------------------------------------------

_GATES = (  # (name, x, activation)
    ("f", 3.7, r"\sigma"),
    ("i", 4.9, r"\sigma"),
    ("g", 6.1, r"\tanh"),
    ("o", 7.3, r"\sigma"),
)
_EQUATIONS = (
    r"$i_t = \sigma(W_{xi} \ast X_t + W_{hi} \ast H_{t-1} + b_i)$",
    r"$f_t = \sigma(W_{xf} \ast X_t + W_{hf} \ast H_{t-1} + b_f)$",
    r"$o_t = \sigma(W_{xo} \ast X_t + W_{ho} \ast H_{t-1} + b_o)$",
    r"$g_t = \tanh(W_{xg} \ast X_t + W_{hg} \ast H_{t-1} + b_g)$",
    r"$C_t = f_t \odot C_{t-1} + i_t \odot g_t$",
    r"$H_t = o_t \odot \tanh(C_t)$",
)


def _state_map(
    ax: Axes, center: Point, name: str, shape: str, tone: Tone, label_side: str = "below"
) -> None:
    """A state or input drawn as a stack of maps with its name and shape written next to it."""
    _stack(ax, center, (0.8, 0.5), tone, layers=3, step=0.07)
    if label_side == "below":
        _text(ax, (center[0] + 0.07, center[1] - 0.5), f"{name}\n{shape}", size=10.5)
    else:
        _text(ax, (center[0] - 0.55, center[1] + 0.07), f"{name}  {shape}", size=10.5, ha="right")


def _paint_convlstm_cell(ax: Axes) -> None:
    """The cell: conv block -> gates -> element-wise state update, plus the equations."""
    y_conv, y_gate, y_ig, y_out, y_tanh, y_c = 3.6, 4.85, 6.0, 5.85, 6.6, 7.3
    _title(
        ax,
        (0.3, 8.65),
        "ConvLSTM cell",
        "an LSTM whose matrix products are convolutions: inputs, states and gates are feature maps",
    )
    _box(ax, (5.6, 5.35), (6.6, 4.9), tone=Tone("#fff6ec", RNN.edge), zorder=0, radius=0.2)
    _text(ax, (2.45, 7.6), "ConvLSTM cell", size=11, ha="left", weight="bold", color=RNN.edge)
    _state_map(ax, (1.15, y_c), "$C_{t-1}$", "(rows, cols, filters)", RNN)
    _state_map(ax, (1.15, y_conv), "$H_{t-1}$", "(rows, cols, filters)", RNN)
    _state_map(ax, (10.65, y_c), "$C_t$", "(rows, cols, filters)", RNN)
    _state_map(ax, (10.65, y_out), "$H_t$", "(rows, cols, filters)", RNN)
    _stack(
        ax, (5.5, 2.35), (0.9, 0.4), Tone(SCREEN, DATA.edge), layers=1, square=_sine_square(2, 6)
    )
    _text(ax, (4.85, 2.35), "$X_t$  (rows, cols, channels)", size=10.5, ha="right")
    _arrow(ax, [(5.5, 2.55), (5.5, y_conv - 0.35)])
    _arrow(ax, [(1.75, y_conv), (2.5, y_conv)], RNN.edge)
    _box(
        ax,
        (5.5, y_conv),
        (6.0, 0.7),
        "convolutions $W_{x\\cdot} \\ast X_t + W_{h\\cdot} \\ast H_{t-1} + b_\\cdot$\n"
        "one input kernel and one recurrent kernel per gate",
        CNN,
        text_size=10.5,
    )
    for name, x, activation in _GATES:
        _arrow(ax, [(x, y_conv + 0.35), (x, y_gate - 0.35)], CNN.edge)
        _box(ax, (x, y_gate), (0.95, 0.7), f"${name}_t$\n${activation}$", RNN, text_size=11.5)
    _convlstm_update(ax, y_gate, y_ig, y_out, y_tanh, y_c)
    _text(
        ax,
        (6.2, 2.35),
        "no peephole terms (as in Keras' ConvLSTM2D)",
        size=10,
        style="italic",
        color=DATA.edge,
        ha="left",
    )
    _convlstm_equations(ax)


def _convlstm_update(
    ax: Axes, y_gate: float, y_ig: float, y_out: float, y_tanh: float, y_c: float
) -> None:
    """Cell-state line with forget, input and output paths (all element-wise)."""
    (_, x_f, _), (_, x_i, _), (_, x_g, _), (_, x_o, _) = _GATES
    top = y_gate + 0.35
    _arrow(ax, [(1.75, y_c), (x_f - 0.17, y_c)], RNN.edge, width=2.2)
    _op(ax, (x_f, y_c), "mul")
    _arrow(ax, [(x_f, top), (x_f, y_c - 0.17)], RNN.edge)
    _arrow(ax, [(x_f + 0.17, y_c), (x_g - 0.17, y_c)], RNN.edge, width=2.2)
    _op(ax, (x_g, y_ig), "mul")
    _arrow(ax, [(x_g, top), (x_g, y_ig - 0.17)], RNN.edge)
    _arrow(ax, [(x_i, top), (x_i, y_ig), (x_g - 0.17, y_ig)], RNN.edge)
    _op(ax, (x_g, y_c), "add")
    _arrow(ax, [(x_g, y_ig + 0.17), (x_g, y_c - 0.17)], RNN.edge)
    _arrow(ax, [(x_g + 0.17, y_c), (10.1, y_c)], RNN.edge, width=2.2)
    ax.add_patch(Circle((x_o + 0.75, y_c), 0.05, color=RNN.edge, zorder=4))
    _arrow(ax, [(x_o + 0.75, y_c), (x_o + 0.75, y_tanh + 0.2)], RNN.edge)
    _box(ax, (x_o + 0.75, y_tanh), (0.7, 0.4), r"$\tanh$", RNN, text_size=11)
    _op(ax, (x_o + 0.75, y_out), "mul")
    _arrow(ax, [(x_o + 0.75, y_tanh - 0.2), (x_o + 0.75, y_out + 0.17)], RNN.edge)
    _arrow(ax, [(x_o, top), (x_o, y_out), (x_o + 0.58, y_out)], RNN.edge)
    _arrow(ax, [(x_o + 0.92, y_out), (10.1, y_out)], RNN.edge, width=2.2)


def _convlstm_equations(ax: Axes) -> None:
    """The six ConvLSTM equations in two columns, with a legend of the symbols."""
    for k, equation in enumerate(_EQUATIONS):
        column, row = divmod(k, 3)
        _text(ax, (0.45 + column * 6.2, 1.55 - row * 0.42), equation, size=12.5, ha="left")
    _text(
        ax,
        (0.45, 0.25),
        r"$\ast$ convolution     $\odot$ element-wise product     "
        r"$\sigma$ sigmoid     $H_t, C_t$ keep the spatial shape (rows, cols) of the maps",
        size=10.5,
        ha="left",
        color=DATA.edge,
    )


def draw_convlstm_cell(path: Path | str) -> Path:
    """Draw a ConvLSTM cell with its equations to ``path`` (PNG) and return the path."""
    return _render(path, _paint_convlstm_cell, (12.0, 9.1))


# ---------------------------------------------------------------------------------------------
# 4. CNN-LSTM vs ConvLSTM
# ---------------------------------------------------------------------------------------------


def _paint_comparison(ax: Axes) -> None:
    """Two panels side by side, each showing two time steps of the recurrence."""
    ax.plot([6.1, 6.1], [0.3, 6.6], color=DATA.fill, linewidth=2.0, zorder=0)
    _cnn_lstm_panel(ax, x0=0.0)
    _convlstm_panel(ax, x0=6.2)


def _panel_steps(ax: Axes, x0: float, y_frame: float) -> tuple[float, float]:
    """Frames of two consecutive steps at the bottom of a panel; returns their x centres."""
    xs = (x0 + 1.9, x0 + 4.3)
    for k, (x, label) in enumerate(zip(xs, ("t", "t+1"), strict=True)):
        _frame(ax, (x, y_frame), (1.1, 0.42), _sine_square(k + 1, 6))
        _text(ax, (x, y_frame - 0.4), f"frame ${label}$", size=10.5, color=DATA.edge)
    return xs


def _recurrence(
    ax: Axes, xs: Point, y: float, cell: Point, state: Callable[[Point, int], None], label: str
) -> None:
    """Cells at ``xs`` linked left to right, with ``state(center, k)`` drawn on state arrow k.

    The three state arrows come in from step t-1 (k=0), link t to t+1 (k=1) and go on (k=2).
    """
    half = cell[0] / 2
    links = (
        (xs[0] - half - 1.05, xs[0] - half),
        (xs[0] + half, xs[1] - half),
        (xs[1] + half, xs[1] + half + 1.05),
    )
    for k, (a, b) in enumerate(links):
        middle = ((a + b) / 2, y)
        _arrow(ax, [(a, y), (middle[0] - 0.38, y)], RNN.edge, width=1.8, head=False)
        state(middle, k)
        _arrow(ax, [(middle[0] + 0.38, y), (b, y)], RNN.edge, width=1.8)
    _text(ax, ((xs[0] + xs[1]) / 2, y + 0.55), label, size=10.5, color=RNN.edge, weight="bold")


def _cnn_lstm_panel(ax: Axes, x0: float) -> None:
    """Left panel: frame -> CNN -> maps -> Flatten -> vector -> LSTM; the state is a vector."""
    y_frame, y_cnn, y_maps, y_vec, y_lstm = 0.85, 1.8, 2.75, 3.75, 4.75
    _title(ax, (x0 + 0.3, 6.35), "CNN-LSTM", "Flatten before time: the state is a vector (units,)")
    xs = _panel_steps(ax, x0, y_frame)
    for k, x in enumerate(xs):
        _arrow(ax, [(x, y_frame + 0.23), (x, y_cnn - 0.28)])
        _box(ax, (x, y_cnn), (0.95, 0.56), "CNN", CNN, weight="bold")
        _arrow(ax, [(x, y_cnn + 0.28), (x, y_maps - 0.22)])
        _stack(
            ax,
            (x, y_maps),
            (0.7, 0.3),
            CNN,
            layers=3,
            step=0.06,
            square=_sine_square(k + 1, 6),
            square_color=CNN.edge,
        )
        _arrow(ax, [(x, y_maps + 0.34), (x, y_vec - 0.12)])
        _text(
            ax,
            (x + 0.1, (y_maps + y_vec) / 2 + 0.1),
            "Flatten",
            size=9.5,
            ha="left",
            color=CNN.edge,
            style="italic",
        )
        # The feature that lights up moves with the square: position becomes a feature index.
        on = (1, 3)[k]
        _vector(ax, (x, y_vec), 6, CNN, vertical=False,
                shades=[0.9 if i == on else 0.12 for i in range(6)])
        _arrow(ax, [(x, y_vec + 0.1), (x, y_lstm - 0.3)])
        _box(ax, (x, y_lstm), (0.95, 0.6), "LSTM", RNN, weight="bold")
    _recurrence(
        ax,
        xs,
        y_lstm,
        (0.95, 0.6),
        lambda c, _: _vector(ax, c, 4, RNN, vertical=False),
        "state $h_t$: a vector",
    )
    _text(
        ax,
        (x0 + 3.1, 5.65),
        "where the object was survives as which features are on",
        size=10.5,
        color=INK,
        style="italic",
    )


def _convlstm_panel(ax: Axes, x0: float) -> None:
    """Right panel: frame -> ConvLSTM cell; the state and the outputs are feature maps."""
    y_frame, y_cell, y_out = 0.85, 2.75, 4.2
    _title(ax, (x0 + 0.3, 6.35), "ConvLSTM", "no Flatten: the state is a map (rows, cols, filters)")
    xs = _panel_steps(ax, x0, y_frame)
    for k, x in enumerate(xs):
        _arrow(ax, [(x, y_frame + 0.23), (x, y_cell - 0.35)])
        _text(
            ax,
            (x + 0.1, (y_frame + y_cell) / 2),
            "(rows, cols, ch)",
            size=9.5,
            ha="left",
            color=DATA.edge,
            style="italic",
        )
        _box(ax, (x, y_cell), (1.1, 0.7), "ConvLSTM", RNN, weight="bold")
        _arrow(ax, [(x, y_cell + 0.35), (x, y_out - 0.2)], RNN.edge)
        _stack(
            ax,
            (x, y_out),
            (0.7, 0.3),
            RNN,
            layers=3,
            step=0.06,
            square=_sine_square(k + 1, 6),
            square_color=RNN.edge,
        )
        _text(ax, (x, y_out + 0.5), f"$H_{{{'t' if k == 0 else 't+1'}}}$", size=11)

    def state_map(center: Point, k: int) -> None:
        _stack(
            ax,
            center,
            (0.5, 0.24),
            RNN,
            layers=3,
            step=0.05,
            square=_sine_square(k, 6),
            square_color=RNN.edge,
        )

    _recurrence(ax, xs, y_cell, (1.1, 0.7), state_map, "")
    _text(
        ax,
        ((xs[0] + xs[1]) / 2, y_cell - 0.5),
        "state $H_t, C_t$: maps",
        size=10.5,
        color=RNN.edge,
        weight="bold",
    )
    _text(
        ax,
        (x0 + 3.1, 5.65),
        "where the object was stays a place on a map",
        size=10.5,
        color=INK,
        style="italic",
    )


def draw_cnn_lstm_vs_convlstm(path: Path | str) -> Path:
    """Draw CNN-LSTM and ConvLSTM side by side to ``path`` (PNG) and return the path."""
    return _render(path, _paint_comparison, (12.4, 6.9))


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------

DIAGRAMS: dict[str, Callable[[Path | str], Path]] = {
    "cnn_lstm": draw_cnn_lstm,
    "tensor_5d": draw_tensor_5d,
    "convlstm_cell": draw_convlstm_cell,
    "cnn_lstm_vs_convlstm": draw_cnn_lstm_vs_convlstm,
}
"""Every diagram: file stem -> drawing function (the file is ``<stem>.png``)."""

ROOT = Path(__file__).resolve().parent.parent
_DEFAULT_OUT = ROOT / "imgs"
#: The copies that ship with the package, shown by ``course_utils.display.figure``.
PACKAGED = ROOT / "course_utils" / "data_files" / "figures"


def main(argv: Sequence[str] | None = None) -> int:
    """Draw every diagram in :data:`DIAGRAMS` into ``--out`` (default: the repo's ``imgs/``)."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.figures",
        description="Draw the course's architecture diagrams as PNG files.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=_DEFAULT_OUT,
        help="folder for the PNG files (default: the repository's imgs/)",
    )
    args = parser.parse_args(argv)
    for name, draw in DIAGRAMS.items():
        path = draw(args.out / f"{name}.png")
        if args.out.resolve() == _DEFAULT_OUT:
            (PACKAGED / path.name).write_bytes(path.read_bytes())
        print(f"wrote {path.name} ({path.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
