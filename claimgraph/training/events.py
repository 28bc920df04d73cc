"""Train the event models: the sparse PLOVER category models (``model.json``, ``model_plover.json``),
the ``plover`` profile's sentence-embedding head (``plover_head.npz``) and the classify-events
snippet heads (``snippet_heads.npz``), from the PLOVER gold records (../shared/events) and the
repository's own labelled snippets and wire sentences (data/plover/). Also the cross-validation
that chose their settings."""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Optional

import numpy as np

from ..analyse.events import category, plover_head, triggers
from ..encoders.sentence import DESCRIPTIONS
from ..encoders.tuned import lower_states
from ..evaluate.events import (OWN_PLOVER, SNIPPETS, load_plover, load_snippets, load_wire, news_label,
                               parse_texts, sentence_features, split_of, text_key)
from ..snippets import classify as snippet_rules
from ..snippets import heads as snippet_heads
from .adapters import tune


def train(plover: Path, out: Path, snippets: Path = SNIPPETS, verbose: bool = True,
          plover_out: Optional[Path] = None, heads_out: Optional[Path] = None, heads: bool = True) -> dict:
    """Fit the two category models on the train split and write them (see
    :data:`claimgraph.analyse.events.category.PROFILES`): ``out`` (the ``news`` model: gold train part, the
    train part of the own snippets and the wire sentences with the news labels) and ``plover_out``
    (default ``model_plover.json`` next to ``out``: the gold train part and the wire sentences);
    with ``heads``, the sentence-embedding heads of ``classify-events`` too (``heads_out``, default
    ``snippet_heads.npz`` next to ``out``: every own snippet). Returns the ``news`` model."""
    gold = [r for r in load_plover(plover) if split_of(r["id"]) == "train"]
    snips = [s for s in load_snippets(snippets) if split_of(s["id"]) == "train"]
    wire = load_wire()
    # the news model's grid is chosen on every training row (the snippets are what it is for) and
    # keeps a lexicon prior (boost >= 3): the lexicon carries the modern vocabulary (drones, glide
    # bombs) that no training row has, which no cross-validation on these rows can measure
    m = _fit(gold, snips + [news_label(r) for r in wire], out, verbose, score_all=True, boosts=(3.0, 5.0))
    # 5 folds although COOPERATE has 3 train records (the rule below would give 3 folds)
    plover_out = plover_out or out.with_name(category.PROFILES["plover"])
    _fit(gold, wire, plover_out, verbose, folds=5)
    if heads:
        train_category_head(gold, wire, plover_out.with_name("plover_head.npz"), verbose)
        train_snippet_heads(snippets, heads_out or out.with_name("snippet_heads.npz"), verbose)
    return m


#: more labelled snippets for the embedding heads (not for the category model): the former second
#: clean test, a development set since its errors were read, and ten batches by ten new authors
#: (cg-snippet-1001..2500)
HEAD_SNIPPETS = (OWN_PLOVER / "conflict_snippets_dev2.jsonl", OWN_PLOVER / "conflict_snippets_dev3.jsonl")


def train_snippet_heads(snippets: Path, out: Path, verbose: bool = True,
                        extra=HEAD_SNIPPETS) -> Optional[dict]:
    """Fit the sentence-embedding heads of ``classify-events`` on every row of ``snippets`` and
    ``extra`` (no split: the clean test files are the measure, see the model card); needs the
    encoder's packages (:data:`claimgraph.snippets.heads.ENCODER`)."""
    from ..encoders.sentence import available, backend, embed

    enc = snippet_heads.ENCODER
    if not available(enc):
        if verbose:
            print(f"snippet heads not trained: {backend(enc)}")
        return None
    rows = load_snippets(snippets) + [r for p in extra if Path(p).exists() for r in load_snippets(p)]
    vectors = embed([snippet_rules.clean_snippet(r["text"]) for r in rows], encoder=enc)
    meta = fit_snippet_heads(rows, vectors, out)
    if verbose:
        print(f"snippet heads: {meta['rows']} snippets, {len(meta['sub_classes'])} sub-event types, "
              f"{len(meta['plover_classes'])} categories -> {out}")
    return meta


