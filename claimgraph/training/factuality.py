"""Train the event-factuality regressors (:mod:`claimgraph.analyse.factuality`): ridge layers over
hashed parse features (and, in ``accurate`` mode, contextual vectors), then boosted trees over
their out-of-fold scores. Reads factuality files (../shared/factuality) and writes
``<mode>.npz`` / ``<mode>.json`` into the directory it is given."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import numpy as np

from ..analyse import factuality as fm
from ..analyse.factuality import N_HASH, FactualityModel, Trees, hash_features
from ..evaluate.factuality import targets_in_docs


def trees_from_sklearn(gb) -> Trees:
    """The trees of a fitted HistGradientBoostingRegressor as plain arrays."""
    cols = {k: [] for k in Trees.FIELDS}
    roots, offset = [], 0
    for (pred,) in gb._predictors:
        n = pred.nodes
        roots.append(offset)
        cols["feature"].append(n["feature_idx"].astype(np.int32))
        cols["threshold"].append(n["num_threshold"].astype(np.float64))
        cols["left"].append((n["left"] + offset).astype(np.int32))
        cols["right"].append((n["right"] + offset).astype(np.int32))
        cols["leaf"].append(n["is_leaf"].astype(bool))
        cols["value"].append(n["value"].astype(np.float64))
        cols["missing_left"].append(n["missing_go_to_left"].astype(bool))
        offset += len(n)
    return Trees({k: np.concatenate(v) for k, v in cols.items()}, np.array(roots, dtype=np.int32),
               float(np.ravel(gb._baseline_prediction)[0]))


def save(model: FactualityModel, directory: Path) -> None:
    """Write ``model`` as ``<mode>.npz`` and ``<mode>.json`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    arrays = dict(sparse_w=model.sparse_w.astype(np.float32), dense_w=model.dense_w, bias=np.array(model.bias))
    if model.emb_w is not None:
        arrays.update(emb_w=model.emb_w, emb_bias=np.array(model.emb_bias))
    arrays.update({f"tree_{k}": v for k, v in model.trees.a.items()})
    arrays.update(tree_roots=model.trees.roots, tree_baseline=np.array(model.trees.baseline))
    np.savez_compressed(directory / f"{model.mode}.npz", **arrays)
    (directory / f"{model.mode}.json").write_text(json.dumps(model.meta, indent=2) + "\n", encoding="utf-8")


def design_matrix(items: list[tuple[list[str], list[float]]]):
    """Sparse design matrix for the first ridge layer: binary hashed features, dense columns."""
    import scipy.sparse as sp

    ind, ptr = [], [0]
    for feats, _ in items:
        ind.extend(np.unique(hash_features(feats)).tolist())
        ptr.append(len(ind))
    X = sp.csr_matrix((np.ones(len(ind)), ind, ptr), shape=(len(items), N_HASH))
    D = np.array([d for _, d in items], dtype=np.float64)
    return sp.hstack([X, sp.csr_matrix(D)]).tocsr(), D


def _ridge_with_oof(X, y, groups, alpha: float, folds: int):
    """A ridge fit on everything, and its out-of-fold predictions (for the stage above it)."""
    from sklearn.linear_model import Ridge

    oof = np.zeros(len(y))
    for k in range(folds):
        te = (groups % folds) == k
        oof[te] = Ridge(alpha=alpha).fit(X[~te], y[~te]).predict(X[te])
    return Ridge(alpha=alpha).fit(X, y), oof


def train(items: list[tuple[list[str], list[float]]], labels: list[float], groups: list[int],
          emb: Optional[np.ndarray] = None, alpha: float = 30.0, emb_alpha: float = 30.0, folds: int = 5,
          meta: Optional[dict] = None) -> FactualityModel:
    """Fit the ridge layers, then the tree layer on their out-of-fold scores (``groups`` keeps the
    targets of one sentence in one fold). With ``emb`` (one contextual vector per target) the
    model is the ``accurate`` one."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    X, D = design_matrix(items)
    y = np.asarray(labels, dtype=np.float64)
    g = np.asarray(groups)
    ridge, oof = _ridge_with_oof(X, y, g, alpha, folds)
    stage_in = [oof]
    emb_ridge = None
    if emb is not None:
        emb_ridge, emb_oof = _ridge_with_oof(emb, y, g, emb_alpha, folds)
        stage_in.append(emb_oof)
    gb = HistGradientBoostingRegressor(loss="absolute_error", max_iter=300, learning_rate=0.05,
                                       max_leaf_nodes=15, random_state=0).fit(np.column_stack(stage_in + [D]), y)
    nd = D.shape[1]
    return FactualityModel(ridge.coef_[:N_HASH], ridge.coef_[N_HASH:], float(ridge.intercept_), trees_from_sklearn(gb),
                           dict(meta or {}, alpha=alpha, emb_alpha=emb_alpha if emb is not None else None,
                                n_hash=N_HASH, n_dense=int(nd)),
                           emb_ridge.coef_ if emb_ridge is not None else None,
                           float(emb_ridge.intercept_) if emb_ridge is not None else 0.0)


def train_model(paths: list[Path], out_dir: Path, nlp=None, progress=None,
                modes: tuple[str, ...] = ("fast", "accurate")) -> dict:
    """Train the factuality regressors on factuality files and save them into ``out_dir``. Returns each mode's metadata."""
    import numpy as np

    items, labels, groups, embs = [], [], [], []
    n_sent = 0
    for path in paths:
        for r, doc, spans in targets_in_docs(path, nlp, progress):
            for t, (s, e) in zip(r["targets"], spans):
                items.append(fm.features(doc, s, e))
                labels.append(float(t["label"]))
                groups.append(n_sent)
            if "accurate" in modes and spans:
                embs.append(fm.embed_events(doc, spans))
            n_sent += 1
    meta = {"trained_on": ["/".join(Path(p).parts[-2:]) for p in paths], "sentences": n_sent, "targets": len(labels)}
    out = {}
    for mode in modes:
        emb = np.concatenate(embs) if mode == "accurate" else None
        model = train(items, labels, groups, emb=emb, meta=dict(meta, mode=mode))
        save(model, out_dir)
        out[mode] = model.meta
    fm.model.cache_clear()
    return out
