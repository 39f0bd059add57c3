"""Tests for course_utils.models.captioning: the LRCN captioner, decoding, the template baseline."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils import captions as C
from course_utils.models import captioning as M
from course_utils.session import import_keras, set_seed

keras = import_keras()


@pytest.fixture(scope="module")
def clips() -> C.Clips:
    return C.make_clips(6, seed=1, split="all")  # two still squares among them


@pytest.fixture(scope="module")
def captioner() -> keras.Model:
    set_seed(0)
    return M.compile_captioner(M.build_captioner())


def test_captioner_shapes_and_parts(captioner, clips):
    assert captioner.input_shape == [(None, 12, 32, 32, 1), (None, 7)]
    assert captioner.output_shape == (None, 7, len(C.VOCABULARY))
    encoder, decoder = captioner.get_layer("encoder"), captioner.get_layer("decoder")
    assert encoder.output_shape == [(None, M.UNITS), (None, M.UNITS)]
    assert captioner.count_params() == encoder.count_params() + decoder.count_params()
    words, _, _ = C.teacher_forcing(C.tokenize(clips.captions))
    probabilities = captioner.predict([clips.videos, words], verbose=0)
    assert np.allclose(probabilities.sum(-1), 1.0, atol=1e-5)


def test_padding_does_not_count_in_the_loss(captioner, clips):
    words, targets, weights = C.teacher_forcing(C.tokenize(clips.captions))
    assert (weights == 0).any()  # "still" captions in the batch end with padding
    changed = np.where(weights == 0, C.WORD_IDS["quickly"], targets)
    x = [clips.videos, words]
    loss = captioner.evaluate(x, targets, sample_weight=weights, verbose=0)[0]
    assert captioner.evaluate(x, changed, sample_weight=weights, verbose=0)[0] == pytest.approx(
        loss, rel=1e-6)
    # without the weights the padding targets do count
    assert captioner.evaluate(x, changed, verbose=0)[0] != pytest.approx(
        captioner.evaluate(x, targets, verbose=0)[0], rel=1e-4)


def test_greedy_decode_feeds_back_its_own_words(captioner, clips):
    chosen = M.greedy_decode(captioner, clips.videos)
    assert chosen.shape == (6, 7) and chosen.dtype == np.int32
    prefix = np.concatenate([np.full((6, 1), C.WORD_IDS[C.START]), chosen[:, :-1]], axis=1)
    again = captioner.predict([clips.videos, prefix.astype(np.int32)], verbose=0).argmax(-1)
    assert np.array_equal(again, chosen)  # each word is the argmax given the words before it
    assert np.array_equal(M.beam_decode(captioner, clips.videos, beam_width=1), chosen)


def test_beam_finds_at_least_as_likely_sentences(captioner, clips):
    def log_likelihood(chosen):
        prefix = np.concatenate([np.full((6, 1), C.WORD_IDS[C.START]), chosen[:, :-1]], axis=1)
        p = captioner.predict([clips.videos, prefix.astype(np.int32)], verbose=0)
        picked = np.take_along_axis(p, chosen[..., None], axis=-1)[..., 0]
        ended = np.cumsum(chosen == C.WORD_IDS[C.END], axis=1)
        keep = (ended == 0) | ((ended == 1) & (chosen == C.WORD_IDS[C.END]))
        return (np.log(picked) * keep).sum(1)

    greedy = log_likelihood(M.greedy_decode(captioner, clips.videos))
    beam = log_likelihood(M.beam_decode(captioner, clips.videos, beam_width=4))
    assert np.all(beam >= greedy - 1e-4)


def test_attention_captioner_decodes(clips):
    set_seed(0)
    model = M.build_attention_captioner()
    assert model.get_layer("encoder").output_shape[0] == (None, 11, M.UNITS)  # frame pairs
    assert M.greedy_decode(model, clips.videos).shape == (6, 7)


def test_attribute_classifier_fills_the_template(clips):
    set_seed(0)
    model = M.compile_attribute_classifier(M.build_attribute_classifier())
    outputs = model.predict(clips.videos, verbose=0)
    assert {k: v.shape for k, v in outputs.items()} == {
        "size": (6, 2), "direction": (6, 5), "speed": (6, 3)}
    sentences = M.template_captions(model, clips.videos)
    assert all(C.attributes_of(s) in C.COMBINATIONS for s in sentences)
    targets = {name: clips.attribute(name) for name in M.ATTRIBUTES}
    history = model.fit(clips.videos, targets, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_bad_arguments(captioner, clips):
    with pytest.raises(ValueError, match="encoder"):
        M.greedy_decode(M.build_attribute_classifier(), clips.videos)
    with pytest.raises(ValueError, match="frames"):
        M.greedy_decode(captioner, clips.videos[:, :5])
    with pytest.raises(ValueError, match="units"):
        M.build_captioner(units=0)
    with pytest.raises(ValueError, match="learning_rate"):
        M.compile_captioner(M.build_captioner(), learning_rate=2)
    with pytest.raises(TypeError, match="Keras model"):
        M.compile_captioner("model")
    with pytest.raises(ValueError, match="beam_width"):
        M.beam_decode(captioner, clips.videos, beam_width=0)
