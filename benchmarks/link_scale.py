"""How story linking scales with corpus size.

A synthetic corpus (about three articles per story, five claims per article, random origins)
is linked article by article, exactly as ``claimgraph.link.update`` does after each ingest:
candidate stories from the index (exact numpy search, then a usearch HNSW index once there are
many stories), join score, membership, recount, then every story is written to a DuckDB file.
Vectors are synthetic (topic vector + noise), which isolates the linking cost; the MiniLM cost
per article is measured separately on real sentences.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/link_scale.py --sizes 1000 3000 10000
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from claimgraph.link import stories as L
from claimgraph.encoders.sentence import DIM


def synthetic_profiles(n: int, seed: int = 0) -> list:
    rng = np.random.default_rng(seed)
    n_topics = max(1, n // 3)
    topics = rng.normal(size=(n_topics, DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    out = []
    for i in range(n):
        t = int(rng.integers(n_topics))

        def near(scale):
            v = topics[t] + rng.normal(scale=scale, size=DIM).astype(np.float32)
            return v / np.linalg.norm(v)

        claims = []
        origins = {}
        for j in range(5):
            cid = f"c{i}_{j}"
            claims.append((SimpleNamespace(id=cid, content=SimpleNamespace(text=f"claim {j} of article {i}"),
                                           polarity="asserted", certainty="certain"), near(0.04)))
            k = f"statement|actor{int(rng.integers(6))}_{t}"
            origins[cid] = {"key": k, "name": k, "actor_name": k, "via": []}
        day = f"2024-{1 + (t % 12):02d}-{1 + (t % 28):02d}"
        out.append(L.Profile(doc_id=f"d{i}", outlet=f"outlet{i % 40}", published=day, title=f"article {i}",
                             vector=near(0.03), claims=claims, origins=origins, dates=[day],
                             places={str(t % 500)}, actors={f"a{t % 300}"}, figures=[],
                             events={("ASSAULT", str(t % 500))}))
    return out


def link_all(profiles: list, db: Path) -> tuple[float, int]:
    from claimgraph.store import Corpus

    t0 = time.perf_counter()
    index = L.StoryIndex([])
    all_stories = {}
    for p in profiles:
        best, best_score = None, -1.0
        for story, sim in index.candidates(p.vector):
            s = L.join_score(p, story, sim)
            if s > best_score:
                best, best_score = story, s
        if best is None or best_score < L.JOIN_THRESHOLD:
            best = L._new_story(p)
        L._add_member(best, p)
        index.update(best)
        all_stories[best.id] = best
    corpus = Corpus(db)
    corpus.put_records(list(all_stories.values()))
    corpus.close()
    return time.perf_counter() - t0, len(all_stories)


def embed_cost(n: int = 64) -> float:
    """Seconds of MiniLM per article (headline + five claims) on this machine."""
    from claimgraph.encoders.sentence import embed

    texts = [f"Officials said {i} drones were shot down overnight over the region, the ministry said."
             for i in range(6 * n)]
    embed(texts[:6])                                   # load the model outside the timing
    t0 = time.perf_counter()
    embed(texts)
    return (time.perf_counter() - t0) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--no-embed", action="store_true", help="skip measuring MiniLM cost per article")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            profiles = synthetic_profiles(n)
            secs, n_stories = link_all(profiles, Path(tmp) / f"link{n}.duckdb")
            rows.append((n, secs))
            print(f"{n:>6} articles  {secs:8.1f} s  {1000 * secs / n:6.2f} ms/article  {n_stories} stories "
                  f"(truth {max(1, n // 3)} topics)", flush=True)
    if len(rows) > 1:
        x = np.log([r[0] for r in rows])
        y = np.log([r[1] for r in rows])
        slope = float(np.polyfit(x, y, 1)[0])
        print(f"fitted exponent (time ~ n^k): k = {slope:.2f}")
    if not args.no_embed:
        print(f"MiniLM embedding: {embed_cost():.3f} s per article (headline + 5 claims), one thread")


if __name__ == "__main__":
    main()
