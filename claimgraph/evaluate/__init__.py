"""Benchmark readers and scorers behind ``claimgraph eval ...``.

:data:`OWN_DATA` is the repository's ``data/`` directory: claimgraph's own training corpora and
test sets (labelled conflict snippets, wire sentences). It exists in a source checkout, not in
an installed wheel.
"""
from pathlib import Path

#: claimgraph's own training corpora and test sets (a source checkout's top-level ``data/``)
OWN_DATA = Path(__file__).resolve().parents[2] / "data"
