"""PLOVER event classification: training the sentence classifier and scoring it.

Data
----
* The PLOVER gold standard records (``../shared/events/plover_gsr.json``: a JSON list, the
  first record a ``DOCUMENT`` note, then one record per sentence with ``id``, ``event`` in
  0.5-draft names, ``source``/``target`` actor lists with ``actorText``, ``text``).
* claimgraph's own labelled conflict snippets (``data/plover/conflict_snippets.jsonl``, written
  for claimgraph: ``id``, ``text``, ``plover``, ``mode``, ``acled_event_type``,
  ``acled_sub_event_type``).

Split
-----
Deterministic by id: ``sha1(id) mod 10 < 7`` is ``train`` (~70 %), the rest ``heldout``. Only
the train part is used to fit the model and to choose its regularisation (5-fold
cross-validation inside train). :func:`evaluate_plover` scores every record of a file whose id
the shipped model was not trained on, so the same command gives honest numbers on the gold file
(its held-out 30 %) and on any other file in that format. "Trained on" is decided by the
sentence text (a hash of it is stored in the model), so a new file that reuses ids is scored
whole.

Metrics: accuracy and weighted F1 of the category (0.5-draft names mapped to current PLOVER:
FIGHT->ASSAULT, DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE); actor match of source and
target: ``exact`` (case-insensitive, whole text) and ``overlap`` (the gold actor text and the
predicted text share their last word, or one contains the other).
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from pathlib import Path
from typing import Optional

from ..analyse import events as ev
from . import OWN_DATA

OWN_PLOVER = OWN_DATA / "plover"

SNIPPETS = OWN_PLOVER / "conflict_snippets.jsonl"
MODEL = ev.DATA / "model.json"
#: claimgraph's own wire-style sentences, one or more per CAMEO sub-code, labelled with the PLOVER
#: category the code maps to (see MODEL_CARD.md); all of them are training data
WIRE = tuple(OWN_PLOVER / f"wire_sentences_{k}.jsonl" for k in "abc")
#: a clean test set in the same style, written apart from them: never trained on
WIRE_TEST = OWN_PLOVER / "wire_sentences_test.jsonl"


def text_key(text: str) -> str:
    """What identifies a training sentence (ids may repeat across files; texts do not)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def split_of(record_id: str) -> str:
    return "train" if int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 10 < 7 else "heldout"


