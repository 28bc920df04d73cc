"""Files shipped in the wheel and read at run time: lexicons, the actor dictionary, region
names, model weights (each model with its MODEL_CARD.md) and the sample corpus.

Training corpora and claimgraph's own test sets are not here: they live in the repository's
top-level ``data/`` directory (see :data:`claimgraph.evaluate.OWN_DATA`).
"""
from pathlib import Path

#: the directory holding the shipped files
ASSETS = Path(__file__).resolve().parent
