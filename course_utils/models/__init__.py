"""The lessons' models, generated from the notebooks by ``python -m tools.export``.

``lessonNN.py`` holds the code cells marked ``#@save`` in ``notebooks/NN_*.ipynb``, where each
model is taught: change the notebook, never these files. Later lessons, the benchmarks and the
tests import the models from here.
"""
