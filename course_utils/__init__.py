"""Helpers for the CNN-LSTM architectures course: the plumbing around the lessons' models.

The notebooks import the submodules they need, each named for what it holds:

- :mod:`course_utils.session`: ``setup()``, seeds, quick mode (``COURSE_QUICK=1``), ``pick()`` and
  ``report()`` (a headline result for RESULTS.md).
- data: :mod:`course_utils.data` (MNIST and digit sequences, splits), :mod:`course_utils.video`
  (synthetic videos of a moving square), :mod:`course_utils.streams` (fresh videos every epoch),
  :mod:`course_utils.moving_digits` (Moving MNIST), :mod:`course_utils.captions` (clips and their
  captions), :mod:`course_utils.recordings` (real sensor and speech recordings).
- :mod:`course_utils.display`: images, animations, filmstrips, histories, confusion matrices,
  layer tables and the course's diagrams.
- :mod:`course_utils.metrics`: what no library gives (per-frame scores, caption scores, costs).
- :mod:`course_utils.callbacks`: Keras callbacks Keras lacks.
- :mod:`course_utils.baselines`: the floors that are not neural networks.
- :mod:`course_utils.trials`: health checks, runs over seeds and settings, stored runs.
- :mod:`course_utils.checks`: the input checks behind the package's clear errors.
- :mod:`course_utils.models`: modules generated from the lessons' ``#@save`` cells.

Importing the package imports nothing heavy and downloads nothing.
"""

__version__ = "0.1.0"
