"""A sentence-embedding head for the PLOVER category of wire-style sentences (the ``plover`` profile).

The sparse category model (:func:`claimgraph.analyse.events.category.predict_proba`) reads the focus
trigger, its grammar and the sentence's words. A multinomial logistic regression over the
sentence's all-mpnet-base-v2 vector (:data:`ENCODER`; offline packages, :mod:`claimgraph.encoders.sentence`)
adds what the sentence is about across phrasings; its log-probabilities are added to the sparse
model's with weight :data:`WEIGHT`. Trained on the same rows as ``model_plover.json`` (the PLOVER
gold train part and claimgraph's wire sentences); chosen by 3-seed 5-fold cross-validation on
the gold train part (see the model card).

The encoder is tuned to the task: low-rank adapters on the query and value projections of
mpnet's upper six layers (:mod:`claimgraph.encoders.tuned`), stored in the head's file
(``lora.*`` arrays, ``meta["tuned"]``). :func:`vectors` gives the vectors a head reads, tuned or
not.

Used where the ``plover`` profile is: ``claimgraph eval events`` (records in the PLOVER gold format)
and ``eval events --sentences``. Not in the ingest pipeline (a transformer per sentence would not
fit its speed budget). Without its file or its encoder's packages the sparse model answers alone.
"""
from __future__ import annotations

import functools
import math
from typing import Optional

import numpy as np

from ...encoders.heads import Head, read
from .triggers import DATA


#: the head of each profile that has one
HEADS = {"plover": DATA / "plover_head.npz"}
#: weight of the head's log-probabilities against the sparse model's (chosen by CV)
WEIGHT = 1.5
#: inverse regularisation (chosen by CV)
C = 30.0
#: the sentence encoder (:data:`claimgraph.encoders.sentence.DIMS`)
ENCODER = "mpnet"


@functools.lru_cache(maxsize=4)
def load(profile: str = "plover") -> Optional[dict]:
    """The head of ``profile``, or None (no head for it, no file, or no encoder for it)."""
    path = HEADS.get(profile)
    got = read(path)
    if got is None:
        return None
    z, meta = got
    head = {"head": Head(z["coef"], z["intercept"], meta["classes"]), "classes": meta["classes"],
            "weight": float(meta.get("weight", WEIGHT)), "encoder": meta["encoder_name"], "tuned": None}
    if meta.get("tuned"):
        # the encoder's adapters (claimgraph.encoders.tuned), built when first needed
        t = meta["tuned"]
        head["tuned"] = {"from_layer": t["from_layer"], "rank": t["rank"], "alpha": t["alpha"],
                         "targets": tuple(t["targets"]),
                         "adapters": {k[len("lora."):]: z[k] for k in z.files if k.startswith("lora.")}}
    return head


@functools.lru_cache(maxsize=2)
def _tuned_encoder(profile: str):
    from ...encoders.tuned import TunedEncoder

    return TunedEncoder(**load(profile)["tuned"])


def vectors(texts: list[str], profile: str = "plover") -> np.ndarray:
    """The vectors the head of ``profile`` reads: the tuned encoder's when the head was trained on
    one (``meta["tuned"]``), else the frozen encoder's."""
    head = load(profile)
    if head["tuned"] is not None:
        return _tuned_encoder(profile).encode(list(texts))
    from ...encoders.sentence import embed

    return embed(list(texts), encoder=head["encoder"])


def combine(probs: dict[str, float], vector: np.ndarray, head: dict) -> dict[str, float]:
    """The sparse model's ``probs`` with the head's log-probabilities added (weight ``head["weight"]``),
    renormalised. Categories the sparse model does not know keep its answer."""
    if not probs:
        return probs
    logq = head["head"].log_probs(vector)
    by_class = dict(zip(head["classes"], logq))
    scores = {c: math.log(max(p, 1e-300)) + head["weight"] * float(by_class.get(c, -30.0)) for c, p in probs.items()}
    top = max(scores.values())
    exps = {c: math.exp(s - top) for c, s in scores.items()}
    total = sum(exps.values())
    return {c: e / total for c, e in exps.items()}

