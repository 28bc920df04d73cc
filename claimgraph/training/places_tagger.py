"""Train the toponym tagger (:mod:`claimgraph.analyse.places.tagger`) and write it as JSON.

Rows: every candidate span (:func:`claimgraph.analyse.places.tagger.spans`) of the articles of
the ``choose`` part of a corpus in LGL's XML format (:func:`claimgraph.evaluate.places.split_of`),
labelled 1 when it is exactly a gold toponym span. The model is scikit-learn's gradient-boosted
trees, exported as arrays (:func:`claimgraph.analyse.places.tagger.score` reads them). The
threshold is chosen by 5-fold cross-validation over the choose articles: the one with the best
span F1 among those whose recall is at least ``--min-recall`` (every gold toponym left
unanswered counts as the largest error), else the best F1. The report part is never read.

    python -m claimgraph.training.places_tagger --corpus ../shared/geoparsing/lgl.xml \\
        --out claimgraph/assets/models/places/tagger.json --cache /tmp/tagger_rows.json
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def rows_of(articles: list[dict], cache: Path | None) -> list[dict]:
    """Per article: its candidate spans, their feature rows and labels, and the gold count."""
    if cache and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from claimgraph.analyse.pipeline import build, make_doc
    from claimgraph.analyse.places import component, tagger
    from claimgraph.analyse.places.roles import actor_names

    nlp = build(())
    out = []
    t0 = time.time()
    for k, art in enumerate(articles):
        doc = nlp(make_doc(nlp, art["text"], {"doc_id": art["docid"], "published": None}))
        rules = {(s, e): kind for s, e, kind in component._mentions(doc)}
        feats = tagger.features(doc, tagger.spans(doc, rules), actor_names())
        gold = {(t["start"], t["end"]) for t in art["toponyms"]}
        out.append({"docid": art["docid"], "gold": len(gold), "spans": [list(sp) for sp, _ in feats],
                    "rows": [r for _, r in feats], "labels": [int(sp in gold) for sp, _ in feats]})
        if k % 50 == 0:
            print(f"  {k}/{len(articles)} articles ({time.time() - t0:.0f} s)", file=sys.stderr)
    if cache:
        cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def prf(docs: list[dict], probs: list[list[float]], threshold: float) -> tuple[float, float, float]:
    from claimgraph.analyse.places.tagger import choose

    tp = fp = gold = 0
    for d, p in zip(docs, probs):
        kept = set(choose([(tuple(sp), pr) for sp, pr in zip(d["spans"], p)], threshold))
        pos = {tuple(sp) for sp, lab in zip(d["spans"], d["labels"]) if lab}
        tp += len(kept & pos)
        fp += len(kept - pos)
        gold += d["gold"]
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / gold if gold else 0.0
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def export(model, features, threshold: float, extra: dict) -> dict:
    import math

    prior = float(model.init_.class_prior_[1])
    trees = []
    for est in model.estimators_[:, 0]:
        t = est.tree_
        trees.append([[int(f) for f in t.feature], [round(float(x), 6) for x in t.threshold],
                      [int(x) for x in t.children_left], [int(x) for x in t.children_right],
                      [round(float(v), 6) for v in t.value[:, 0, 0]]])
    return {"features": list(features), "init": math.log(prior / (1 - prior)),
            "learning_rate": float(model.learning_rate), "threshold": threshold, "trees": trees, **extra}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="training corpus in LGL's XML format")
    ap.add_argument("--out", type=Path, required=True, help="where to write the model (JSON)")
    ap.add_argument("--cache", type=Path, default=None, help="JSON cache of the candidate rows (the parse is slow)")
    ap.add_argument("--min-recall", type=float, default=0.8, help="the recall the threshold should keep")
    args = ap.parse_args(argv)

    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    from claimgraph.analyse.places import tagger
    from claimgraph.evaluate.places import read, split_of

    articles = [a for a in read(args.corpus) if split_of(a["docid"]) == "choose"]
    docs = rows_of(articles, args.cache)
    X = np.array([r for d in docs for r in d["rows"]], dtype=float)
    y = np.array([lab for d in docs for lab in d["labels"]])
    groups = np.array([k for k, d in enumerate(docs) for _ in d["rows"]])
    print(f"{len(docs)} articles, {len(y)} candidate spans, {int(y.sum())} of them gold", file=sys.stderr)
    params = dict(n_estimators=150, max_depth=3, learning_rate=0.1, subsample=0.8, random_state=0)
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        oof[te] = GradientBoostingClassifier(**params).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    probs, k = [], 0
    for d in docs:
        probs.append(list(oof[k:k + len(d["rows"])]))
        k += len(d["rows"])
    table = []
    for thr in [x / 100 for x in range(10, 80, 5)]:
        P, R, F = prf(docs, probs, thr)
        table.append((thr, P, R, F))
        print(f"threshold {thr:.2f}: cross-validated P {P:.3f} R {R:.3f} F1 {F:.3f}", file=sys.stderr)
    ok = [t for t in table if t[2] >= args.min_recall]
    thr, P, R, F = max(ok or table, key=lambda t: t[3])
    model = GradientBoostingClassifier(**params).fit(X, y)
    out = export(model, tagger.FEATURES, thr, {
        "cv_choose": {"precision": round(P, 4), "recall": round(R, 4), "f1": round(F, 4)},
        "params": params, "rows": int(len(y)), "articles": len(docs), "corpus": args.corpus.name,
        "split": "choose (sha1(docid) % 10 < 6)"})
    mine = [tagger.score(list(r), out) for r in X[:200]]
    theirs = model.predict_proba(X[:200])[:, 1]
    assert max(abs(a - b) for a, b in zip(mine, theirs)) < 1e-3, "exported trees disagree with the model"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"wrote {args.out} (threshold {thr}, CV P {P:.3f} R {R:.3f} F1 {F:.3f})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
