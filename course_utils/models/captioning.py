"""Describing a clip in words: an LRCN captioner, its decoding, and a template baseline (lesson 05).

* :func:`build_captioner`: **encoder** (a small frame CNN on every frame, time folded into the
  batch axis as in lesson 02, then an LSTM whose final state ``[h, c]`` sums up the clip) and
  **decoder** (an ``Embedding`` and an LSTM that starts from that state and predicts the next
  word at every position). Trained with teacher forcing: the decoder reads the true previous words.
* :func:`greedy_decode`: at inference there are no true words; the decoder reads its own most
  likely word, one step at a time. :func:`beam_decode` keeps the ``beam_width`` best sentences.
* :func:`build_attribute_classifier` and :func:`template_captions`: the same encoder with one
  softmax head per attribute, whose answers fill the fixed sentence template.
* :func:`build_attention_captioner`: a decoder that also attends over the encoder's per-frame
  outputs (an exercise of the lesson).

Shapes: videos ``(samples, frames, rows, cols, channels)``; words ``(samples, length)`` int ids;
the captioners output next-word probabilities ``(samples, length, vocabulary)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils import captions
from course_utils.checks import check_sequences, positive_int
from course_utils.checks import learning_rate as check_learning_rate
from course_utils.models import cnn_lstm
from course_utils.session import import_keras
from course_utils.training import build_training_state

keras = import_keras()
layers = keras.layers

#: Frames per clip and one frame ``(rows, cols, channels)``, as ``captions.make_clips`` makes them.
FRAMES = 12
FRAME_SHAPE = (32, 32, 1)
#: Words the decoder reads per caption: ``<start>`` and up to six words (it predicts the next ones).
LENGTH = captions.SEQUENCE_LENGTH - 1
VOCABULARY_SIZE = len(captions.VOCABULARY)
#: Size of both LSTMs' state, and of each word's embedding.
UNITS = 64
EMBEDDING = 16
#: Filters of the frame CNN's three 3×3 convolutions; 2×2 max pooling follows the first two.
FRAME_FILTERS = (16, 32, 32)


@keras.saving.register_keras_serializable(package="course_utils")
class WithMotion(layers.Layer):
    """``(samples, frames, rows, cols, 1)`` → ``(samples, frames - 1, rows, cols, 2)``.

    Each step holds a frame and its difference from the previous frame, as two channels: the
    difference is +1 where the square arrived and -1 where it left, so the direction and the
    distance moved between two frames become a local pattern a small CNN can see anywhere in the
    frame (a cheap stand-in for the optical flow the LRCN paper also fed its CNN).
    """

    def call(self, videos):
        later, earlier = videos[:, 1:], videos[:, :-1]
        return keras.ops.concatenate([later, later - earlier], axis=-1)

    def compute_output_shape(self, input_shape):
        samples, frames, *frame = input_shape
        return (samples, None if frames is None else frames - 1, *frame[:-1], 2 * frame[-1])


def build_frame_cnn(frame_shape: tuple[int, int, int] = (32, 32, 2)) -> keras.Sequential:
    """The per-step CNN: ``(samples, rows, cols, channels)`` → ``(samples, 32)``.

    ``Conv2D(16, 3×3)`` + ``MaxPooling2D(2×2)``, ``Conv2D(32, 3×3)`` + ``MaxPooling2D(2×2)``,
    ``Conv2D(32, 3×3)``, all ``same`` and ReLU, then ``GlobalMaxPooling2D``: each of the 32
    features says how strongly its pattern occurs *anywhere* in the frame, not where. With the
    frame and its difference from the previous frame as input (:class:`WithMotion`), the patterns
    are the square's size, and its direction and distance moved between two frames.
    """
    frame_shape = cnn_lstm._check_frame_shape(frame_shape)
    blocks = []
    for block, filters in enumerate(FRAME_FILTERS, start=1):
        blocks.append(
            layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{block}")
        )
        if block < len(FRAME_FILTERS):
            blocks.append(layers.MaxPooling2D(2, name=f"pool{block}"))
    return keras.Sequential(
        [keras.Input(frame_shape, name="frame"), *blocks,
         layers.GlobalMaxPooling2D(name="anywhere_in_frame")],
        name="frame_cnn",
    )


def build_clip_encoder(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    units: int = UNITS,
    return_sequences: bool = False,
    motion: bool = True,
) -> keras.Model:
    """The encoder: ``(samples, frames, rows, cols, 1)`` → the LSTM's final state ``[h, c]``.

    WithMotion ``(samples, frames - 1, rows, cols, 2)`` → FoldTime → frame CNN
    ``(samples·(frames - 1), 32)`` → UnfoldTime → LSTM; ``h`` and ``c`` are ``(samples, units)``.
    With ``return_sequences`` the LSTM's output at every step, ``(samples, frames - 1, units)``,
    comes first: ``[per_frame, h, c]``. With ``motion=False`` (an exercise) there is no
    WithMotion: the CNN reads the single frames, ``frames`` steps of ``channels`` channels.
    """
    frames = positive_int("frames", frames, 2)
    rows, cols, channels = cnn_lstm._check_frame_shape(frame_shape)
    video = keras.Input((frames, rows, cols, channels), name="video")
    steps = WithMotion(name="with_motion")(video) if motion else video
    n_steps, step_channels = (frames - 1, 2 * channels) if motion else (frames, channels)
    every_step = cnn_lstm.FoldTime(name="fold_time")(steps)
    per_step = build_frame_cnn((rows, cols, step_channels))(every_step)
    features = cnn_lstm.UnfoldTime(n_steps, name="unfold_time")(per_step)
    outputs = layers.LSTM(units, return_sequences=return_sequences, return_state=True,
                          name="encoder_lstm")(features)
    return keras.Model(video, list(outputs if return_sequences else outputs[1:]), name="encoder")


def build_captioner(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    units: int = UNITS,
    embedding: int = EMBEDDING,
    vocabulary_size: int = VOCABULARY_SIZE,
    length: int = LENGTH,
    motion: bool = True,
) -> keras.Model:
    """The LRCN captioner: ``[video, words]`` → next-word probabilities ``(samples, length, V)``.

    Encoder (:func:`build_clip_encoder`): ``(samples, frames, rows, cols, 1)`` → WithMotion →
    FoldTime → frame CNN → UnfoldTime → LSTM → its final state ``h, c``, each ``(samples, units)``.
    Decoder: words ``(samples, length)`` → Embedding ``(samples, length, embedding)``, each word
    next to a copy of ``h`` (RepeatVector, Concatenate: the clip is read at every word, as in the
    LRCN paper's video description) → LSTM started from ``[h, c]`` ``(samples, length, units)``
    → Dense softmax over the vocabulary.
    ``motion=False`` leaves WithMotion out (an exercise of the lesson). The two halves are
    sub-models named ``"encoder"`` and ``"decoder"``, so that :func:`greedy_decode` can run the
    encoder once and the decoder once per word.
    """
    frames, units = positive_int("frames", frames), positive_int("units", units)
    embedding, length = positive_int("embedding", embedding), positive_int("length", length)
    vocabulary_size = positive_int("vocabulary_size", vocabulary_size, 3)
    encoder = build_clip_encoder(frames, frame_shape, units, motion=motion)

    words = keras.Input((length,), dtype="int32", name="words")
    h = keras.Input((units,), name="h")
    c = keras.Input((units,), name="c")
    embedded = layers.Embedding(vocabulary_size, embedding, name="embedding")(words)
    clip_at_every_word = layers.RepeatVector(length, name="clip_at_every_word")(h)
    reads = layers.Concatenate(name="word_and_clip")([embedded, clip_at_every_word])
    sequence = layers.LSTM(units, return_sequences=True, name="decoder_lstm")(
        reads, initial_state=[h, c]
    )
    next_word = layers.Dense(vocabulary_size, activation="softmax", name="next_word")(sequence)
    decoder = keras.Model([words, h, c], next_word, name="decoder")

    video = keras.Input((frames, *frame_shape), name="video")
    words_in = keras.Input((length,), dtype="int32", name="words_in")
    return keras.Model([video, words_in], decoder([words_in, *encoder(video)]), name="captioner")


def build_attention_captioner(
    frames: int = FRAMES,
    frame_shape: tuple[int, int, int] = FRAME_SHAPE,
    units: int = UNITS,
    embedding: int = EMBEDDING,
    vocabulary_size: int = VOCABULARY_SIZE,
    length: int = LENGTH,
) -> keras.Model:
    """The captioner with attention over frames: each word looks back at every frame's output.

    Encoder as in :func:`build_captioner`, but its LSTM also returns its output at every frame,
    ``(samples, frames, units)``. Decoder: the same Embedding and LSTM; then, at every word
    position, dot-product ``Attention`` with the decoder's output as query over the per-frame
    outputs ``(samples, length, units)``, concatenated with the decoder's output, → Dense softmax.
    """
    frames, units = positive_int("frames", frames), positive_int("units", units)
    embedding, length = positive_int("embedding", embedding), positive_int("length", length)
    vocabulary_size = positive_int("vocabulary_size", vocabulary_size, 3)
    encoder = build_clip_encoder(frames, frame_shape, units, return_sequences=True)

    words = keras.Input((length,), dtype="int32", name="words")
    per_frame = keras.Input((frames - 1, units), name="per_frame")
    h = keras.Input((units,), name="h")
    c = keras.Input((units,), name="c")
    embedded = layers.Embedding(vocabulary_size, embedding, name="embedding")(words)
    clip_at_every_word = layers.RepeatVector(length, name="clip_at_every_word")(h)
    reads = layers.Concatenate(name="word_and_clip")([embedded, clip_at_every_word])
    sequence = layers.LSTM(units, return_sequences=True, name="decoder_lstm")(
        reads, initial_state=[h, c]
    )
    looked_at = layers.Attention(name="attention_over_frames")([sequence, per_frame])
    both = layers.Concatenate(name="word_and_frames")([sequence, looked_at])
    next_word = layers.Dense(vocabulary_size, activation="softmax", name="next_word")(both)
    decoder = keras.Model([words, per_frame, h, c], next_word, name="decoder")

    video = keras.Input((frames, *frame_shape), name="video")
    words_in = keras.Input((length,), dtype="int32", name="words_in")
    return keras.Model([video, words_in], decoder([words_in, *encoder(video)]),
                       name="attention_captioner")


def compile_captioner(model: keras.Model, learning_rate: float = 3e-3) -> keras.Model:
    """Adam, sparse cross-entropy per word; ``weighted_metrics`` so that accuracy skips padding.

    Fit with ``sample_weight`` = the weights of ``captions.teacher_forcing`` ``(samples, length)``:
    each word's loss is multiplied by its weight, 0 on padding.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    model.compile(
        optimizer=keras.optimizers.Adam(check_learning_rate("learning_rate", learning_rate)),
        loss="sparse_categorical_crossentropy",
        weighted_metrics=[keras.metrics.SparseCategoricalAccuracy(name="accuracy")],
    )
    return build_training_state(model)  # no variables made inside the first traced step


