"""Maintainer tools: re-executing the notebooks, rewriting their Colab cells.

Not part of the course package (``pip install`` does not install them); run them from the
repository's root, e.g. ``python -m tools.build 02``.
"""