def train_category_head(gold: list[dict], rows: list[dict], out: Path, verbose: bool = True,
                        tuned: bool = True) -> Optional[dict]:
    """Fit the ``plover`` profile's sentence-embedding head on the gold train records and ``rows``
    (the wire sentences), the rows of ``model_plover.json``; with ``tuned`` (the default) the
    encoder's adapters are tuned on the same rows first (:mod:`claimgraph.encoders.tuned`).
    Needs its encoder's packages."""
    from ..encoders.sentence import available, backend, embed

    enc = plover_head.ENCODER
    if not available(enc):
        if verbose:
            print(f"category head not trained: {backend(enc)}")
        return None
    texts = [r["text"] for r in gold] + [r["text"] for r in rows]
    labels = [triggers.current_name(r["event"]) for r in gold] + [r["plover"] for r in rows]
    if tuned:
        def progress(epoch, loss):
            if verbose:
                print(f"category head: tuning the encoder's adapters, epoch {epoch + 1}: loss {loss:.3f}", flush=True)
        meta = fit_plover_head_tuned(texts, labels, out, progress=progress)
    else:
        meta = fit_plover_head(texts, labels, embed(texts, encoder=enc), out, encoder=enc)
    if verbose:
        print(f"category head: {meta['rows']} sentences, weight {meta['weight']}, "
              f"{'tuned' if tuned else 'frozen'} encoder -> {out}")
    return meta


