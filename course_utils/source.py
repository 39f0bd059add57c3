"""Show the course's own code where a lesson introduces it.

The notebooks keep their models in :mod:`course_utils.models` (one source of truth, tested), and
display a builder's source, highlighted, at the point where the lesson teaches it::

    from course_utils.source import show_source
    show_source(cnn_lstm.build_cnn_lstm_functional)

The displayed text is the code that runs: it is read from the installed module, not copied.
"""

from __future__ import annotations

import inspect
from typing import Any

from IPython.display import Code


def source_text(*objects: Any) -> str:
    """The source code of functions, classes or modules, separated by blank lines.

    Raises:
        TypeError: no object was given, or one of them has no Python source (a built-in, an
            instance, a value).
    """
    if not objects:
        raise TypeError("source_text() needs at least one function, class or module, got none")
    parts = []
    for obj in objects:
        if not (inspect.isfunction(obj) or inspect.isclass(obj) or inspect.ismodule(obj)
                or inspect.ismethod(obj)):
            raise TypeError(
                "source_text() takes functions, classes or modules, got "
                f"{type(obj).__name__} {obj!r:.60}"
            )
        try:
            parts.append(inspect.getsource(obj).rstrip())
        except (OSError, TypeError) as error:  # compiled or interactively defined objects
            raise TypeError(f"no Python source is available for {obj!r:.60}: {error}") from None
    return "\n\n\n".join(parts) + "\n"


def show_source(*objects: Any) -> Code:
    """Highlighted source of ``objects`` for a notebook cell (the cell's last expression).

    Example::

        show_source(cnn_lstm.conv_layer, cnn_lstm.build_frame_cnn)
    """
    return Code(source_text(*objects), language="python")
