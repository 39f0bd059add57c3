"""Helpers for the CNN-LSTM architectures course.

The notebooks import the submodules they need, each named for what it holds:

- :mod:`course_utils.runtime`: ``setup()``, seeds, quick mode (``COURSE_QUICK=1``) and ``pick()``.
- :mod:`course_utils.data`: MNIST (full download or the embedded real sample) and digit sequences.
- :mod:`course_utils.video`: synthetic videos of a moving square, animations and filmstrips.
- :mod:`course_utils.streams`: ``VideoStream``, fresh training videos in every epoch.
- :mod:`course_utils.models`: the course's CNN, CNN-LSTM and ConvLSTM builders.
- :mod:`course_utils.training`: fitting with timing, predictions, accuracy, confusion matrices.
- :mod:`course_utils.checks`: shape checks with one-line errors.
- :mod:`course_utils.plots`: images, training histories and confusion matrices.

Importing the package imports nothing heavy and downloads nothing.
"""

__version__ = "0.1.0"
