"""Lesson 05's three trained captioners on one budget: rates chosen on validation clips, 3 seeds.

Run from the repository root (about 15-25 minutes on a 2-core CPU)::

    python benchmarks/captioner_rivals.py            # full-mode sizes, then quick-mode sizes

Models (all written in lesson 05, imported from ``course_utils.models.lesson05``): the LRCN
captioner (``build_captioner``), the captioner with attention over frames
(``build_attention_captioner``, the lesson's exercise 3) and the template baseline
(``build_attribute_classifier`` + ``template_captions``), compiled as the lesson compiles them.
Every model trains on the lesson's training clips (``make_clips(n, seed=1, split="seen")``) for
the lesson's epochs and batch size.

1. Rate sweep (full-mode sizes, model seed 42): each model at every rate of ``RATES``, scored by
   exact match on VALIDATION clips (``make_clips(600, seed=4, "seen")`` and
   ``make_clips(600, seed=5, "held_out")``, made for this script only, never the lesson's test
   clips); the rate with the best mean of the two validation exact matches is kept.
2. Seeds: each model at its chosen rate with model seeds 42, 43 and 44; exact match on the
   lesson's test clips (seeds 2 and 3), mean and standard deviation.
3. Quick mode: the same three models at quick-mode sizes (800 clips, 3 epochs, 200 test clips),
   seeds 42, 43 and 44, at the chosen rates: the floors the lesson asserts in quick mode.

Every result is printed as one JSON line and appended to ``/tmp/captioner_rivals.jsonl``; the
summary goes to ``benchmarks/captioner_rivals.md`` by hand.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_utils import captions, metrics, session  # noqa: E402

session.setup(seed=42)
import keras  # noqa: E402

from course_utils.models import lesson05  # noqa: E402

RATES = (2e-3, 5e-3, 1e-2)
SEEDS = (42, 43, 44)
BATCH_SIZE = 32
OUT = Path("/tmp/captioner_rivals.jsonl")
SIZES = {"full": {"train": 2400, "test": 600, "epochs": 4},
         "quick": {"train": 800, "test": 200, "epochs": 3}}
MODELS = ("LRCN captioner", "attention captioner", "template")


def exact(model, name, clips):
    if name == "template":
        sentences = lesson05.template_captions(model, clips.videos)
    else:
        sentences = lesson05.to_sentences(lesson05.greedy_decode(model, clips.videos))
    return metrics.exact_match(clips.captions, sentences)


def train(name, train_clips, rate, seed, epochs):
    session.set_seed(seed)
    if name == "template":
        model = lesson05.build_attribute_classifier()
        model.compile(optimizer=keras.optimizers.Adam(rate),
                      loss="sparse_categorical_crossentropy")
        model.fit(train_clips.videos, lesson05.attribute_targets(train_clips.combinations),
                  epochs=epochs, batch_size=BATCH_SIZE, verbose=0)
        return model
    build = (lesson05.build_captioner if name == "LRCN captioner"
             else lesson05.build_attention_captioner)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(rate), loss="sparse_categorical_crossentropy",
                  weighted_metrics=["accuracy"])
    words_in, next_words, weights = lesson05.teacher_forcing(
        lesson05.tokenize(train_clips.captions))
    model.fit([train_clips.videos, words_in], next_words, sample_weight=weights, epochs=epochs,
              batch_size=BATCH_SIZE, verbose=0)
    return model


def run(mode, name, rate, seed, splits):
    size = SIZES[mode]
    start = time.perf_counter()
    model = train(name, CLIPS[mode]["train"], rate, seed, size["epochs"])
    row = {"mode": mode, "model": name, "rate": rate, "seed": seed,
           "train_seconds": round(time.perf_counter() - start, 1)}
    for split in splits:
        row[split] = round(exact(model, name, CLIPS[mode][split]), 4)
    print(json.dumps(row), flush=True)
    with OUT.open("a") as f:
        f.write(json.dumps(row) + "\n")
    return row


CLIPS = {}
for mode, size in SIZES.items():
    CLIPS[mode] = {
        "train": captions.make_clips(size["train"], seed=1, split="seen"),
        "test_seen": captions.make_clips(size["test"], seed=2, split="seen"),
        "test_held_out": captions.make_clips(size["test"], seed=3, split="held_out"),
        "val_seen": captions.make_clips(size["test"], seed=4, split="seen"),
        "val_held_out": captions.make_clips(size["test"], seed=5, split="held_out"),
    }

ALL = ("val_seen", "val_held_out", "test_seen", "test_held_out")
chosen = {}
for name in MODELS:
    sweep = [run("full", name, rate, SEEDS[0], ALL) for rate in RATES]
    best = max(sweep, key=lambda r: (r["val_seen"] + r["val_held_out"]) / 2)
    chosen[name] = best["rate"]
print("chosen rates:", json.dumps(chosen), flush=True)
for name in MODELS:
    for seed in SEEDS[1:]:
        run("full", name, chosen[name], seed, ALL)
for name in MODELS:
    for seed in SEEDS:
        run("quick", name, chosen[name], seed, ("test_seen", "test_held_out"))
