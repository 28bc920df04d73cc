"""Confusion table of evidence types on the sample corpus's hand-labelled attributions.

    .venv/bin/python benchmarks/evidence_confusion.py [--labels claimgraph/assets/sample/evidence.yaml]

Each labelled attribution (``evidence.yaml``: source, cue, content, evidence) is matched to the
extracted attribution meeting its source, cue and content (the acceptance checker's rules,
evidence left out); the table counts labelled (rows) against extracted (columns) types, "(none)"
when no extracted attribution matches. An accuracy table, not a speed one: it lives here
because it runs the pipeline over a corpus like the benchmarks do.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=str(REPO / "claimgraph/assets/sample/evidence.yaml"))
    ap.add_argument("--misses", action="store_true", help="also list each attribution typed wrong")
    args = ap.parse_args()
    import yaml

    from claimgraph.analyse.pipeline import build
    from claimgraph.evaluate.seeds import check_attribution

    spec = yaml.safe_load(Path(args.labels).read_text(encoding="utf-8"))
    corpus = Path(args.labels).parent / spec["corpus"]
    texts = {o["id"]: o["text"] for o in map(json.loads, corpus.read_text(encoding="utf-8").splitlines()) if o}
    nlp = build(["attribution", "actors"])
    table: Counter = Counter()
    for d in spec["documents"]:
        text = texts[d["jsonl_id"]]
        attrs = nlp(text)._.attributions
        for exp in d.get("attributions", []):
            want = exp["evidence"]
            plain = {k: v for k, v in exp.items() if k != "evidence"}
            got = "(none)"
            for a in attrs:
                if check_attribution(plain, [a], text)[0]:
                    got = a.evidence
                    break
            table[(want, got)] += 1
            if args.misses and got != want:
                found = next((a for a in attrs if check_attribution(plain, [a], text)[0]), None)
                print(f"{d['jsonl_id']}: labelled {want}, extracted {got}: {exp.get('source')} {exp.get('cue')}"
                      + (f" (cue {found.cue.text!r}, source {[x.text for x in found.sources]})" if found else ""))
    rows = sorted({w for w, _ in table})
    cols = sorted({g for _, g in table})
    width = max(len(c) for c in rows + cols) + 1
    print("labelled \\ extracted".ljust(width), *(c[:width].rjust(width) for c in cols))
    for r in rows:
        print(r.ljust(width), *(str(table[(r, c)]).rjust(width) for c in cols))
    right = sum(n for (w, g), n in table.items() if w == g)
    print(f"\n{right}/{sum(table.values())} right")


if __name__ == "__main__":
    main()
