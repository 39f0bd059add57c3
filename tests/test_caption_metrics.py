"""Tests for course_utils.metrics: exact match, per-attribute accuracy, corpus BLEU-4."""

from __future__ import annotations

import math

import pytest

from course_utils.metrics import (
    attribute_accuracy,
    caption_scores,
    corpus_bleu4,
    exact_match,
)

REF_1 = "a large square moves left quickly"
HYP_1 = "a large square moves right quickly"
REF_2 = "a small square stays still"
GROUPS = {"size": ("small", "large"), "direction": ("up", "down", "left", "right", "still"),
          "speed": ("slowly", "quickly")}


def test_bleu_one_sentence_by_hand():
    # 1-grams 5/6, 2-grams 3/5, 3-grams 2/4, 4-grams 1/3; same length, no brevity penalty
    expected = (5 / 6 * 3 / 5 * 2 / 4 * 1 / 3) ** 0.25  # = (1/12) ** 0.25 = 0.5373
    assert corpus_bleu4([REF_1], [HYP_1]) == pytest.approx(expected, abs=1e-9)
    assert expected == pytest.approx(0.5373, abs=1e-4)


def test_bleu_counts_over_the_corpus_not_per_sentence():
    # the second pair matches whole: 5/5, 4/4, 3/3, 2/2 added to the first pair's counts
    expected = (10 / 11 * 7 / 9 * 5 / 7 * 3 / 5) ** 0.25  # 0.7419
    assert corpus_bleu4([REF_1, REF_2], [HYP_1, REF_2]) == pytest.approx(expected, abs=1e-9)
    per_sentence_mean = ((1 / 12) ** 0.25 + 1.0) / 2  # 0.7687: a different number
    assert abs(expected - per_sentence_mean) > 0.02


def test_bleu_brevity_penalty():
    # every n-gram of "a large square moves" matches, but it is 4 words against 6
    assert corpus_bleu4([REF_1], ["a large square moves"]) == pytest.approx(
        math.exp(1 - 6 / 4), abs=1e-9)


def test_bleu_perfect_and_hopeless():
    assert corpus_bleu4([REF_1, REF_2], [REF_1, REF_2]) == pytest.approx(1.0)
    # no 4-gram at all: practically 0, and no warning
    assert corpus_bleu4([REF_1], ["still still square"]) == pytest.approx(0.0, abs=1e-12)


def test_exact_match_and_word_lists():
    assert exact_match([REF_1, REF_2], [HYP_1, REF_2.split()]) == 0.5
    assert exact_match([REF_2], ["a small square stays"]) == 0.0


def test_attribute_accuracy_reads_each_group():
    scores = attribute_accuracy([REF_1, REF_2], [HYP_1, "a large square stays still"], GROUPS)
    assert scores == {"size": 0.5, "direction": 0.5, "speed": 1.0}
    # a still square has no speed word; a hypothesis that adds one gets the speed wrong
    assert attribute_accuracy([REF_2], ["a small square moves up slowly"], GROUPS)["speed"] == 0.0


@pytest.mark.parametrize("function", [exact_match, corpus_bleu4])
def test_bad_input_is_named(function):
    with pytest.raises(ValueError, match="one reference per hypothesis"):
        function([REF_1, REF_2], [REF_1])
    with pytest.raises(ValueError, match="empty"):
        function([], [])
    with pytest.raises(TypeError, match="list of sentences"):
        function(REF_1, [REF_1])
    with pytest.raises(TypeError, match="sentences"):
        function([REF_1], [3])


def test_attribute_accuracy_needs_groups():
    with pytest.raises(TypeError, match="groups"):
        attribute_accuracy([REF_1], [REF_1], {})


def test_caption_scores_is_one_row_of_everything():
    row = caption_scores([REF_1, REF_2], [HYP_1, REF_2], GROUPS)
    assert list(row) == ["exact match", "size word", "direction word", "speed word", "BLEU-4"]
    assert row["exact match"] == 0.5 and row["direction word"] == 0.5
    assert row["BLEU-4"] == pytest.approx(corpus_bleu4([REF_1, REF_2], [HYP_1, REF_2]))