def load_plover(path: Path) -> list[dict]:
    """The event records of a PLOVER gold-standard file (DOCUMENT records skipped)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(raw, dict):
        raw = raw.get("records") or raw.get("data") or [raw]
    out = []
    for r in raw:
        if not isinstance(r, dict) or str(r.get("event", "")).upper() == "DOCUMENT" or not r.get("text"):
            continue
        out.append(r)
    return out


def load_snippets(path: Path = SNIPPETS) -> list[dict]:
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


#: where the two profiles' conventions differ, the label a wire sentence gets in the ``news``
#: model: the PLOVER 0.5 gold codes signing a formal agreement (CAMEO 057) as SUPPORT, claimgraph's
#: conflict snippets (and ACLED's "Agreement") as AGREE
NEWS_LABELS = {"057": "AGREE"}


def news_label(row: dict) -> dict:
    """A wire sentence as the ``news`` model is trained on it (see :data:`NEWS_LABELS`)."""
    code = str(row.get("cameo", ""))
    new = next((v for k, v in NEWS_LABELS.items() if code.startswith(k)), None)
    return {**row, "plover": new} if new else row


def load_wire(paths=WIRE) -> list[dict]:
    """The own wire-style training sentences (``id``, ``text``, ``plover``, ``cameo``, ``mode``)."""
    return [r for p in paths if Path(p).exists() for r in load_snippets(p)]


@__import__("functools").lru_cache(maxsize=1)
def base_nlp():
    from ..analyse.pipeline import load_base

    return load_base()


def _parse(texts: list[str]):
    nlp = base_nlp()
    return list(nlp.pipe(texts, batch_size=64))


def sentence_features(doc) -> tuple[list[str], Optional[ev.Trigger], object]:
    """Features of a one-sentence record: the sentence holding the main event."""
    sents = list(doc.sents)
    best = None
    for i, sent in enumerate(sents):
        trig = ev.find_triggers(sent)
        focus = ev.focus_trigger(sent, trig)
        key = (focus is None, i)
        if best is None or key < best[0]:
            best = (key, sent, trig, focus)
    _, sent, trig, focus = best
    return ev.features(sent, focus, trig), focus, sent


# --------------------------------------------------------------------------- training

def train(plover: Path, out: Path = MODEL, snippets: Path = SNIPPETS, verbose: bool = True,
          plover_out: Optional[Path] = None, heads_out: Optional[Path] = None, heads: bool = True) -> dict:
    """Fit the two category models on the train split and write them (see
    :data:`claimgraph.analyse.events.PROFILES`): ``out`` (the ``news`` model: gold train part, the
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
    plover_out = plover_out or out.with_name(ev.PROFILES["plover"])
    _fit(gold, wire, plover_out, verbose, folds=5)
    if heads:
        train_category_head(gold, wire, plover_out.with_name("plover_head.npz"), verbose)
        train_snippet_heads(snippets, heads_out or out.with_name("snippet_heads.npz"), verbose)
    return m


#: more labelled snippets for the embedding heads (not for the category model): the former second
#: clean test, a development set since its errors were read (eighth round), and ten batches by ten
#: new authors (ninth round, cg-snippet-1001..2500)
HEAD_SNIPPETS = (OWN_PLOVER / "conflict_snippets_dev2.jsonl", OWN_PLOVER / "conflict_snippets_dev3.jsonl")


def train_snippet_heads(snippets: Path = SNIPPETS, out: Optional[Path] = None, verbose: bool = True,
                        extra=HEAD_SNIPPETS) -> Optional[dict]:
    """Fit the sentence-embedding heads of ``classify-events`` on every row of ``snippets`` and
    ``extra`` (no split: the clean test files are the measure, see the model card); needs the
    encoder's packages (:data:`claimgraph.encoders.snippet_heads.ENCODER`)."""
    from ..encoders import snippet_heads
    from ..encoders.sentence import available, backend, embed

    enc = snippet_heads.ENCODER
    if not available(enc):
        if verbose:
            print(f"snippet heads not trained: {backend(enc)}")
        return None
    out = out or snippet_heads.HEADS
    rows = load_snippets(snippets) + [r for p in extra if Path(p).exists() for r in load_snippets(p)]
    vectors = embed([ev.clean_snippet(r["text"]) for r in rows], encoder=enc)
    meta = snippet_heads.fit(rows, vectors, out)
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
    from ..encoders import category_head
    from ..encoders.sentence import available, backend, embed

    enc = category_head.ENCODER
    if not available(enc):
        if verbose:
            print(f"category head not trained: {backend(enc)}")
        return None
    texts = [r["text"] for r in gold] + [r["text"] for r in rows]
    labels = [ev.current_name(r["event"]) for r in gold] + [r["plover"] for r in rows]
    if tuned:
        def progress(epoch, loss):
            if verbose:
                print(f"category head: tuning the encoder's adapters, epoch {epoch + 1}: loss {loss:.3f}", flush=True)
        meta = category_head.fit_tuned(texts, labels, out, progress=progress)
    else:
        meta = category_head.fit(texts, labels, embed(texts, encoder=enc), out, encoder=enc)
    if verbose:
        print(f"category head: {meta['rows']} sentences, weight {meta['weight']}, "
              f"{'tuned' if tuned else 'frozen'} encoder -> {out}")
    return meta


def _fit(gold: list[dict], snips: list[dict], out: Path, verbose: bool, folds: Optional[int] = None,
         score_all: bool = False, boosts=(0.0, 1.0, 2.0, 3.0, 5.0)) -> dict:
    """Fit the logistic-regression category model on ``gold`` + ``snips``; write ``out``."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    t0 = time.time()
    texts = [r["text"] for r in gold] + [s["text"] for s in snips]
    labels = [ev.current_name(r["event"]) for r in gold] + [s["plover"] for s in snips]
    ids = [r["id"] for r in gold] + [s["id"] for s in snips]
    feats = [sentence_features(d)[0] for d in _parse(texts)]
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
    ev.model.cache_clear()
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
    (:mod:`claimgraph.encoders.category_head`, inverse regularisation ``head_c``) is fitted on the same
    rows and its log-probabilities added with that weight, as the ``plover`` profile does; with
    ``tuned`` the encoder's adapters are tuned on each fold's training rows first, as ``train
    events`` does (about 4 minutes a fold on two cores). Never reads the held-out part or the
    clean tests."""
    import warnings

    import numpy as np
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
    y = np.array([ev.current_name(r["event"]) for r in gold] + [s["plover"] for s in snips])
    feats = [sentence_features(d)[0] for d in _parse(texts)]
    X = DictVectorizer().fit_transform([{f: 1 for f in fs} for fs in feats])
    classes = np.array(sorted(set(y)))
    own = np.array([[c in {f.split("=", 1)[1] for f in fs if f.startswith("main=")} for c in classes]
                    for fs in feats], dtype=float)
    g, s = np.arange(len(gold)), np.arange(len(gold), len(texts))
    Z = states = None
    if head_weight > 0:
        from ..encoders import category_head, tuned as tuned_encoder
        from ..encoders.sentence import embed

        head_c = head_c or category_head.C
        if tuned:       # each fold's vectors come from its own tuned encoder
            states = tuned_encoder.lower_states(texts)
        else:
            Z = embed(texts, encoder=category_head.ENCODER)
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
                        enc = tuned_encoder.tune([texts[i] for i in idx], [str(v) for v in y[idx]], seed=seed,
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


# --------------------------------------------------------------------------- scoring

def _f1_weighted(gold: list[str], pred: list[str]) -> tuple[float, dict]:
    labels = sorted(set(gold))
    per = {}
    total = 0.0
    for l in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == l and p == l)
        fp = sum(1 for g, p in zip(gold, pred) if g != l and p == l)
        fn = sum(1 for g, p in zip(gold, pred) if g == l and p != l)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        support = tp + fn
        per[l] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3), "support": support}
        total += f1 * support
    return (total / len(gold) if gold else 0.0), per


