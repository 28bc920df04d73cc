"""Latency of every page and endpoint of `claimgraph serve` on a corpus of 1,000 articles.

The corpus: the bundled sample articles (and the two seed articles when ../shared/seeds is
there) are analysed once for real; their documents and records are then copied through the
store, each copy under new document and record ids, a later publication date and a numbered
outlet, until there are ``--articles`` documents (stories are copied with their members
re-pointed). The server runs on 127.0.0.1 in this process; each URL is requested ``--repeat``
times in turn, after one warm-up request, and p50/p95 are reported with p95 as a share of the
300 ms target. On a shared machine the wall-clock figures grow with the load (printed); the CPU
p95 column (CPU time of this process, server and client, all threads, per request) does not, and
bounds what one request costs on an idle core.

    nice -n 10 .venv/bin/python benchmarks/serve_latency.py [--articles 1000] [--repeat 20] [--db FILE]

``--db`` reuses (or keeps) the built corpus.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
TARGET_MS = 300.0


def seed_corpus(path: Path) -> None:
    from claimgraph.ingestion import ingest
    from claimgraph.store import Corpus

    inputs = [str(ROOT / "claimgraph" / "assets" / "sample" / "corpus.jsonl")]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.exists():
        inputs += [str(p) for p in sorted(seeds.glob("*.txt"))]
    with Corpus(path) as corpus:
        ingest(corpus, inputs)


def _new_id(old: str, k: int) -> str:
    return old if k == 0 else f"{old[:4]}{hashlib.sha1(f'{old}|{k}'.encode()).hexdigest()[:16]}"


def _remap(value, ids: dict):
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_remap(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _remap(v, ids) for k, v in value.items()}
    return value


def grow(path: Path, articles: int) -> None:
    """Copy the analysed documents and their records until there are ``articles`` documents."""
    from claimgraph.model import from_dict, to_dict
    from claimgraph.store import Corpus

    with Corpus(path) as corpus:
        base_docs = corpus.documents()
        by_doc = {d.id: [to_dict(r) for r in corpus.all_records(d.id)] for d in base_docs}
        stories = [to_dict(s) for s in corpus.records("story")]
        k, n = 1, len(base_docs)
        new_stories = []
        while n < articles:
            for d in base_docs:
                if n >= articles:
                    break
                ids = {d.id: _new_id(d.id, k)}
                ids.update({r["id"]: _new_id(r["id"], k) for r in by_doc[d.id]})
                doc = type(d)(**{**d.__dict__, "id": ids[d.id], "outlet": f"{d.outlet or 'Outlet'} {k}",
                                 "meta": {}})
                if d.published:
                    doc.published = (date.fromisoformat(d.published[:10]) + timedelta(days=7 * k)).isoformat()
                recs = [from_dict({**_remap(r, ids), "id": ids[r["id"]], "doc_id": ids[d.id]}) for r in by_doc[d.id]]
                corpus.add(doc, recs)
                n += 1
                for s in stories:
                    if any(m.get("doc_id") == d.id for m in s["members"]):
                        s.setdefault("_maps", {}).setdefault(k, {}).update(ids)
            k += 1
        for s in stories:
            for copy, ids in (s.pop("_maps", None) or {}).items():
                c = _remap({kk: v for kk, v in s.items() if kk not in ("vector", "claim_vectors", "pool")}, ids)
                c["id"] = f"{s['id']}_{copy}"
                c["members"] = [m for m in c["members"] if m.get("doc_id") in ids.values()]
                new_stories.append(from_dict(c))
        corpus.put_records(new_stories)


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def measure(base: str, urls: list[tuple[str, str, dict]], repeat: int) -> list[dict]:
    import httpx

    out = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, url, headers in urls:
            r = client.get(url, headers=headers)
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code} {r.text[:200]}")
            times, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                r = client.get(url, headers=headers)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            p95 = _p95(times)
            out.append({"name": name, "url": url, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
                        "p95_of_target": round(p95 / TARGET_MS, 3), "cpu_p95_ms": round(_p95(cpu), 1),
                        "bytes": len(r.content)})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="claimgraph-bench-")) / "bench.duckdb"
    if not db.exists():
        t0 = time.time()
        seed_corpus(db)
        print(f"analysed the seed corpus in {time.time() - t0:.0f} s", file=sys.stderr)
    t0 = time.time()
    grow(db, args.articles)
    print(f"corpus of {args.articles} articles ready in {time.time() - t0:.0f} s ({db})", file=sys.stderr)

    from claimgraph import core
    from claimgraph.server import create_app
    from live_server import running

    with core.open_read(db) as c:
        stats = c.stats()
        doc = max(core.documents(c, limit=100).rows, key=lambda d: d["attributions"])["id"]
        story = core.stories(c, limit=1).rows[0]["id"]
        place = core.places(c, limit=1).rows[0]["name"]
    html, js = {"Accept": "text/html"}, {"Accept": "application/json"}
    pages = [("home", "/"), ("documents", "/documents"), ("documents, page 10", "/documents?offset=450"),
             ("article", f"/documents/{doc}"), ("claims", "/claims"),
             ("claims filtered", "/claims?certainty=possible&min_depth=1"), ("claims by place", f"/claims?place={place}"),
             ("claims text search", "/claims?q=drones"), ("claims sorted, deep page", "/claims?sort=-depth&offset=2000"),
             ("events", "/events"), ("events by type", "/events?type=ASSAULT"), ("places", "/places"),
             ("actors", "/actors"), ("figures", "/figures"), ("stories", "/stories"), ("story", f"/stories/{story}"),
             ("map", "/map")]
    urls = [(f"{n} (HTML)", u, html) for n, u in pages] + [(f"{n} (JSON)", u, js) for n, u in pages]
    urls += [("openapi", "/openapi.json", js), ("export geojson", "/export/geojson", js),
             ("export acled", "/export/acled", js)]
    with running(create_app(db)) as base:
        results = measure(base, urls, args.repeat)
    if args.json:
        print(json.dumps({"articles": stats.get("documents"), "records": stats, "results": results}, indent=2))
        return
    import os

    print(f"{stats.get('documents')} articles, {stats.get('claim', 0)} claims, {stats.get('event', 0)} events, "
          f"{stats.get('story', 0)} stories; {args.repeat} requests each; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page / endpoint':34} {'p50 ms':>8} {'p95 ms':>8} {'p95/300ms':>10} {'CPU p95':>8} {'KB':>7}")
    for r in results:
        print(f"{r['name'][:34]:34} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['p95_of_target']:10.2f} "
              f"{r['cpu_p95_ms']:8.1f} {r['bytes'] / 1024:7.1f}")
    worst = max(results, key=lambda r: r["p95_ms"])
    print(f"slowest p95: {worst['name']} {worst['p95_ms']} ms ({worst['p95_of_target']:.2f} of the target)")


if __name__ == "__main__":
    main()
