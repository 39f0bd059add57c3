"""A compact layer table, the course's steadier alternative to ``model.summary()``."""

from __future__ import annotations

from course_utils.checks import format_shape
from course_utils.runtime import import_keras

keras = import_keras()


def _layer_rows(model: keras.Model, depth: int, expand: bool) -> list[tuple[str, str, str, int]]:
    rows = []
    for layer in model.layers:
        inner = layer.layer if isinstance(layer, keras.layers.TimeDistributed) else layer
        kind = type(layer).__name__
        if inner is not layer:
            kind = f"{kind}({inner.name})"
        try:
            shape = format_shape(layer.output.shape)
        except (AttributeError, ValueError):
            shape = "?"
        rows.append(("  " * depth + layer.name, kind, shape, int(layer.count_params())))
        if expand and isinstance(inner, keras.Model):
            rows.extend(_layer_rows(inner, depth + 1, expand))
    return rows


def layer_table(model: keras.Model, expand: bool = True) -> str:
    """A compact, fixed-width table of ``model``'s layers: name, kind, output shape, weights.

    A steadier alternative to ``model.summary()``, whose width follows the terminal. Nested models
    (the frame encoder) are listed with their layers indented below them when ``expand`` is True.
    """
    rows = [("layer", "kind", "output shape", "weights")]
    body = _layer_rows(model, 0, expand)
    rows += [(name, kind, shape, f"{n:,}") for name, kind, shape, n in body]
    rows.append(("total", "", "", f"{model.count_params():,}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d:>{widths[3]}}"
        for a, b, c, d in rows
    ]
    return "\n".join(line.rstrip() for line in lines)
