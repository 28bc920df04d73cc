"""Story linking against hand-written story structure (the ``stories:`` section of a spec such
as ``claimgraph/assets/sample/expected.yaml``).

Metrics:

* pairwise precision / recall / F1 of story membership over articles: a pair of articles is
  positive when both are in one expected story; predicted positive when one stored story holds
  both;
* origin-count accuracy: for each expected story, the stored story holding most of its articles
  has exactly the expected number of independent origins;
* echo precision / recall: articles marked as echoes.
"""
from __future__ import annotations

from itertools import combinations
from pathlib import Path


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score(expected: list[dict], stories: list, doc_ids: dict[str, str]) -> dict:
    """``expected``: [{id, members: [key], independent_origins, echoes: [key]}]; ``doc_ids``
    maps the spec's keys to stored document ids."""
    key_of = {v: k for k, v in doc_ids.items()}
    gold_story = {m: e["id"] for e in expected for m in e.get("members", [])}
    pred_story: dict[str, set] = {}
    for s in stories:
        for did in {m["doc_id"] for m in s.members}:
            if did in key_of:
                pred_story.setdefault(key_of[did], set()).add(s.id)
    keys = sorted(gold_story)
    tp = fp = fn = 0
    for a, b in combinations(keys, 2):
        gold = gold_story[a] == gold_story[b]
        pred = bool(pred_story.get(a, set()) & pred_story.get(b, set()))
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    origin_rows = []
    for e in expected:
        best, overlap = None, 0
        for s in stories:
            got = {key_of.get(m["doc_id"]) for m in s.members}
            n = len(got & set(e.get("members", [])))
            if n > overlap:
                best, overlap = s, n
        got_n = len(best.origins) if best else 0
        origin_rows.append({"story": e["id"], "expected": e.get("independent_origins"), "predicted": got_n,
                            "correct": got_n == e.get("independent_origins")})
    gold_echo = {k for e in expected for k in e.get("echoes", [])}
    pred_echo = {key_of[x["doc_id"]] for s in stories for x in s.echoes if x["doc_id"] in key_of}
    pred_echo &= set(keys)
    return {
        "pairwise": _prf(tp, fp, fn),
        "origin_count_accuracy": round(sum(r["correct"] for r in origin_rows) / len(origin_rows), 4) if origin_rows else None,
        "origins": origin_rows,
        "echoes": _prf(len(gold_echo & pred_echo), len(pred_echo - gold_echo), len(gold_echo - pred_echo)),
    }


def evaluate(spec_path: Path, db: Path | None = None) -> dict:
    """Ingest the spec's corpus into a fresh (or given) store, link it, and score its stories."""
    import tempfile

    from ..store import Corpus
    from . import seeds

    spec = seeds.load_spec(spec_path)
    if not spec.get("stories"):
        raise ValueError(f"{spec_path} has no `stories:` section")
    with tempfile.TemporaryDirectory(prefix="claimgraph-stories-") as tmp:
        db = db or Path(tmp) / "stories.duckdb"
        seeds.run(spec_path, db=db)               # ingests, analyses and links the corpus
        corpus = Corpus(db, read_only=True)
        try:
            doc_ids = {}
            for key, meta, path, obj in seeds._inputs(spec, spec_path, None):
                doc_ids[key] = seeds.document_id(obj, meta, path)
            return score(spec["stories"], corpus.records("story"), doc_ids)
        finally:
            corpus.close()
