"""Generated from notebooks/05_video_description.ipynb by `python -m tools.export`: do not edit.

The code cells marked #@save in that notebook, in order. Change the notebook, then
run the command again; tests/test_export.py fails while the two differ.
"""

import keras
import numpy as np
from keras import layers, ops


VOCABULARY = ("<pad>", "<start>", "<end>", "a", "square", "moves", "stays", "small", "large",
              "up", "down", "left", "right", "still", "slowly", "quickly")


def tokenize(sentences, length=8):
    """Word ids (samples, length): <start>, the words, <end>, then <pad> (id 0)."""
    tokens = np.zeros((len(sentences), length), dtype="int32")
    for row, sentence in enumerate(sentences):
        words = ["<start>", *sentence.split(), "<end>"]
        tokens[row, :len(words)] = [VOCABULARY.index(word) for word in words]
    return tokens


def to_sentences(token_ids):
    """The sentence each row of word ids spells, up to its first <end>."""
    sentences = []
    for row in token_ids:
        words = [VOCABULARY[i] for i in row]
        if "<end>" in words:
            words = words[:words.index("<end>")]
        sentences.append(" ".join(w for w in words if w not in ("<start>", "<pad>")))
    return sentences


def teacher_forcing(tokens):
    """Words the decoder reads, the next word it must predict at each, loss weights (0 on <pad>)."""
    words_in, next_words = tokens[:, :-1], tokens[:, 1:]
    return words_in, next_words, (next_words != 0).astype("float32")


from course_utils.models.lesson02 import FoldTime, UnfoldTime  # written in lesson 02


class WithMotion(layers.Layer):
    """(samples, frames, rows, cols, 1) -> (samples, frames - 1, rows, cols, 2): each frame next
    to its difference from the frame before."""

    def call(self, videos):
        later, earlier = videos[:, 1:], videos[:, :-1]
        return ops.concatenate([later, later - earlier], axis=-1)


def build_clip_encoder(frames=12, frame_shape=(32, 32, 1), units=64, motion=True,
                       return_sequences=False):
    """Clip -> the LSTM's final state [h, c] (return_sequences: [output at every step, h, c])."""
    rows, cols, channels = frame_shape
    video = keras.Input((frames, rows, cols, channels), name="video")
    steps, n_steps = video, frames
    if motion:  # frame pairs: one step fewer, two channels
        steps = WithMotion(name="with_motion")(video)
        n_steps, channels = frames - 1, 2 * channels
    frame_cnn = keras.Sequential([
        keras.Input((rows, cols, channels), name="frame"),
        layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D(2, name="pool1"),
        layers.Conv2D(32, 3, padding="same", activation="relu", name="conv2"),
        layers.MaxPooling2D(2, name="pool2"),
        layers.Conv2D(32, 3, padding="same", activation="relu", name="conv3"),
        layers.GlobalMaxPooling2D(name="anywhere_in_frame"),
    ], name="frame_cnn")
    every_step = frame_cnn(FoldTime(name="fold_time")(steps))
    features = UnfoldTime(n_steps, name="unfold_time")(every_step)
    outputs = layers.LSTM(units, return_sequences=return_sequences, return_state=True,
                          name="encoder_lstm")(features)
    return keras.Model(video, list(outputs if return_sequences else outputs[1:]), name="encoder")


def build_captioner(frames=12, frame_shape=(32, 32, 1), units=64, embedding=16,
                    vocabulary_size=16, length=7, motion=True):
    """[clip, words read] -> next-word probabilities (samples, length, vocabulary_size)."""
    encoder = build_clip_encoder(frames, frame_shape, units, motion=motion)

    words = keras.Input((length,), dtype="int32", name="words")
    h = keras.Input((units,), name="h")
    c = keras.Input((units,), name="c")
    embedded = layers.Embedding(vocabulary_size, embedding, name="embedding")(words)
    clip_at_every_word = layers.RepeatVector(length, name="clip_at_every_word")(h)
    reads = layers.Concatenate(name="word_and_clip")([embedded, clip_at_every_word])
    sequence = layers.LSTM(units, return_sequences=True, name="decoder_lstm")(
        reads, initial_state=[h, c])
    next_word = layers.Dense(vocabulary_size, activation="softmax", name="next_word")(sequence)
    decoder = keras.Model([words, h, c], next_word, name="decoder")

    video = keras.Input((frames, *frame_shape), name="video")
    words_in = keras.Input((length,), dtype="int32", name="words_in")
    return keras.Model([video, words_in], decoder([words_in, *encoder(video)]), name="captioner")


def greedy_decode(captioner, videos):
    """Word ids (samples, length) written one by one, each the decoder's most likely next word."""
    encoder, decoder = captioner.get_layer("encoder"), captioner.get_layer("decoder")
    state = encoder.predict(videos, batch_size=256, verbose=0)  # once per clip
    length = decoder.input[0].shape[1]
    words = np.zeros((len(videos), length), dtype="int32")  # the words read so far
    words[:, 0] = VOCABULARY.index("<start>")
    chosen = np.zeros_like(words)
    for t in range(length):
        probabilities = decoder.predict([words, *state], batch_size=256, verbose=0)
        chosen[:, t] = probabilities[:, t].argmax(-1)
        if t + 1 < length:
            words[:, t + 1] = chosen[:, t]  # the decoder reads its own word next
    return chosen


