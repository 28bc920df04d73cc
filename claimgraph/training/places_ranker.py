"""Train the places ranker (:mod:`claimgraph.analyse.places.ranker`) and write its weights.

Training rows: for every gold toponym with coordinates of the ``choose`` part of a corpus in
LGL's XML format (:func:`claimgraph.evaluate.places.split_of`), each gazetteer candidate the
geocoder considers, labelled 1 when it lies within 161 km of the gold point. The context of
each article is what ``claimgraph eval places`` gives the geocoder: the gold toponyms plus the
other places the places component finds in the text (cached in ``--ner-cache``, since the
spaCy parse is the slow part). Names with no candidate near the gold point, or with one
candidate only, teach nothing and are left out.

Optionally, ``--generated N`` adds N articles made from the gazetteer itself: a populated place
that shares its name with places in other countries or states, with its state and a nearby
town named around it (the common local-news pattern "Springfield ... Illinois ... Decatur"),
or with nothing (the prior alone). They teach the ranker that the context decides between
namesakes anywhere in the world, not only in LGL's United States.

Two models are cross-validated (5 folds of the choose part's names, so that no name is in both
the training and the scored folds; top-1 accuracy at 161 km): a logistic regression (its regularisation strength chosen so) and gradient-boosted
trees; the better one is written. The report part is never read.

    python -m claimgraph.training.places_ranker --corpus ../shared/geoparsing/lgl.xml \\
        --out claimgraph/assets/models/places/ranker.json --ner-cache /tmp/lgl_ner.json
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path


def ner_context(articles: list[dict], cache: Path | None) -> dict[str, list[str]]:
    """Per article, the names of places the places component finds that no gold span covers."""
    if cache and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    from claimgraph.analyse.pipeline import build, make_doc

    nlp = build(("places",))
    out = {}
    for k, art in enumerate(articles):
        doc = nlp(make_doc(nlp, art["text"], {"doc_id": art["docid"], "published": None}))
        tops = art["toponyms"]
        out[art["docid"]] = [p.mention.text for p in doc._.places if p.role != "seat"
                             and not any(t["start"] < p.mention.end and p.mention.start < t["end"] for t in tops)]
        if k % 50 == 0:
            print(f"  parsed {k}/{len(articles)} articles", file=sys.stderr)
    if cache:
        cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def article_rows(names: list[str], golds: list[tuple[float, float] | None]):
    """(rows, labels) per gold name with a label to learn from."""
    from claimgraph.analyse.places.geocoder import candidate_rows, haversine_km

    from claimgraph.analyse.places.gazetteer import fold

    groups = []
    for (cs, rows), g, name in zip(candidate_rows(names), golds, names):
        if g is None or len(cs) < 2:
            continue
        labels = [int(haversine_km(c["lat"], c["lon"], g[0], g[1]) <= 161) for c in cs]
        if 0 < sum(labels):
            groups.append((fold(name), rows, labels))
    return groups


def generated_articles(n: int, seed: int = 0) -> list[tuple[list[str], list]]:
    """Articles made from the gazetteer: a place whose name other places share, with or without
    its first-level division and a neighbour of it named alongside."""
    from claimgraph.analyse.places.gazetteer import candidates, gazetteer
    from claimgraph.analyse.places.geocoder import haversine_km

    rng = random.Random(seed)
    con = gazetteer()
    rows = con.execute("SELECT name, country, admin1, lat, lon FROM features WHERE feature_class = 'P' "
                       "AND population >= 1000 AND admin1 IS NOT NULL").fetchall()
    rng.shuffle(rows)
    out = []
    for name, cc, a1, lat, lon in rows:
        if len(out) >= n:
            break
        namesakes = [c for c in candidates(name) if c["feature_class"] == "P"
                     and haversine_km(c["lat"], c["lon"], lat, lon) > 161]
        if not namesakes:
            continue
        names, golds = [name], [(lat, lon)]
        mode = rng.random()
        if mode < 0.75:
            names.append(a1)
            golds.append(None)
        if mode < 0.5 or 0.75 <= mode:
            near = con.execute("SELECT name, lat, lon FROM features WHERE feature_class = 'P' AND country = ? "
                               "AND admin1 IS ? AND ABS(lat - ?) < 0.7 AND ABS(lon - ?) < 0.9 AND name != ? "
                               "ORDER BY population DESC LIMIT 3", (cc, a1, lat, lon, name)).fetchall()
            if near:
                names.append(rng.choice(near)[0])
                golds.append(None)
        out.append((names, golds))
    return out


def top1(groups, probs) -> float:
    hit = k = 0
    for rows, labels in groups:
        p = probs[k:k + len(rows)]
        k += len(rows)
        hit += labels[max(range(len(p)), key=p.__getitem__)]
    return hit / len(groups) if groups else 0.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="training corpus in LGL's XML format")
    ap.add_argument("--out", type=Path, required=True, help="where to write the weights (JSON)")
    ap.add_argument("--ner-cache", type=Path, default=None, help="JSON cache of the places found by the NER")
    ap.add_argument("--generated", type=int, default=0, help="articles to generate from the gazetteer")
    args = ap.parse_args(argv)

    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from claimgraph.analyse.places.ranker import FEATURES
    from claimgraph.evaluate.places import read, split_of

    t0 = time.time()
    articles = [a for a in read(args.corpus) if split_of(a["docid"]) == "choose"]
    extra = ner_context(articles, args.ner_cache)
    data = []       # (article group id, rows, labels)
    for g, art in enumerate(articles):
        tops = art["toponyms"]
        names = [art["text"][t["start"]:t["end"]] or t["phrase"] for t in tops] + extra.get(art["docid"], [])
        golds = [(t["lat"], t["lon"]) if t["lat"] is not None else None for t in tops]
        golds += [None] * (len(names) - len(golds))
        data += article_rows(names, golds)
    n_lgl = len(data)
    for names, golds in generated_articles(args.generated):
        data += article_rows(names, golds)
    print(f"{n_lgl} LGL names and {len(data) - n_lgl} generated ones with a choice to learn "
          f"({time.time() - t0:.0f} s)", file=sys.stderr)

    X = np.array([r for _, rows, _ in data for r in rows], dtype=float)
    y = np.array([lab for _, _, labels in data for lab in labels])
    # folds by name, so that the score says how the ranker does on names it has not seen (LGL
    # repeats its towns across articles: folds by article would reward remembering them)
    ids = {n: k for k, n in enumerate(sorted({n for n, _, _ in data}))}
    groups = np.array([ids[n] for n, rows, _ in data for _ in rows])
    mean, scale = X.mean(0), X.std(0)
    scale[scale == 0] = 1.0
    Xs = (X - mean) / scale
    lgl_rows = sum(len(rows) for _, rows, _ in data[:n_lgl])
    best = None
    for C in (0.01, 0.1, 1.0, 10.0):
        probs = np.zeros(len(y))
        for tr, te in GroupKFold(n_splits=5).split(Xs, y, groups):
            m = LogisticRegression(C=C, max_iter=3000).fit(Xs[tr], y[tr])
            probs[te] = m.predict_proba(Xs[te])[:, 1]
        acc = top1([(rows, labels) for _, rows, labels in data[:n_lgl]], list(probs[:lgl_rows]))
        print(f"C={C}: cross-validated top-1 within 161 km on the LGL choose names {acc:.4f}", file=sys.stderr)
        if best is None or acc > best[1]:
            best = (C, acc)
    params = dict(n_estimators=200, max_depth=3, learning_rate=0.1, subsample=0.8, random_state=0)
    probs = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(X, y, groups):
        probs[te] = GradientBoostingClassifier(**params).fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    gb_acc = top1([(rows, labels) for _, rows, labels in data[:n_lgl]], list(probs[:lgl_rows]))
    print(f"gradient-boosted trees: cross-validated top-1 on the LGL choose names {gb_acc:.4f}", file=sys.stderr)
    info = {"cv_top1_choose": round(max(best[1], gb_acc), 4), "cv_top1_choose_logistic": round(best[1], 4),
            "cv_top1_choose_trees": round(gb_acc, 4), "lgl_names": n_lgl, "generated_names": len(data) - n_lgl,
            "rows": int(len(y)), "corpus": args.corpus.name, "split": "choose (sha1(docid) % 10 < 6)"}
    if gb_acc > best[1]:
        from .places_tagger import export

        model = GradientBoostingClassifier(**params).fit(X, y)
        out = export(model, FEATURES, 0.5, dict(info, params=params))
        del out["threshold"]
    else:
        model = LogisticRegression(C=best[0], max_iter=3000).fit(Xs, y)
        out = {"features": list(FEATURES), "coef": [round(float(w), 6) for w in model.coef_[0]],
               "intercept": round(float(model.intercept_[0]), 6),
               "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
               "C": best[0], **info}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({'trees' if 'trees' in out else 'logistic'}, {len(y)} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