def actors_of(value) -> list[str]:
    """Actor texts of a gold ``source``/``target`` field (a list of dicts, a dict or a string)."""
    if not value:
        return []
    if isinstance(value, (str, dict)):
        value = [value]
    out = []
    for a in value:
        t = a.get("actorText") if isinstance(a, dict) else a
        if isinstance(t, str) and t.strip():
            out.append(t.strip())
    return out


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("'s", "").replace("the ", " ").split()).strip(" .,")


def actor_match(gold, pred: Optional[str]) -> tuple[bool, bool]:
    """(exact, overlap) of a predicted actor text against the gold actor field."""
    texts = actors_of(gold)
    if not texts:
        return (pred is None, pred is None)
    if not pred:
        return (False, False)
    p = _norm(pred)
    exact = any(_norm(t) == p for t in texts)
    overlap = exact or any(_norm(t) and (_norm(t) in p or p in _norm(t) or _norm(t).split()[-1] == p.split()[-1])
                           for t in texts if p)
    return exact, overlap


def predict_records(records: list[dict], profile: str = "plover", embedding: bool = True) -> list[dict]:
    """Category, trigger and actors of one-sentence records; with ``embedding`` the profile's
    sentence-embedding head (:mod:`claimgraph.encoders.category_head`), when it has one, joins the
    sparse model."""
    from ..encoders import category_head

    docs = _parse([r["text"] for r in records])
    head = category_head.load(profile) if embedding and records else None
    vectors = category_head.vectors([r["text"] for r in records], profile) if head is not None else None
    out = []
    for k, (r, doc) in enumerate(zip(records, docs)):
        feats, focus, sent = sentence_features(doc)
        probs = ev.predict_proba(feats, profile=profile)
        if vectors is not None:
            probs = category_head.combine(probs, vectors[k], head)
        cat = max(probs, key=probs.get) if probs else None
        cat, _ = ev.armed_recast(focus, cat, None)
        src = tgt = None
        if focus is not None:
            s_tok, t_tok = ev.arguments(focus)
            if s_tok is not None:
                lo, hi = ev.actor_span(s_tok)
                src = doc.text[lo:hi]
            if t_tok is not None:
                lo, hi = ev.actor_span(t_tok)
                tgt = doc.text[lo:hi]
        out.append({"id": r["id"], "gold": ev.current_name(r["event"]), "predicted": cat,
                    "trigger": doc[focus.start:focus.end].text if focus is not None else None,
                    "source": src, "target": tgt,
                    "gold_source": actors_of(r.get("source")), "gold_target": actors_of(r.get("target"))})
    return out


