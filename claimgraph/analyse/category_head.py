"""A sentence-embedding head for the PLOVER category of wire-style sentences (the ``plover`` profile).

The sparse category model (:func:`claimgraph.analyse.events.predict_proba`) reads the focus
trigger, its grammar and the sentence's words. A multinomial logistic regression over the
sentence's all-mpnet-base-v2 vector (:data:`ENCODER`; offline packages, :mod:`claimgraph.link.embed`)
adds what the sentence is about across phrasings; its log-probabilities are added to the sparse
model's with weight :data:`WEIGHT`. Trained on the same rows as ``model_plover.json`` (the PLOVER
gold train part and claimgraph's wire sentences); chosen by 3-seed 5-fold cross-validation on
the gold train part (see the model card). Before the own wire sentences existed (sixth round) such
a head added nothing; with them a MiniLM-L6 head added about one point of CV, this one about five.

Used where the ``plover`` profile is: ``claimgraph eval events`` (records in the PLOVER gold format)
and ``eval events --sentences``. Not in the ingest pipeline (a transformer per sentence would not
fit its speed budget). Without its file or its encoder's packages the sparse model answers alone.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Optional

import numpy as np

from ..link.embed import DESCRIPTIONS
from . import snippet_heads
from .events import DATA

#: the head of each profile that has one
HEADS = {"plover": DATA / "plover_head.npz"}
#: weight of the head's log-probabilities against the sparse model's (chosen by CV)
WEIGHT = 1.5
#: inverse regularisation (chosen by CV)
C = 30.0
#: the sentence encoder (:data:`claimgraph.link.embed.DIMS`)
ENCODER = "mpnet"


@functools.lru_cache(maxsize=4)
def load(profile: str = "plover") -> Optional[dict]:
    """The head of ``profile``, or None (no head for it, no file, or no encoder for it)."""
    path = HEADS.get(profile)
    got = snippet_heads.read(path) if path is not None else None
    if got is None:
        return None
    z, meta = got
    return {"coef": z["coef"], "intercept": z["intercept"], "classes": meta["classes"],
            "weight": float(meta.get("weight", WEIGHT)), "encoder": meta["encoder_name"]}


def combine(probs: dict[str, float], vector: np.ndarray, head: dict) -> dict[str, float]:
    """The sparse model's ``probs`` with the head's log-probabilities added (weight ``head["weight"]``),
    renormalised. Categories the sparse model does not know keep its answer."""
    if not probs:
        return probs
    z = vector @ head["coef"].T + head["intercept"]
    z = z - z.max()
    logq = z - math.log(float(np.exp(z).sum()))
    by_class = dict(zip(head["classes"], logq))
    scores = {c: math.log(max(p, 1e-300)) + head["weight"] * float(by_class.get(c, -30.0)) for c, p in probs.items()}
    top = max(scores.values())
    exps = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(exps.values())
    return {c: e / total for c, e in exps.items()}


def fit(texts: list[str], labels: list[str], vectors: np.ndarray, out: Path, c: float = C,
        weight: float = WEIGHT, encoder: str = ENCODER) -> dict:
    """Fit the head on ``vectors`` (one per text, by ``encoder``) and write ``out``. Needs scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=c, max_iter=5000).fit(vectors, labels)
    meta = {"classes": [str(x) for x in m.classes_], "C": c, "weight": weight, "rows": len(labels),
            "encoder": DESCRIPTIONS[encoder], "encoder_name": encoder}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, coef=m.coef_.astype(np.float32), intercept=m.intercept_.astype(np.float32),
                        meta=np.array(json.dumps(meta)))
    load.cache_clear()
    return meta
