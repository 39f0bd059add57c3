"""Tests for course_utils.models.lesson05 (generated from lesson 05): tokens, the LRCN captioner,
its decoding and the template baseline."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import captions as C
from course_utils.session import import_keras, set_seed

keras = import_keras()
from course_utils.models import lesson05 as M  # noqa: E402


@pytest.fixture(scope="module")
def clips() -> C.Clips:
    return C.make_clips(6, seed=1, split="all")  # two still squares among them


@pytest.fixture(scope="module")
def captioner() -> keras.Model:
    set_seed(0)
    model = M.build_captioner()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_tokens_round_trip(clips):
    tokens = M.tokenize(clips.captions)
    assert tokens.shape == (6, 8) and tokens.dtype == np.int32
    assert np.all(tokens[:, 0] == M.VOCABULARY.index("<start>"))
    assert M.to_sentences(tokens) == list(clips.captions)
    still = tokens[[c[1] == "still" for c in clips.combinations]]
    assert np.all(still[:, -1] == 0) and np.all(still[:, -2] == M.VOCABULARY.index("<end>"))
    every_word = {w for c in C.COMBINATIONS for w in C.caption(*c).split()}
    assert every_word <= set(M.VOCABULARY) and M.VOCABULARY[0] == "<pad>"


def test_teacher_forcing_shifts_and_weights():
    tokens = M.tokenize(["a small square stays still", "a large square moves up slowly"])
    words_in, next_words, weights = M.teacher_forcing(tokens)
    assert np.array_equal(words_in[:, 1:], next_words[:, :-1])
    assert weights.tolist() == [[1, 1, 1, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1, 1]]


def test_captioner_shapes_and_parts(captioner, clips):
    assert captioner.input_shape == [(None, 12, 32, 32, 1), (None, 7)]
    assert captioner.output_shape == (None, 7, len(M.VOCABULARY))
    assert captioner.count_params() == 77_440
    encoder, decoder = captioner.get_layer("encoder"), captioner.get_layer("decoder")
    assert encoder.output_shape == [(None, 64), (None, 64)]
    assert captioner.count_params() == encoder.count_params() + decoder.count_params()
    # the decoder's LSTM reads each word's embedding (16) next to the clip's h (64): exercise 1
    assert decoder.get_layer("decoder_lstm").count_params() == 4 * ((16 + 64) * 64 + 64 * 64 + 64)
    words, _, _ = M.teacher_forcing(M.tokenize(clips.captions))
    probabilities = captioner.predict([clips.videos, words], verbose=0)
    assert np.allclose(probabilities.sum(-1), 1.0, atol=1e-5)


def test_padding_does_not_count_in_the_loss(captioner, clips):
    words, targets, weights = M.teacher_forcing(M.tokenize(clips.captions))
    assert (weights == 0).any()  # "still" captions in the batch end with padding
    changed = np.where(weights == 0, M.VOCABULARY.index("quickly"), targets)
    x = [clips.videos, words]
    loss = captioner.evaluate(x, targets, sample_weight=weights, verbose=0)
    assert captioner.evaluate(x, changed, sample_weight=weights, verbose=0) == pytest.approx(
        loss, rel=1e-6)
    # without the weights the padding targets do count
    assert captioner.evaluate(x, changed, verbose=0) != pytest.approx(
        captioner.evaluate(x, targets, verbose=0), rel=1e-4)


def test_greedy_decode_feeds_back_its_own_words(captioner, clips):
    chosen = M.greedy_decode(captioner, clips.videos)
    assert chosen.shape == (6, 7) and chosen.dtype == np.int32
    prefix = np.concatenate([np.full((6, 1), M.VOCABULARY.index("<start>")), chosen[:, :-1]], 1)
    again = captioner.predict([clips.videos, prefix.astype(np.int32)], verbose=0).argmax(-1)
    assert np.array_equal(again, chosen)  # each word is the argmax given the words before it
    assert np.array_equal(M.beam_decode(captioner, clips.videos, beam_width=1), chosen)


def test_beam_finds_at_least_as_likely_sentences(captioner, clips):
    end = M.VOCABULARY.index("<end>")

    def log_likelihood(chosen):
        prefix = np.concatenate([np.full((6, 1), M.VOCABULARY.index("<start>")), chosen[:, :-1]],
                                axis=1)
        p = captioner.predict([clips.videos, prefix.astype(np.int32)], verbose=0)
        picked = np.take_along_axis(p, chosen[..., None], axis=-1)[..., 0]
        ended = np.cumsum(chosen == end, axis=1)
        keep = (ended == 0) | ((ended == 1) & (chosen == end))
        return (np.log(picked) * keep).sum(1)

    greedy = log_likelihood(M.greedy_decode(captioner, clips.videos))
    beam = log_likelihood(M.beam_decode(captioner, clips.videos, beam_width=4))
    assert np.all(beam >= greedy - 1e-4)


def test_attention_captioner_and_no_motion_variant(clips):
    set_seed(0)
    model = M.build_attention_captioner()
    assert model.count_params() == 78_464
    assert model.get_layer("encoder").output_shape[0] == (None, 11, 64)  # frame pairs
    assert M.greedy_decode(model, clips.videos).shape == (6, 7)
    plain = M.build_captioner(motion=False).get_layer("encoder")
    assert plain.get_layer("unfold_time").output.shape == (None, 12, 32)  # single frames


def test_attribute_classifier_fills_the_template(clips):
    set_seed(0)
    model = M.build_attribute_classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert model.count_params() == 39_674
    outputs = model.predict(clips.videos, verbose=0)
    assert {k: v.shape for k, v in outputs.items()} == {
        "size": (6, 2), "direction": (6, 5), "speed": (6, 3)}
    sentences = M.template_captions(model, clips.videos)
    assert set(sentences) <= {C.caption(*c) for c in C.COMBINATIONS}
    targets = M.attribute_targets(clips.combinations)
    for i, name in enumerate(("size", "direction", "speed")):
        assert [M.HEAD_WORDS[name][k] for k in targets[name]] == [c[i] for c in clips.combinations]
    history = model.fit(clips.videos, targets, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
