"""Sentence encoders and the head class over their vectors, shared by analyse/, link/ and the
snippet classifier.

- :mod:`.sentence` — MiniLM and mpnet sentence vectors from offline packages;
- :mod:`.tuned` — mpnet with low-rank adapters tuned to a task;
- :mod:`.heads` — a logistic-regression head over one encoder's vectors, read from its file.
"""
