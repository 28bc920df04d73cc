"""Does an article belong to a story? A learned score over per-view similarities.

The features compare an article with a story's centroids, view by view (Miranda et al. 2018):
the MiniLM meaning vector, TF-IDF of body, lead, names and numbers (:mod:`claimgraph.link.views`),
the places they share, and how far apart their dates are (:mod:`claimgraph.link.dating`). A
logistic regression over them, trained on ECB+ topics by :mod:`claimgraph.training.stories`, gives
the probability that the article reports the story's event; the article joins the most
probable story when that reaches the trained threshold, else it starts a new story.

The weights live in ``claimgraph/assets/story_scorer.json`` with the split they were trained and
tuned on.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
from pathlib import Path
from typing import Optional

import numpy as np

from ..analyse.memo import Recent
from . import views as V

WEIGHTS = Path(__file__).resolve().parent.parent / "assets" / "story_scorer.json"
FEATURES = ("dense", "body", "lead", "names", "facts", "names_x_body", "what", "places_shared", "places_disjoint",
            "days_0_3", "days_4_10", "days_11_60", "days_over_60", "only_story_dated", "only_article_dated")
#: bins of the gap in days between an article's date and the nearest date of the story
GAP_BINS = ((0, 3), (4, 10), (11, 60), (61, None))


def _day(value: Optional[str]) -> Optional[dt.date]:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def features(p, story, dense: float) -> np.ndarray:
    """The feature row of article profile ``p`` against ``story`` (``dense``: the cosine of
    their meaning vectors, from the index)."""
    views = story.views or {}
    norms, unnamed, unnamed_norm = _centroids(views)
    cos = {v: V.cosine(p.views.get(v, {}), views.get(v, {}), norms[v]) for v in V.VIEWS}
    sp = {str(x) for x in story.places or []}
    shared = bool(p.places & sp)
    disjoint = bool(p.places and sp and not shared)
    mine = _day(p.date)
    theirs = [d for d in (_day(a.get("date")) for a in story.articles or []) if d]
    dated_share = len(theirs) / max(1, len(story.articles or []))
    gap = min(abs((mine - d).days) for d in theirs) if mine and theirs else None
    bins = [float(gap is not None and lo <= gap and (hi is None or gap <= hi)) for lo, hi in GAP_BINS]
    return np.array([dense, cos["body"], cos["lead"], cos["names"], cos["facts"], cos["names"] * cos["body"],
                     V.cosine(_what_words(p.views), unnamed, unnamed_norm),
                     float(shared), float(disjoint), *bins,
                     float(mine is None) * dated_share, float(mine is not None and not theirs)], dtype=np.float64)


def _unnamed(vs: dict) -> dict:
    names = vs.get("names", {})
    return {t: w for t, w in vs.get("body", {}).items() if t not in names}


#: the views of the last stories and articles scored, with what features() derives from them:
#: keyed by the views dict, which a join replaces rather than changes (held, so that its id is
#: not reused while remembered)
_DERIVED = Recent(256)


def _derived(kind: str, views: dict, compute):
    key = (kind, id(views))
    got = _DERIVED.get(key)
    if got is None or got[0] is not views:
        got = _DERIVED.put(key, (views, compute(views)))
    return got[1]


def _centroids(views: dict) -> tuple[dict, dict, float]:
    """A story's view norms, and its body words that are not names with their norm."""
    def compute(vs):
        unnamed = _unnamed(vs)
        return {v: V.norm(vs.get(v, {})) for v in V.VIEWS}, unnamed, V.norm(unnamed)
    return _derived("story", views, compute)


def _what_words(article_views: dict) -> dict:
    """An article's body words that are not names, as a unit vector: what happened, not who or
    where. Two strikes on one city by one governor's account share the names, not the words for
    the act and its target ("guided bomb", "apartment block" against "drones", "tram depot")."""
    def compute(vs):
        mine = _unnamed(vs)
        n = V.norm(mine)
        return {t: w / n for t, w in mine.items()} if n else {}
    return _derived("article", article_views, compute)


@functools.lru_cache(maxsize=1)
def load(path: Path = WEIGHTS) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path} was trained on other features: retrain with claimgraph.training.stories")
    data["coef"] = np.asarray(data["coef"], dtype=np.float64)
    return data


def probability(row: np.ndarray, weights: Optional[dict] = None) -> float:
    w = weights or load()
    z = float(row @ w["coef"] + w["intercept"])
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def threshold(weights: Optional[dict] = None) -> float:
    return float((weights or load())["threshold"])