def _parts(model: keras.Model) -> tuple[keras.Model, keras.Model]:
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a captioner (a Keras model), got {type(model).__name__}")
    try:
        return model.get_layer("encoder"), model.get_layer("decoder")
    except ValueError:
        raise ValueError(
            f"model {model.name!r} has no 'encoder' and 'decoder' sub-models: build it with "
            "build_captioner or build_attention_captioner"
        ) from None


def _as_list(outputs: Any) -> list[np.ndarray]:
    return [np.asarray(o) for o in outputs] if isinstance(outputs, (list, tuple)) else [
        np.asarray(outputs)]


def greedy_decode(model: keras.Model, videos: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Caption clips word by word, each time taking the most likely next word.

    The encoder runs once; then the decoder runs once per position on the words chosen so far
    (``<start>``, then its own choices), and the word it predicts at the newest position is
    appended. The decoder's LSTM is causal, so re-reading the prefix gives the same state as
    carrying it from step to step.

    Args:
        model: a trained captioner (:func:`build_captioner` or :func:`build_attention_captioner`).
        videos: ``(samples, frames, rows, cols, channels)`` float pixels.

    Returns:
        int32 ``(samples, length)``: the chosen word ids after ``<start>``; read them with
        ``captions.decode`` (which stops at the first ``<end>``).
    """
    encoder, decoder = _parts(model)
    check_sequences(videos, encoder)
    batch_size = positive_int("batch_size", batch_size)
    context = _as_list(encoder.predict(videos, batch_size=batch_size, verbose=0))
    length = decoder.input[0].shape[1]
    words = np.zeros((len(videos), length), dtype=np.int32)
    words[:, 0] = captions.WORD_IDS[captions.START]
    chosen = np.zeros_like(words)
    for t in range(length):
        probabilities = decoder.predict([words, *context], batch_size=batch_size, verbose=0)
        chosen[:, t] = probabilities[:, t].argmax(axis=-1)
        if t + 1 < length:
            words[:, t + 1] = chosen[:, t]
    return chosen


def beam_decode(
    model: keras.Model, videos: np.ndarray, beam_width: int = 3, batch_size: int = 256
) -> np.ndarray:
    """Caption clips keeping the ``beam_width`` most likely partial sentences at every step.

    A sentence's score is the sum of its words' log-probabilities; one that has produced
    ``<end>`` is finished and keeps its score (later words are not added). With
    ``beam_width=1`` this is :func:`greedy_decode`.

    Returns:
        int32 ``(samples, length)``: the best sentence's word ids after ``<start>``.
    """
    encoder, decoder = _parts(model)
    check_sequences(videos, encoder)
    beam_width = positive_int("beam_width", beam_width)
    context = _as_list(encoder.predict(videos, batch_size=batch_size, verbose=0))
    n, length = len(videos), decoder.input[0].shape[1]
    end, vocab = captions.WORD_IDS[captions.END], decoder.output.shape[-1]
    # beams: (n, beam, length) words read so far (<start> first), their scores, finished flags
    words = np.zeros((n, 1, length), dtype=np.int32)
    words[..., 0] = captions.WORD_IDS[captions.START]
    chosen = np.zeros((n, 1, length), dtype=np.int32)
    scores = np.zeros((n, 1))
    done = np.zeros((n, 1), dtype=bool)
    for t in range(length):
        k = words.shape[1]
        repeated = [np.repeat(c, k, axis=0) for c in context]
        probabilities = decoder.predict([words.reshape(n * k, length), *repeated],
                                        batch_size=batch_size, verbose=0)
        log_p = np.log(probabilities[:, t].reshape(n, k, vocab) + 1e-12)
        # a finished sentence extends only by <end> at no cost (it stays as it is)
        log_p = np.where(done[..., None], -np.inf, log_p)
        log_p[..., end] = np.where(done, 0.0, log_p[..., end])
        total = (scores[..., None] + log_p).reshape(n, k * vocab)
        best = np.argsort(-total, axis=1, kind="stable")[:, :beam_width]  # (n, new_k)
        parent, word = best // vocab, best % vocab
        rows = np.arange(n)[:, None]
        words, chosen = words[rows, parent].copy(), chosen[rows, parent].copy()
        scores, done = total[rows, best], done[rows, parent] | (word == end)
        chosen[:, :, t] = word
        if t + 1 < length:
            words[:, :, t + 1] = word
    return chosen[:, 0]


ATTRIBUTES: tuple[str, ...] = ("size", "direction", "speed")
#: Classes of each head: the attribute's words; speed adds "none" for a still square.
HEAD_CLASSES: dict[str, int] = {"size": 2, "direction": 5, "speed": 3}


def build_attribute_classifier(
    frames: int = FRAMES, frame_shape: tuple[int, int, int] = FRAME_SHAPE, units: int = UNITS
) -> keras.Model:
    """The template baseline: the captioner's encoder and one softmax head per attribute.

    ``(samples, frames, rows, cols, 1)`` → encoder → final state ``h`` ``(samples, units)`` →
    three ``Dense`` softmax heads: ``size`` (2), ``direction`` (5), ``speed`` (3: slowly,
    quickly, none). Outputs a dict keyed by attribute.
    """
    frames, units = positive_int("frames", frames), positive_int("units", units)
    encoder = build_clip_encoder(frames, frame_shape, units)
    video = keras.Input((frames, *frame_shape), name="video")
    h, _ = encoder(video)
    heads = {
        name: layers.Dense(n, activation="softmax", name=name)(h)
        for name, n in HEAD_CLASSES.items()
    }
    return keras.Model(video, heads, name="attribute_classifier")


def compile_attribute_classifier(model: keras.Model, learning_rate: float = 3e-3) -> keras.Model:
    """Adam and one sparse cross-entropy per head (summed), accuracy per head."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a Keras model, got {type(model).__name__}")
    model.compile(
        optimizer=keras.optimizers.Adam(check_learning_rate("learning_rate", learning_rate)),
        loss={name: "sparse_categorical_crossentropy" for name in ATTRIBUTES},
        metrics={
            name: [keras.metrics.SparseCategoricalAccuracy(name="accuracy")] for name in ATTRIBUTES
        },
    )
    return build_training_state(model)  # no variables made inside the first traced step


def template_captions(model: keras.Model, videos: np.ndarray, batch_size: int = 256) -> list[str]:
    """Fill ``"a {size} square moves {direction} {speed}"`` (or ``"… stays still"``) per clip.

    Each head's most likely class; a moving square's speed is the likelier of slowly and quickly.
    """
    check_sequences(videos, model)
    probabilities = model.predict(videos, batch_size=positive_int("batch_size", batch_size),
                                  verbose=0)
    speed = np.asarray(probabilities["speed"])[:, :2].argmax(axis=-1)
    return captions.from_attributes(
        np.asarray(probabilities["size"]).argmax(axis=-1),
        np.asarray(probabilities["direction"]).argmax(axis=-1),
        speed,
    )
