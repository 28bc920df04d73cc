"""Train the story scorer (:mod:`claimgraph.link.scorer`) on a labelled corpus.

    python -m claimgraph.training.stories --jsonl ../shared/stories/ecbplus_1-35.jsonl \\
        --db ecb.duckdb [--tune odd] [--out claimgraph/assets/story_scorer.json]

``--db`` is a DuckDB file in which the corpus was ingested and analysed (for instance by
``claimgraph eval stories --jsonl FILE --db ecb.duckdb``). Only the articles of the tuning
topics are used (ECB+ topic labels, odd or even topic numbers): linking is replayed as
:func:`claimgraph.link.stories.update` does it (articles in date order, candidate stories from
the centroid index), with the gold stories standing in for the predicted ones; every
(article, candidate story) pair is a training row labelled by whether the article belongs to
that story. A logistic regression is fitted on the rows, then the join threshold is the one
whose clustering of the tuning articles has the best B-cubed F1; the reference TF-IDF
average-link threshold is chosen the same way on the same articles. Tuning on odd topics, the
even ones stay held out for ``claimgraph eval stories``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np


def _profiles(db: Path, rows: list[dict]):
    from ..ingest import Article, read_inputs
    from ..ingestion import to_document
    from ..store import Corpus
    from ..link.stories import profile_documents
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "a.jsonl"
        keep = ("text", "title", "published", "outlet", "url")
        f.write_text("".join(json.dumps({k: r[k] for k in keep if r.get(k)}) + "\n" for r in rows), encoding="utf-8")
        ids = [to_document(a, {}).id for a in read_inputs([str(f)]) if isinstance(a, Article)]
    gold = {d: str(r["story"]) for d, r in zip(ids, rows)}
    with Corpus(db, read_only=True) as corpus:
        kinds = {a.id: a.kind for a in corpus.records("actor")}
        profiles = profile_documents(corpus, list(dict.fromkeys(ids)), kinds)
    profiles.sort(key=lambda p: (p.date or "9999", p.doc_id))
    return profiles, gold


def pair_rows(profiles, gold: dict) -> tuple[np.ndarray, np.ndarray]:
    """Features of every (article, candidate gold story) pair met while replaying the linking."""
    from ..model import Story
    from ..link import scorer
    from ..link.stories import StoryIndex, absorb

    index = StoryIndex([])
    stories: dict[str, Story] = {}
    xs, ys = [], []
    for p in profiles:
        for story, dense in index.candidates(p.vector):
            xs.append(scorer.features(p, story, dense))
            ys.append(int(story.id == gold[p.doc_id]))
        s = stories.setdefault(gold[p.doc_id], Story(id=gold[p.doc_id], title=""))
        absorb(s, p)
        index.update(s)
    return np.array(xs), np.array(ys)


def cluster(profiles, weights: dict) -> dict[str, str]:
    """Doc id -> story key, linking from scratch as :func:`claimgraph.link.stories.relink` does."""
    from ..link.stories import group

    return group(profiles, [], weights)


def train(jsonl: Path, db: Path, tune: str = "odd") -> dict:
    from ..evaluate.stories import ecb_split, read_labelled

    rows = read_labelled(jsonl)
    split = ecb_split([str(r["story"]) for r in rows], tune)
    if split is None:
        raise SystemExit("training needs ECB+ topic labels (12ecb, 12ecbplus) to split topics")
    rows = [rows[i] for i in split["tuned"]]
    profiles, gold = _profiles(db, rows)
    return fit(profiles, gold, rows, f"{jsonl.name}: {tune} ECB+ topics", tune)


def fit(profiles, gold: dict, rows: list[dict], source: str, tune: str) -> dict:
    """Weights and thresholds from profiled tuning articles (``gold``: doc id -> story label;
    ``rows``: the same articles as labelled input, for the reference clustering)."""
    from sklearn.linear_model import LogisticRegression

    from ..evaluate.stories import bcubed, tfidf_average_link
    from ..link import scorer

    x, y = pair_rows(profiles, gold)
    model = LogisticRegression(C=1.0, max_iter=3000).fit(x, y)
    weights = {"features": list(scorer.FEATURES), "coef": model.coef_[0], "intercept": float(model.intercept_[0])}
    best = (-1.0, 0.5)
    ds = [p.doc_id for p in profiles]
    for t in np.arange(0.10, 0.91, 0.05):
        weights["threshold"] = float(t)
        got = cluster(profiles, weights)
        f1 = bcubed([gold[d] for d in ds], [got[d] for d in ds])["f1"]
        best = max(best, (f1, round(float(t), 2)))
    texts = [r["text"] for r in rows]
    labels = [str(r["story"]) for r in rows]
    base = max((bcubed(labels, tfidf_average_link(texts, float(t)))["f1"], round(float(t), 2))
               for t in np.arange(0.50, 0.99, 0.02))
    return {"features": list(scorer.FEATURES), "coef": [round(float(c), 5) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 5), "threshold": best[1],
            "tuned_on": tune, "trained_on": f"{source}, {len(profiles)} articles, "
                                            f"{len(y)} article-story pairs ({int(y.sum())} positive)",
            "tuning_bcubed_f1": best[0], "baseline_threshold": base[1], "baseline_tuning_bcubed_f1": base[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jsonl", type=Path, required=True)
    ap.add_argument("--db", type=Path, required=True, help="DuckDB file holding the analysed corpus")
    ap.add_argument("--tune", choices=("odd", "even"), default="odd", help="ECB+ topics to train and tune on")
    from ..link.scorer import WEIGHTS

    ap.add_argument("--out", type=Path, default=WEIGHTS)
    args = ap.parse_args()
    w = train(args.jsonl, args.db, args.tune)
    args.out.write_text(json.dumps(w, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in w.items() if k != "coef"}, indent=1))


if __name__ == "__main__":
    main()