def _fit(gold: list[dict], snips: list[dict], out: Path, verbose: bool, folds: Optional[int] = None,
         score_all: bool = False, boosts=(0.0, 1.0, 2.0, 3.0, 5.0)) -> dict:
    """Fit the logistic-regression category model on ``gold`` + ``snips``; write ``out``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    t0 = time.time()
    texts = [r["text"] for r in gold] + [s["text"] for s in snips]
    labels = [triggers.current_name(r["event"]) for r in gold] + [s["plover"] for s in snips]
    ids = [r["id"] for r in gold] + [s["id"] for s in snips]
    feats = [sentence_features(d)[0] for d in parse_texts(texts)]
    vec = DictVectorizer()
    X = vec.fit_transform([{f: 1 for f in fs} for fs in feats])
    y = np.array(labels)
    counts = Counter(labels)
    folds = folds or max(2, min(5, min(counts.values())))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    classes = np.array(sorted(counts))
    own = np.array([[c in {f.split("=", 1)[1] for f in fs if f.startswith("main=")} for c in classes]
                    for fs in feats], dtype=float)
    is_gold = np.array([True] * len(gold) + [False] * len(snips))
    grid = {}
    for C in (1.0, 3.0, 10.0, 30.0):
        logp = np.zeros((len(y), len(classes)))
        for tr, te in cv.split(X, y):
            clf = LogisticRegression(C=C, max_iter=3000).fit(X[tr], y[tr])
            idx = [list(classes).index(c) for c in clf.classes_]
            lp = np.full((len(te), len(classes)), -30.0)
            lp[:, idx] = clf.predict_log_proba(X[te])
            logp[te] = lp
        for boost in boosts:
            pred = classes[(logp + boost * own).argmax(1)]
            scored = np.ones(len(y), dtype=bool) if score_all else is_gold
            grid[(C, boost)] = float(f1_score(y[scored], pred[scored], average="weighted"))
    C, boost = max(grid, key=lambda k: (round(grid[k], 4), -k[1]))
    clf = LogisticRegression(C=C, max_iter=3000).fit(X, y)
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        col = clf.coef_[:, j]
        if np.abs(col).max() >= 1e-3:
            weights[str(name)] = [round(float(v), 4) for v in col]
    m = {"classes": [str(c) for c in clf.classes_], "intercept": [round(float(v), 4) for v in clf.intercept_],
         "weights": weights, "C": C, "lexicon_boost": boost,
         ("cv_f1_weighted_all_rows" if score_all else "cv_gold_f1_weighted"):
             {f"C={k[0]},boost={k[1]}": round(v, 4) for k, v in grid.items()},
         "trained_on": sorted(ids), "trained_on_text_sha1": sorted({text_key(t) for t in texts}), "n_train": len(ids),
         "split": "sha1(id) mod 10 < 7 of the PLOVER gold records" +
                  (" and of claimgraph's conflict snippets" if any(str(i).startswith("cg-snippet") for i in ids)
                   else " (no own snippets)") +
                  (", all of claimgraph's wire sentences" if any(str(i).startswith("cg-wire") for i in ids) else ""),
         "seconds": round(time.time() - t0, 1)}
    out.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    category.model.cache_clear()
    if verbose:
        print(f"trained on {len(gold)} gold + {len(snips)} own sentences (snippets, wire); C={C}, lexicon boost {boost} "
              f"(5-fold cv weighted F1 on {'all training rows' if score_all else 'the gold train part'} "
              f"{grid[(C, boost)]:.3f}); {len(weights)} features; "
              f"{m['seconds']} s -> {out}")
    return m


def cross_validate(plover: Path, snippets: Optional[Path] = SNIPPETS, seeds=(0, 1, 2), folds: int = 5,
                   C: float = 3.0, boost: float = 5.0, snippet_weight: float = 1.0, wire: bool = True,
                   head_weight: float = 0.0, head_c: Optional[float] = None, tuned: bool = False,
                   verbose: bool = False) -> dict:
    """3-seed 5-fold cross-validation on the gold train part, how every model change is chosen:
    per seed, the gold train records are cut into stratified folds; each fold is scored (weighted
    F1 of the category, gold records only) by a model fitted on the other folds plus the train
    part of ``snippets`` (none when ``snippets`` is None or ``snippet_weight`` is 0) plus, with
    ``wire``, all own wire sentences (weight 1). With ``head_weight`` > 0 a sentence-embedding head
    (:mod:`claimgraph.analyse.events.plover_head`, inverse regularisation ``head_c``) is fitted on the same
    rows and its log-probabilities added with that weight, as the ``plover`` profile does; with
    ``tuned`` the encoder's adapters are tuned on each fold's training rows first, as ``train
    events`` does (about 4 minutes a fold on two cores). Never reads the held-out part or the
    clean tests."""
    import warnings

    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    gold = [r for r in load_plover(plover) if split_of(r["id"]) == "train"]
    snips = [s for s in load_snippets(snippets) if split_of(s["id"]) == "train"] \
        if snippets is not None and snippet_weight > 0 else []
    n_snips = len(snips)
    # the news recipe (snippets in) takes the wire sentences with the news labels, as train() does
    snips += [news_label(r) if n_snips else r for r in load_wire()] if wire else []
    texts = [r["text"] for r in gold] + [s["text"] for s in snips]
    y = np.array([triggers.current_name(r["event"]) for r in gold] + [s["plover"] for s in snips])
    feats = [sentence_features(d)[0] for d in parse_texts(texts)]
    X = DictVectorizer().fit_transform([{f: 1 for f in fs} for fs in feats])
    classes = np.array(sorted(set(y)))
    own = np.array([[c in {f.split("=", 1)[1] for f in fs if f.startswith("main=")} for c in classes]
                    for fs in feats], dtype=float)
    g, s = np.arange(len(gold)), np.arange(len(gold), len(texts))
    Z = states = None
    if head_weight > 0:
        from ..encoders.sentence import embed

        head_c = head_c or plover_head.C
        if tuned:       # each fold's vectors come from its own tuned encoder
            states = lower_states(texts)
        else:
            Z = embed(texts, encoder=plover_head.ENCODER)
    per_seed = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # the rarest gold class has fewer members than folds
        for seed in seeds:
            pred = np.empty(len(g), dtype=object)
            for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(g, y[g]):
                idx = np.concatenate([g[tr], s])
                w = np.where(idx < len(gold), 1.0, np.where(idx < len(gold) + n_snips, snippet_weight, 1.0))
                clf = LogisticRegression(C=C, max_iter=3000).fit(X[idx], y[idx], sample_weight=w)
                cols = [list(classes).index(c) for c in clf.classes_]
                lp = np.full((len(te), len(classes)), -30.0)
                lp[:, cols] = clf.predict_log_proba(X[g[te]])
                lp += boost * own[g[te]]
                if head_weight > 0:
                    V = Z
                    if tuned:
                        enc = tune([texts[i] for i in idx], [str(v) for v in y[idx]], seed=seed,
                                                 states=[states[i] for i in idx])
                        V = np.zeros((len(texts), 768), dtype=np.float32)
                        keep = np.concatenate([idx, g[te]])
                        V[keep] = enc.pool([states[i] for i in keep])
                        if verbose:
                            print(f"seed {seed}: fold tuned", flush=True)
                    hd = LogisticRegression(C=head_c, max_iter=5000).fit(V[idx], y[idx], sample_weight=w)
                    lz = np.full((len(te), len(classes)), -30.0)
                    lz[:, [list(classes).index(c) for c in hd.classes_]] = hd.predict_log_proba(V[g[te]])
                    lp += head_weight * lz
                pred[te] = classes[lp.argmax(1)]
            per_seed.append(float(f1_score(y[g], pred.astype(str), average="weighted")))
    return {"f1_weighted": round(float(np.mean(per_seed)), 4), "per_seed": [round(v, 4) for v in per_seed],
            "gold": len(gold), "snippets": n_snips, "wire": len(snips) - n_snips, "snippet_weight": snippet_weight,
            "C": C, "boost": boost, "head_weight": head_weight, "tuned": tuned}


def fit_plover_head(texts: list[str], labels: list[str], vectors: np.ndarray, out: Path, c: float = plover_head.C,
                    weight: float = plover_head.WEIGHT, encoder: str = plover_head.ENCODER, tuned=None) -> dict:
    """Fit the ``plover`` profile's head on ``vectors`` (one per text, by ``encoder``, or by the
    :class:`~claimgraph.encoders.tuned.TunedEncoder` ``tuned``, whose adapters are written
    too) and write ``out``. Needs scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=c, max_iter=5000).fit(vectors, labels)
    meta = {"classes": [str(x) for x in m.classes_], "C": c, "weight": weight, "rows": len(labels),
            "encoder": DESCRIPTIONS[encoder], "encoder_name": encoder}
    arrays = {}
    if tuned is not None:
        meta["tuned"] = {"from_layer": tuned.from_layer, "rank": tuned.rank, "alpha": tuned.alpha,
                         "targets": list(tuned.targets), **(tuned.training or {})}
        arrays = {f"lora.{k}": v for k, v in tuned.adapters().items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, coef=m.coef_.astype(np.float32), intercept=m.intercept_.astype(np.float32),
                        meta=np.array(json.dumps(meta)), **arrays)
    plover_head.load.cache_clear()
    plover_head._tuned_encoder.cache_clear()
    return meta


