"""The ConvLSTM video classifier of lesson 03: a recurrence whose state is a stack of images.

The original lesson's network, three ``ConvLSTM2D`` layers with pooling between them::

    (samples, 20, 50, 130, 1)
    ConvLSTM2D 5 (4×4), every step  → (samples, 20, 50, 130, 5)    1,940 weights
    TimeDistributed MaxPool 2       → (samples, 20, 25, 65, 5)
    ConvLSTM2D 5 (8×8), every step  → (samples, 20, 25, 65, 5)    12,820 weights
    TimeDistributed MaxPool 2       → (samples, 20, 12, 32, 5)
    ConvLSTM2D 5 (8×8), last step   → (samples, 12, 32, 5)        12,820 weights
    MaxPool 2                       → (samples, 6, 16, 5)
    Flatten → Dense softmax         → (samples, 4)                1,924 weights

29,504 weights with ``padding="same"``. A ConvLSTM2D layer with ``f`` filters, a ``k×k`` kernel
and ``c`` input channels holds ``4 · (k·k·c·f + k·k·f·f + f)`` weights: four gates, each with an
input kernel, a recurrent kernel and a bias.

The sizes live in the module constants below; :func:`build_convlstm` returns an uncompiled model
(compile it with ``course_utils.models.cnn_lstm.compile_classifier``, as the CNN-LSTM).
:func:`multiply_adds` and :func:`feature_map_bytes` count, from the shapes alone, the arithmetic
and the memory a model needs; :func:`training_memory_bytes` (one model) and
:func:`training_memory_bytes_each` (several, side by side) measure the memory training takes, for
lesson 03's cost comparison with the CNN-LSTM.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from course_utils.checks import positive_int
from course_utils.models.cnn_lstm import (
    FILTERS,
    FRAME_SHAPE,
    FRAMES,
    KERNEL_SIZES,
    N_CLASSES,
    PADDING,
    POOL_SIZE,
    FoldTime,
    UnfoldTime,
)
from course_utils.session import import_keras

keras = import_keras()
layers = keras.layers

#: Frame size, as made by ``course_utils.video.make_videos``.
HEIGHT, WIDTH, CHANNELS = FRAME_SHAPE

# FRAMES and N_CLASSES, and the original lesson's layer sizes, are those of lesson 02's CNN-LSTM
# (imported above): FILTERS maps of state per ConvLSTM2D layer, KERNEL_SIZES for the first, second
# and third layer (input and recurrent kernels alike), PADDING "same" so every layer keeps the
# frame size, each followed by POOL_SIZE pooling.
#: The course's activation for the cell's candidate and output (Keras's default). The original
#: lesson used ``"relu"``: an unbounded state that can grow step after step; lesson 03
#: compares the two.
ACTIVATION = "tanh"

#: Weights with the default geometry: 1,940 + 12,820 + 12,820 (ConvLSTM2D) + 1,924 (Dense).
PARAMS = 29_504

#: Maps of the state's size that a recurrent step must keep for the backward pass, at least: the
#: four gates (input, forget, candidate, output), the cell state, tanh of it and the output.
MAPS_KEPT_PER_STEP = 7


def build_convlstm(
    frames: int = FRAMES,
    height: int = HEIGHT,
    width: int = WIDTH,
    channels: int = CHANNELS,
    n_classes: int = N_CLASSES,
    activation: str = ACTIVATION,
    filters: int = FILTERS,
) -> keras.Sequential:
    """The original lesson's three-layer ConvLSTM2D classifier, uncompiled.

    ``(samples, frames, height, width, channels)`` → two ConvLSTM2D layers that return every step,
    each followed by a 2×2 pooling of every frame → a third ConvLSTM2D that returns its last
    output only, ``(samples, height // 4, width // 4, 5)`` → 2×2 pooling, Flatten, Dense softmax
    ``(samples, n_classes)``.

    Args:
        frames: time steps per clip.
        height, width: frame size in pixels, at least 8 each (three 2×2 poolings).
        channels: 1 for grey frames.
        n_classes: outputs of the softmax.
        activation: activation of the cell's candidate values and of its output
            (``"tanh"``, the Keras default, or ``"relu"`` as in the original lesson); the gates stay
            sigmoid.
        filters: maps of state in each ConvLSTM2D layer (the original lesson's 5 by default).

    Returns:
        A ``keras.Sequential`` named ``"convlstm"``; 29,504 weights with the defaults.
    """
    frames = positive_int("frames", frames)
    height = positive_int("height", height, 8)
    width = positive_int("width", width, 8)
    channels = positive_int("channels", channels)
    n_classes = positive_int("n_classes", n_classes)
    filters = positive_int("filters", filters)
    if not isinstance(activation, str):
        raise TypeError(f"activation must be the name of an activation, got {activation!r}")
    keras.activations.get(activation)  # an unknown name fails here, with Keras's message

    def convlstm(block: int, last: bool = False) -> keras.layers.ConvLSTM2D:
        return layers.ConvLSTM2D(
            filters,
            KERNEL_SIZES[block - 1],
            padding=PADDING,
            activation=activation,
            return_sequences=not last,
            name=f"convlstm{block}",
        )

    def pool_every_frame(block: int) -> keras.layers.TimeDistributed:
        return layers.TimeDistributed(layers.MaxPooling2D(POOL_SIZE), name=f"pool{block}")

    return keras.Sequential(
        [
            keras.Input((frames, height, width, channels), name="video"),
            convlstm(1),
            pool_every_frame(1),
            convlstm(2),
            pool_every_frame(2),
            convlstm(3, last=True),
            layers.MaxPooling2D(POOL_SIZE, name="pool3"),
            layers.Flatten(name="flatten"),
            layers.Dense(n_classes, activation="softmax", name="probabilities"),
        ],
        name="convlstm",
    )


def _elements(shape: tuple[int | None, ...]) -> int:
    """Values per sample in a tensor of ``shape`` (batch axis first)."""
    return math.prod(int(n) for n in shape[1:])


def _per_frame_section(model: keras.Model) -> set[str]:
    """Names of the layers between ``FoldTime`` and ``UnfoldTime``: one frame per sample."""
    inside, names = False, set()
    for layer in model.layers:
        if isinstance(layer, (FoldTime, UnfoldTime)):
            inside = isinstance(layer, FoldTime)
        elif inside:
            names.add(layer.name)
    return names


def _layer_values(layer: keras.layers.Layer, frames: int, per_frame: bool = False) -> int:
    """Values per sample that ``layer`` produces in one forward pass over a clip."""
    if isinstance(layer, (FoldTime, UnfoldTime)):
        return 0  # a reshape: a new view of the same values
    if per_frame:  # time folded into the batch: the layer runs on every frame of the clip
        inner = layer.layers if isinstance(layer, keras.Model) else [layer]
        return frames * sum(_elements(sub.output.shape) for sub in inner)
    if isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
        shape = layer.output.shape
        per_step = _elements(shape[1:] if layer.return_sequences else shape)
        return frames * per_step * MAPS_KEPT_PER_STEP
    if isinstance(layer, keras.layers.TimeDistributed) and isinstance(layer.layer, keras.Model):
        return frames * sum(_elements(inner.output.shape) for inner in layer.layer.layers)
    return _elements(layer.output.shape)


def feature_map_bytes(
    model: keras.Model, batch_size: int, bytes_per_value: int = 4
) -> dict[str, int]:
    """Estimate, from the shapes alone, the feature maps one training batch keeps, per layer.

    Counts each layer's output for ``batch_size`` samples. A recurrent layer (``LSTM``,
    ``ConvLSTM2D``) computes its state at EVERY time step even when it returns only the last one,
    and the backward pass needs :data:`MAPS_KEPT_PER_STEP` maps of that size per step: those are
    counted instead of its output. A ``TimeDistributed`` model is counted layer by layer inside, and
    so are the layers between ``FoldTime`` and ``UnfoldTime`` (reshapes themselves cost nothing).
    Weights, optimizer slots, gradients and the framework's own buffers are left out, so this is
    a lower bound on training memory: the part that grows with frame size, clip length and batch.

    Args:
        model: a built Keras model whose inputs are ``(samples, time, rows, cols, channels)``.
        batch_size: samples per training step.
        bytes_per_value: 4 for float32.

    Returns:
        ``{layer name: bytes}``, in the model's layer order.
    """
    batch_size = positive_int("batch_size", batch_size)
    frames = int(model.input_shape[1])
    folded_layers = _per_frame_section(model)
    return {
        layer.name: _layer_values(layer, frames, layer.name in folded_layers)
        * batch_size
        * bytes_per_value
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    }


def _numel(variable: Any) -> int:
    return math.prod(int(n) for n in variable.shape)


def _kernel_macs(layer: keras.layers.Layer, step_shape: tuple[int | None, ...]) -> int:
    """Multiply-adds of ``layer`` for one frame (or step) whose output is ``step_shape``."""
    positions = math.prod(int(n) for n in step_shape[:-1])  # rows × cols; 1 for vectors
    if isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
        return positions * (_numel(layer.cell.kernel) + _numel(layer.cell.recurrent_kernel))
    if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense)):
        return positions * _numel(layer.kernel)
    return 0  # pooling, flattening, reshaping: no multiplications


def multiply_adds(model: keras.Model) -> dict[str, int]:
    """Multiply-adds of one forward pass over ONE clip, per layer, counted from the shapes.

    A convolution costs ``rows · cols · (k·k·c_in·f)`` per frame; a ``ConvLSTM2D`` step costs
    that for its input kernels AND its recurrent kernels, for the four gates, at every step; an
    ``LSTM`` step costs ``4u · (d + u)``. Layers inside ``TimeDistributed``, or between ``FoldTime``
    and ``UnfoldTime``, run once per frame.
    Training costs roughly three times the forward pass.

    Args:
        model: a built Keras model whose inputs are ``(samples, time, rows, cols, channels)``.

    Returns:
        ``{layer name: multiply-adds}``, in the model's layer order.
    """
    frames = int(model.input_shape[1])
    folded_layers = _per_frame_section(model)
    found: dict[str, int] = {}
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        shape = tuple(layer.output.shape)
        if layer.name in folded_layers:  # time folded into the batch: one sample is one frame
            inner = layer.layers if isinstance(layer, keras.Model) else [layer]
            found[layer.name] = frames * sum(
                _kernel_macs(sub, tuple(sub.output.shape)[1:]) for sub in inner
            )
        elif isinstance(layer, (keras.layers.LSTM, keras.layers.ConvLSTM2D)):
            step = shape[2:] if layer.return_sequences else shape[1:]
            found[layer.name] = frames * _kernel_macs(layer, step)
        elif isinstance(layer, keras.layers.TimeDistributed):
            inner = layer.layer
            per_frame = (
                sum(_kernel_macs(sub, tuple(sub.output.shape)[1:]) for sub in inner.layers)
                if isinstance(inner, keras.Model)
                else _kernel_macs(inner, shape[2:])
            )
            found[layer.name] = frames * per_frame
        else:
            found[layer.name] = _kernel_macs(layer, shape[1:])
    return found


_STATUS = "/proc/self/status"


def _status_kib(field: str) -> int:
    """A memory field of ``/proc/self/status`` (Linux), e.g. ``VmHWM``, in KiB."""
    with open(_STATUS) as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(f"{field} not found in {_STATUS}")


def _reset_peak_rss() -> None:
    """Restart the high-water mark of resident memory at the current value (Linux 4.0+)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _peak_rss_bytes() -> int:
    """The largest resident memory this process has had (since the last reset, on Linux)."""
    try:
        return _status_kib("VmHWM") * 1024
    except OSError:
        import resource  # macOS: the peak over the whole life of the process

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _training_memory_here(
    builder: Callable[..., keras.Model], kwargs: dict[str, Any], batch_size: int, steps: int
) -> int:
    """Growth of this process's peak resident memory over ``steps`` training steps (bytes)."""
    import numpy as np

    from course_utils.models.cnn_lstm import compile_classifier

    model = compile_classifier(builder(**kwargs))
    rng = np.random.default_rng(0)
    x = rng.random((batch_size * steps, *model.input_shape[1:]), dtype=np.float32)
    y = rng.integers(0, model.output_shape[-1], size=batch_size * steps)
    with contextlib.suppress(OSError):  # elsewhere the peak so far stands (see the docstring)
        _reset_peak_rss()
    before = _peak_rss_bytes()
    model.fit(x, y, batch_size=batch_size, epochs=1, verbose=0)
    return _peak_rss_bytes() - before


def training_memory_bytes(
    builder: Callable[..., keras.Model],
    batch_size: int = 16,
    steps: int = 2,
    **builder_kwargs: Any,
) -> int:
    """Measure how much memory training a model takes: peak resident-memory growth, in bytes.

    A NEW Python process builds ``builder(**builder_kwargs)``, compiles it, makes random inputs of
    the model's input shape, and trains it for ``steps`` batches of ``batch_size``. The result is
    how far training raised the process's peak resident memory (the operating system's high-water
    mark) above its value just before: what the graph, the forward and backward passes, the
    gradients and the optimizer added. A fresh process matters: inside a process that has already
    trained something, memory freed by earlier models is reused and the growth understates the
    need. On Linux the high-water mark is restarted just before training
    (``/proc/self/clear_refs``); elsewhere it counts from the start of the process, so a small
    model whose training needs less than importing the framework did shows 0.

    Args:
        builder: a module-level model builder, e.g. :func:`build_convlstm` (it is sent to the new
            process by name, so a lambda or a function defined in a notebook will not do).
        batch_size: samples per training step.
        steps: training steps measured (the first one also builds the graph).
        **builder_kwargs: passed to ``builder``, e.g. ``height=25, width=65``.

    Returns:
        Bytes, as the operating system counts resident pages; it includes the framework's own
        buffers and the first step's graph building, and varies by about a third from run to run
        (threads and allocator). Compare models at the same batch size, as orders of magnitude.
    """
    if not callable(builder):
        raise TypeError(
            f"builder must be a model-building function such as build_convlstm, got {builder!r}"
        )
    return training_memory_bytes_each({"model": (builder, builder_kwargs)}, batch_size, steps)[
        "model"
    ]


def training_memory_bytes_each(
    models: Mapping[str, tuple[Callable[..., keras.Model], Mapping[str, Any]]],
    batch_size: int = 16,
    steps: int = 2,
) -> dict[str, int]:
    """:func:`training_memory_bytes` for several models, each in its own new process, side by side.

    Every model is measured as :func:`training_memory_bytes` measures one: built, compiled and
    trained for ``steps`` batches of ``batch_size`` in a NEW Python process that nothing else
    runs in. The processes run at the same time, as many as the machine has cores, so measuring
    two models takes about the wall time of one (each process's high-water mark is its own).

    Args:
        models: name → ``(builder, builder_kwargs)``, e.g.
            ``{"ConvLSTM": (build_convlstm, {"height": 25, "width": 65})}``; builders are
            module-level functions (sent to the new processes by name).
        batch_size: samples per training step.
        steps: training steps measured (the first one also builds the graph).

    Returns:
        name → bytes, in the order of ``models``.
    """
    batch_size = positive_int("batch_size", batch_size)
    steps = positive_int("steps", steps)
    if not isinstance(models, Mapping) or not models:
        raise TypeError(
            f"models must be a non-empty mapping name -> (builder, kwargs), got {models!r}"
        )
    for name, spec in models.items():
        if not (isinstance(spec, tuple) and len(spec) == 2 and callable(spec[0])
                and isinstance(spec[1], Mapping)):
            raise TypeError(f"models[{name!r}] must be a (builder, kwargs dict) pair, got {spec!r}")
    processes = min(len(models), os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, maxtasksperchild=1) as pool:  # a new process for every model
        pending = {
            name: pool.apply_async(
                _training_memory_here, (builder, dict(kwargs), batch_size, steps)
            )
            for name, (builder, kwargs) in models.items()
        }
        return {name: int(result.get()) for name, result in pending.items()}