HEAD_WORDS = {"size": ("small", "large"),
              "direction": ("up", "down", "left", "right", "still"),
              "speed": ("slowly", "quickly", None)}  # None: a still square has no speed


def build_attribute_classifier(frames=12, frame_shape=(32, 32, 1), units=64):
    """The captioner's encoder, then one softmax head per attribute on its final h."""
    encoder = build_clip_encoder(frames, frame_shape, units)
    video = keras.Input((frames, *frame_shape), name="video")
    h, _ = encoder(video)
    heads = {name: layers.Dense(len(words), activation="softmax", name=name)(h)
             for name, words in HEAD_WORDS.items()}
    return keras.Model(video, heads, name="attribute_classifier")


def attribute_targets(combinations):
    """Each head's class per clip, from the clips' (size, direction, speed)."""
    return {name: np.array([HEAD_WORDS[name].index(combo[i]) for combo in combinations])
            for i, name in enumerate(HEAD_WORDS)}


def template_captions(model, videos):
    """Each head's most likely word, put into the sentence template."""
    probabilities = model.predict(videos, batch_size=256, verbose=0)
    sizes = probabilities["size"].argmax(-1)
    directions = probabilities["direction"].argmax(-1)
    speeds = probabilities["speed"][:, :2].argmax(-1)  # a moving square: slowly or quickly
    sentences = []
    for s, d, v in zip(sizes, directions, speeds, strict=True):
        size, direction = HEAD_WORDS["size"][s], HEAD_WORDS["direction"][d]
        sentences.append(f"a {size} square stays still" if direction == "still"
                         else f"a {size} square moves {direction} {HEAD_WORDS['speed'][v]}")
    return sentences


def beam_decode(captioner, videos, beam_width=3):
    """Word ids (samples, length) of the best of the beam_width sentences kept at every step.

    A sentence scores the sum of its words' log-probabilities; once it has written <end> it is
    finished and keeps its score.
    """
    encoder, decoder = captioner.get_layer("encoder"), captioner.get_layer("decoder")
    state = encoder.predict(videos, batch_size=256, verbose=0)
    n, length, vocabulary = len(videos), decoder.input[0].shape[1], decoder.output.shape[-1]
    end = VOCABULARY.index("<end>")
    words = np.zeros((n, 1, length), dtype="int32")  # (clips, sentences kept, words read)
    words[..., 0] = VOCABULARY.index("<start>")
    chosen = np.zeros_like(words)
    scores, done = np.zeros((n, 1)), np.zeros((n, 1), dtype=bool)
    for t in range(length):
        k = words.shape[1]
        probabilities = decoder.predict(
            [words.reshape(n * k, length), *[np.repeat(s, k, axis=0) for s in state]],
            batch_size=256, verbose=0)
        log_p = np.log(probabilities[:, t].reshape(n, k, vocabulary) + 1e-12)
        log_p[done] = -np.inf  # a finished sentence only repeats <end>, at no cost
        log_p[done, end] = 0.0
        total = (scores[..., None] + log_p).reshape(n, k * vocabulary)
        best = np.argsort(-total, axis=1, kind="stable")[:, :beam_width]
        parent, word = best // vocabulary, best % vocabulary
        clip = np.arange(n)[:, None]
        words, chosen = words[clip, parent], chosen[clip, parent]
        scores, done = total[clip, best], done[clip, parent] | (word == end)
        chosen[:, :, t] = word
        if t + 1 < length:
            words[:, :, t + 1] = word
    return chosen[:, 0]


def build_attention_captioner(frames=12, frame_shape=(32, 32, 1), units=64, embedding=16,
                              vocabulary_size=16, length=7):
    """The captioner whose every word also attends over the encoder's output at every step."""
    encoder = build_clip_encoder(frames, frame_shape, units, return_sequences=True)

    words = keras.Input((length,), dtype="int32", name="words")
    per_frame = keras.Input((frames - 1, units), name="per_frame")
    h = keras.Input((units,), name="h")
    c = keras.Input((units,), name="c")
    embedded = layers.Embedding(vocabulary_size, embedding, name="embedding")(words)
    clip_at_every_word = layers.RepeatVector(length, name="clip_at_every_word")(h)
    reads = layers.Concatenate(name="word_and_clip")([embedded, clip_at_every_word])
    sequence = layers.LSTM(units, return_sequences=True, name="decoder_lstm")(
        reads, initial_state=[h, c])
    looked_at = layers.Attention(name="attention_over_frames")([sequence, per_frame])
    both = layers.Concatenate(name="word_and_frames")([sequence, looked_at])
    next_word = layers.Dense(vocabulary_size, activation="softmax", name="next_word")(both)
    decoder = keras.Model([words, per_frame, h, c], next_word, name="decoder")

    video = keras.Input((frames, *frame_shape), name="video")
    words_in = keras.Input((length,), dtype="int32", name="words_in")
    return keras.Model([video, words_in], decoder([words_in, *encoder(video)]),
                       name="attention_captioner")
