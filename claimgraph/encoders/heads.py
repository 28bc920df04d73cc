"""One kind of head over sentence vectors: a multinomial logistic regression (weights, classes)
read from an ``np.savez`` file whose ``meta`` entry is JSON naming the encoder of its vectors."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import numpy as np

from .sentence import available


def read(path: Path) -> Optional[tuple]:
    """(arrays, metadata) of a head file, or None when the file or the encoder its vectors come
    from (``meta["encoder_name"]``, MiniLM when unnamed) is missing."""
    if path is None or not Path(path).exists():
        return None
    z = np.load(path, allow_pickle=False)
    meta = json.loads(str(z["meta"]))
    meta.setdefault("encoder_name", "minilm")
    if not available(meta["encoder_name"]):
        return None
    return z, meta


class Head:
    """Logistic-regression weights over one encoder's vectors."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: list[str]):
        self.coef, self.intercept, self.classes = coef, intercept, list(classes)

    def _shifted(self, vector: np.ndarray) -> np.ndarray:
        z = vector @ self.coef.T + self.intercept
        return z - z.max(axis=-1, keepdims=True)

    def probs(self, vector: np.ndarray) -> np.ndarray:
        """Class probabilities (softmax), in the order of :attr:`classes`."""
        e = np.exp(self._shifted(vector))
        return e / e.sum(axis=-1, keepdims=True)

    def log_probs(self, vector: np.ndarray) -> np.ndarray:
        """Log class probabilities of one vector, in the order of :attr:`classes`."""
        z = self._shifted(vector)
        return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