def evaluate_plover(path: Path, split: str = "unseen", details: bool = False, profile: str = "plover",
                    embedding: bool = True) -> dict:
    """Score category and actors on the records of ``path`` (see the module docstring).

    ``split``: ``unseen`` (records neither shipped model was trained on; default), ``heldout`` /
    ``train`` (by the id hash), or ``all``. ``profile``: the category model (``plover``, trained on
    PLOVER gold records only, default; ``news``, the one of the pipeline and classify-events)."""
    records = load_plover(path)
    trained_texts = {k for p in ev.PROFILES for k in (ev.model(p) or {}).get("trained_on_text_sha1", ())}

    def was_trained(r: dict) -> bool:
        return text_key(r["text"]) in trained_texts

    if split == "unseen":
        chosen = [r for r in records if not was_trained(r)]
    elif split in ("heldout", "train"):
        chosen = [r for r in records if split_of(r["id"]) == split]
    elif split == "all":
        chosen = records
    else:
        raise ValueError(f"unknown split {split!r}")
    preds = predict_records(chosen, profile=profile, embedding=embedding)
    gold = [p["gold"] for p in preds]
    pred = [p["predicted"] or "NONE" for p in preds]
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    f1w, per = _f1_weighted(gold, pred)
    src = [actor_match(r.get("source"), p["source"]) for r, p in zip(chosen, preds)]
    tgt = [actor_match(r.get("target"), p["target"]) for r, p in zip(chosen, preds)]
    n = len(chosen) or 1
    res = {"file": str(path), "split": split, "model": profile, "embedding_head": _uses_head(profile, embedding),
           "records": len(records), "scored": len(chosen),
           "used_in_training": sum(1 for r in records if was_trained(r)),
           "accuracy": round(acc, 4), "f1_weighted": round(f1w, 4),
           "source_exact": round(sum(e for e, _ in src) / n, 4), "source_overlap": round(sum(o for _, o in src) / n, 4),
           "target_exact": round(sum(e for e, _ in tgt) / n, 4), "target_overlap": round(sum(o for _, o in tgt) / n, 4),
           "per_category": per,
           "confusions": Counter(f"{g}->{p}" for g, p in zip(gold, pred) if g != p).most_common(10)}
    if details:
        res["predictions"] = preds
    return res


def _uses_head(profile: str, embedding: bool) -> bool:
    from ..encoders import category_head

    return bool(embedding and category_head.load(profile) is not None)


def evaluate_sentences(path: Path = WIRE_TEST, profile: str = "plover", embedding: bool = True) -> dict:
    """Category accuracy and weighted F1 on a JSON-lines file of labelled sentences (``id``,
    ``text``, ``plover``: one sentence, one event, current PLOVER names), such as the clean wire
    test set. Every line is scored (a sentence the model was trained on is counted in
    ``used_in_training``, so a leak shows)."""
    rows = load_snippets(path)
    trained = set((ev.model(profile) or {}).get("trained_on_text_sha1", ()))
    preds = predict_records([{"id": r["id"], "text": r["text"], "event": r["plover"]} for r in rows], profile=profile,
                            embedding=embedding)
    gold = [p["gold"] for p in preds]
    pred = [p["predicted"] or "NONE" for p in preds]
    f1w, per = _f1_weighted(gold, pred)
    return {"file": str(path), "model": profile, "embedding_head": _uses_head(profile, embedding), "scored": len(rows),
            "used_in_training": sum(text_key(r["text"]) in trained for r in rows),
            "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / (len(gold) or 1), 4),
            "f1_weighted": round(f1w, 4), "per_category": per,
            "confusions": Counter(f"{g}->{p}" for g, p in zip(gold, pred) if g != p).most_common(10)}


def evaluate_snippets(path: Path = SNIPPETS, split: str = "heldout", embedding: bool = True) -> dict:
    """PLOVER and ACLED accuracy of :func:`claimgraph.analyse.events.classify_text` on snippets
    (``embedding=False``: the rules alone, without the sentence-embedding heads)."""
    from ..encoders import snippet_heads

    rows = [s for s in load_snippets(path) if split == "all" or split_of(s["id"]) == split]
    nlp = base_nlp()
    res = ev.classify_texts(nlp, [s["text"] for s in rows], embedding=embedding)
    n = len(rows) or 1
    return {"file": str(path), "split": split, "snippets": len(rows),
            "embedding_heads": bool(embedding and snippet_heads.available()),
            "decided_by_embedding": sum(r["by"] == "rules+embedding" for r in res),
            "plover_accuracy": round(sum(r["plover"] == s["plover"] for r, s in zip(res, rows)) / n, 4),
            "acled_type_accuracy": round(sum(r["acled_event_type"] == s["acled_event_type"] for r, s in zip(res, rows)) / n, 4),
            "acled_sub_event_accuracy": round(sum(r["acled_sub_event_type"] == s["acled_sub_event_type"]
                                                  for r, s in zip(res, rows)) / n, 4),
            "errors": [{"text": s["text"], "gold": [s["plover"], s["acled_sub_event_type"]],
                        "predicted": [r["plover"], r["acled_sub_event_type"]]}
                       for r, s in zip(res, rows)
                       if r["plover"] != s["plover"] or r["acled_sub_event_type"] != s["acled_sub_event_type"]]}
