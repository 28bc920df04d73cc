"""How story linking scales with corpus size.

A synthetic corpus (about three articles per story, five claims per article, random origins)
is linked as one chunk, with the function ``claimgraph.link.update`` and ``relink`` use
(``link_profiles``: two passes of candidate stories from the index (exact numpy search, then a
usearch HNSW index once there are many stories), the learned join probability over per-view
similarities and restatements; then membership, echo search (MinHash then alignment) and
recount per article), then every story is written to a DuckDB file. Vectors and texts are
synthetic (topic vector + noise, topic words + noise words), which isolates the linking cost;
the cost of embedding an article (MiniLM for its headline and lead, static vectors for its
claims) is measured separately on real sentences, and the cost of the sparse views and the
MinHash signature on the article texts themselves.

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
    from claimgraph.link import views as V
    from claimgraph.link.echoes import signature

    rng = np.random.default_rng(seed)
    n_topics = max(1, n // 3)
    topics = rng.normal(size=(n_topics, DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    vocab = [f"w{i}" for i in range(20000)]
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
            claims.append((SimpleNamespace(id=cid, content=SimpleNamespace(text=f"claim {j} of article {i}", start=0,
                                                                           end=10),
                                           polarity="asserted", certainty="certain"), near(0.04)))
            k = f"statement|actor{int(rng.integers(6))}_{t}"
            origins[cid] = {"key": k, "name": k, "actor_name": k, "via": []}
        day = f"2024-{1 + (t % 12):02d}-{1 + (t % 28):02d}"
        topic_words = [vocab[(t * 7 + k) % len(vocab)] for k in range(30)]
        text = " ".join(list(rng.choice(topic_words, 120)) + list(rng.choice(vocab, 180)))
        out.append(L.Profile(doc_id=f"d{i}", outlet=f"outlet{i % 40}", published=day, title=f"article {i}",
                             vector=near(0.03), claims=claims, origins=origins, date=day, dated_by="published",
                             views=V.article_views(None, text), places={str(t % 500)}, actors={f"a{t % 300}"},
                             figures=[], text=text, signature=signature(text)))
    return out


def link_all(profiles: list, db: Path) -> tuple[float, int]:
    from claimgraph.store import Corpus

    t0 = time.perf_counter()
    texts = {p.doc_id: p.text for p in profiles}
    stories = L.link_profiles(profiles, [], texts.get)
    corpus = Corpus(db)
    corpus.put_records(stories)
    corpus.close()
    return time.perf_counter() - t0, len(stories)


def profile_cost(n: int = 64) -> float:
    """Seconds per article of the sparse views, the date search and the MinHash signature, on
    the sample corpus's real texts."""
    import json

    from claimgraph.link import views as V
    from claimgraph.link.dating import find_date
    from claimgraph.link.echoes import signature

    sample = Path(__file__).resolve().parent.parent / "claimgraph" / "assets" / "sample" / "corpus.jsonl"
    texts = [json.loads(x)["text"] for x in sample.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = (texts * (n // max(1, len(texts)) + 1))[:n]
    V.article_views(None, texts[0])
    t0 = time.perf_counter()
    for t in texts:
        V.article_views(None, t)
        find_date(None, t)
        signature(t)
    return (time.perf_counter() - t0) / len(texts)


def embed_cost(n: int = 64) -> float:
    """Seconds per article of its vectors as linking computes them (:func:`profile_documents`):
    MiniLM for the headline and lead (many articles in one call, bounded texts, one thread,
    bfloat16 where native) and static vectors for ``CLAIMS_EMBEDDED`` claims."""
    from claimgraph.encoders.sentence import embed

    heads = [f"Officials said {i} drones were shot down overnight over the region, the ministry said."
             for i in range(n)]
    claims = [f"The ministry said {i} drones were shot down over the region." for i in range(n * L.CLAIMS_EMBEDDED)]
    embed(heads[:1])                                   # load the models outside the timing
    L.claim_vectors(claims[:1])
    t0 = time.perf_counter()
    embed(heads, batch_size=L.EMBED_BATCH, max_tokens=L.EMBED_TOKENS, threads=1, bfloat16=True)
    L.claim_vectors(claims)
    return (time.perf_counter() - t0) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    ap.add_argument("--no-embed", action="store_true", help="skip measuring the embedding cost per article")
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
    print(f"views, dating and MinHash: {profile_cost():.4f} s per article (sample texts)")
    if not args.no_embed:
        print(f"embedding: {embed_cost():.4f} s per article (MiniLM headline and lead, one thread; "
              f"static vectors for {L.CLAIMS_EMBEDDED} claims)")


if __name__ == "__main__":
    main()