def fit_plover_head_tuned(texts: list[str], labels: list[str], out: Path, c: float = plover_head.C,
                          weight: float = plover_head.WEIGHT, progress=None) -> dict:
    """Tune the encoder's adapters on ``texts`` / ``labels`` (:func:`claimgraph.training.adapters.tune`),
    fit the head on the tuned vectors and write both to ``out``. Needs torch and the mpnet packages."""
    states = lower_states(texts)
    enc = tune(texts, labels, progress=progress, states=states)
    return fit_plover_head(texts, labels, enc.pool(states), out, c=c, weight=weight, encoder=plover_head.ENCODER,
                           tuned=enc)


def fit_snippet_heads(rows: list[dict], vectors: np.ndarray, out: Path, c: float = snippet_heads.C,
                      encoder: str = snippet_heads.ENCODER) -> dict:
    """Fit both snippet heads on labelled snippets (``plover``, ``acled_event_type``, ``acled_sub_event_type``)
    and their vectors (by ``encoder``); write ``out``. Needs scikit-learn (training only)."""
    from sklearn.linear_model import LogisticRegression

    subs = [r["acled_sub_event_type"] for r in rows]
    cats = [r["plover"] for r in rows]
    m_sub = LogisticRegression(C=c, max_iter=5000).fit(vectors, subs)
    m_cat = LogisticRegression(C=c, max_iter=5000).fit(vectors, cats)
    allowed: dict[str, Counter] = {}
    type_of = {}
    for r in rows:
        allowed.setdefault(r["acled_sub_event_type"], Counter())[r["plover"]] += 1
        type_of[r["acled_sub_event_type"]] = r["acled_event_type"]
    meta = {"sub_classes": [str(x) for x in m_sub.classes_], "plover_classes": [str(x) for x in m_cat.classes_],
            "allowed": {k: dict(sorted(v.items())) for k, v in sorted(allowed.items())}, "type_of": dict(sorted(type_of.items())),
            "C": c, "rows": len(rows), "encoder": DESCRIPTIONS[encoder], "encoder_name": encoder,
            "trained_on": sorted(r["id"] for r in rows)}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, sub_coef=m_sub.coef_.astype(np.float32), sub_intercept=m_sub.intercept_.astype(np.float32),
                        plover_coef=m_cat.coef_.astype(np.float32),
                        plover_intercept=m_cat.intercept_.astype(np.float32), meta=np.array(json.dumps(meta)))
    snippet_heads.load.cache_clear()
    return meta
