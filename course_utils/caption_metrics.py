"""Scores of generated sentences against reference sentences (lesson 05).

Sentences are lists of words (or strings, split on spaces), one reference per hypothesis:

* :func:`exact_match`: the fraction of hypotheses identical to their reference, word for word;
* :func:`attribute_accuracy`: for each group of words that states one attribute (the sizes, the
  directions, the speeds), the fraction of hypotheses that state the same one as the reference
  (the first word of the group in each sentence, or none in both);
* :func:`corpus_bleu4`: corpus BLEU-4 (Papineni et al., 2002) by NLTK's ``corpus_bleu``, the
  figure captioning papers report: n-gram precisions for n = 1..4 summed over the corpus, their
  geometric mean, times a brevity penalty.

NLTK is imported inside :func:`corpus_bleu4` only, so importing this module needs nothing but NumPy.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np

Sentence = str | Sequence[str]


def _sentences(name: str, values: object) -> list[list[str]]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a list of sentences, got {type(values).__name__}")
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(value.split())
        elif isinstance(value, Sequence) and all(isinstance(w, str) for w in value):
            out.append(list(value))
        else:
            raise TypeError(
                f"{name} must hold sentences (strings or lists of words), got {value!r:.60}"
            )
    return out


def _pairs(references: object, hypotheses: object) -> tuple[list[list[str]], list[list[str]]]:
    refs, hyps = _sentences("references", references), _sentences("hypotheses", hypotheses)
    if len(refs) != len(hyps):
        raise ValueError(
            f"one reference per hypothesis expected, got {len(refs)} references and "
            f"{len(hyps)} hypotheses"
        )
    if not refs:
        raise ValueError("scores of no sentences are undefined: got empty lists")
    return refs, hyps


def exact_match(references: Sequence[Sentence], hypotheses: Sequence[Sentence]) -> float:
    """Fraction of hypotheses equal to their reference, word for word."""
    refs, hyps = _pairs(references, hypotheses)
    return float(np.mean([r == h for r, h in zip(refs, hyps, strict=True)]))


def attribute_accuracy(
    references: Sequence[Sentence],
    hypotheses: Sequence[Sentence],
    groups: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """Per attribute, the fraction of hypotheses that state the reference's value.

    Args:
        references, hypotheses: one reference sentence per hypothesis.
        groups: attribute name → the words that state it, e.g.
            ``{"speed": ("slowly", "quickly")}``. A sentence's value is the first of its words in
            the group, or none; a hypothesis is right when the two values are equal (so "no speed
            word" is right for a still square, whose reference has none).

    Returns:
        ``{attribute: accuracy}`` in the order of ``groups``.
    """
    refs, hyps = _pairs(references, hypotheses)
    if not isinstance(groups, Mapping) or not groups:
        raise TypeError(f"groups must be a non-empty mapping name → words, got {groups!r:.60}")

    def value(sentence: list[str], words: Sequence[str]) -> str | None:
        return next((w for w in sentence if w in words), None)

    return {
        name: float(np.mean([value(r, words) == value(h, words)
                             for r, h in zip(refs, hyps, strict=True)]))
        for name, words in groups.items()
    }


def corpus_bleu4(references: Sequence[Sentence], hypotheses: Sequence[Sentence]) -> float:
    """Corpus BLEU-4 with one reference per hypothesis, by ``nltk.translate.bleu_score``.

    Uniform weights (1/4 each) over 1- to 4-gram precisions, counted over the whole corpus (not
    averaged per sentence), and the brevity penalty ``exp(1 - r / c)`` when the hypotheses'
    total length ``c`` is shorter than the references' ``r``. No smoothing: when no 4-gram of any
    hypothesis matches, the score is practically 0 (NLTK returns about 1e-231, and its warning
    about it is silenced).

    Returns:
        BLEU-4 in [0, 1] (papers often print it × 100).
    """
    refs, hyps = _pairs(references, hypotheses)
    from nltk.translate.bleu_score import corpus_bleu  # lazily: only scoring needs NLTK

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return float(corpus_bleu([[r] for r in refs], hyps, weights=(0.25, 0.25, 0.25, 0.25)))


def caption_scores(
    references: Sequence[Sentence],
    hypotheses: Sequence[Sentence],
    groups: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """All scores of one set of hypotheses, as one row of a comparison table.

    ``{"exact match": …, "<attribute> word": … for each group, "BLEU-4": …}``, all in [0, 1].
    """
    row = {"exact match": exact_match(references, hypotheses)}
    row.update({f"{name} word": value
                for name, value in attribute_accuracy(references, hypotheses, groups).items()})
    row["BLEU-4"] = corpus_bleu4(references, hypotheses)
    return row
