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
from collections import Counter
from pathlib import Path
from typing import Optional

from ..analyse.events import arguments as event_args, category, triggers
from ..snippets import classify as snippet_rules
from . import OWN_DATA

OWN_PLOVER = OWN_DATA / "plover"

SNIPPETS = OWN_PLOVER / "conflict_snippets.jsonl"
MODEL = triggers.DATA / "model.json"
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


def parse_texts(texts: list[str]):
    nlp = base_nlp()
    return list(nlp.pipe(texts, batch_size=64))


def sentence_features(doc) -> tuple[list[str], Optional[triggers.Trigger], object]:
    """Features of a one-sentence record: the sentence holding the main event."""
    sents = list(doc.sents)
    best = None
    for i, sent in enumerate(sents):
        trig = triggers.find_triggers(sent)
        focus = category.focus_trigger(sent, trig)
        key = (focus is None, i)
        if best is None or key < best[0]:
            best = (key, sent, trig, focus)
    _, sent, trig, focus = best
    return category.features(sent, focus, trig), focus, sent


# --------------------------------------------------------------------------- training



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
    sentence-embedding head (:mod:`claimgraph.analyse.events.plover_head`), when it has one, joins the
    sparse model."""
    from ..analyse.events import plover_head as category_head

    docs = parse_texts([r["text"] for r in records])
    head = category_head.load(profile) if embedding and records else None
    vectors = category_head.vectors([r["text"] for r in records], profile) if head is not None else None
    out = []
    for k, (r, doc) in enumerate(zip(records, docs)):
        feats, focus, sent = sentence_features(doc)
        probs = category.predict_proba(feats, profile=profile)
        if vectors is not None:
            probs = category_head.combine(probs, vectors[k], head)
        cat = max(probs, key=probs.get) if probs else None
        cat, _ = category.armed_recast(focus, cat, None)
        src = tgt = None
        if focus is not None:
            s_tok, t_tok = event_args.arguments(focus)
            if s_tok is not None:
                lo, hi = event_args.actor_span(s_tok)
                src = doc.text[lo:hi]
            if t_tok is not None:
                lo, hi = event_args.actor_span(t_tok)
                tgt = doc.text[lo:hi]
        out.append({"id": r["id"], "gold": triggers.current_name(r["event"]), "predicted": cat,
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
    trained_texts = {k for p in category.PROFILES for k in (category.model(p) or {}).get("trained_on_text_sha1", ())}

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
    from ..analyse.events import plover_head as category_head

    return bool(embedding and category_head.load(profile) is not None)


def evaluate_sentences(path: Path = WIRE_TEST, profile: str = "plover", embedding: bool = True) -> dict:
    """Category accuracy and weighted F1 on a JSON-lines file of labelled sentences (``id``,
    ``text``, ``plover``: one sentence, one event, current PLOVER names), such as the clean wire
    test set. Every line is scored (a sentence the model was trained on is counted in
    ``used_in_training``, so a leak shows)."""
    rows = load_snippets(path)
    trained = set((category.model(profile) or {}).get("trained_on_text_sha1", ()))
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
    """PLOVER and ACLED accuracy of :func:`claimgraph.snippets.classify.classify_text` on snippets
    (``embedding=False``: the rules alone, without the sentence-embedding heads)."""
    from ..snippets import heads as snippet_heads

    rows = [s for s in load_snippets(path) if split == "all" or split_of(s["id"]) == split]
    nlp = base_nlp()
    res = snippet_rules.classify_texts(nlp, [s["text"] for s in rows], embedding=embedding)
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
