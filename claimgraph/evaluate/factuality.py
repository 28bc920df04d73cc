"""Event factuality on the UW / MEANTIME format (../shared/factuality): reading, scoring, training.

Input: JSON lines ``{"text": "tok tok ...", "targets": [{"span1": [i, j], "label": x}, ...]}``
with ``span1`` a token range into ``text.split(" ")`` and labels from -3 (certainly did not
happen) to +3 (certainly happened). Each sentence runs through the full claimgraph pipeline;
each target event is scored by :mod:`claimgraph.analyse.factuality` from the same analysis that
sets claim certainty and polarity (the claim around the event, its hedges, and what governs the
event in the parse). Metrics: MAE and Pearson r over all targets.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterator, Optional


#: the pipeline components the factuality features read
FACTUALITY_COMPONENTS = ("attribution", "certainty")


def read(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                obj = json.loads(line)
                if "text" not in obj or "targets" not in obj:
                    raise ValueError(f"{path}:{n}: each line needs 'text' and 'targets'")
                yield obj


def token_offsets(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for tok in text.split(" "):
        out.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return out


def targets_in_docs(path: Path, nlp=None, progress=None) -> Iterator[tuple[dict, object, list[tuple[int, int]]]]:
    """(line, analysed doc, character range of each target) for every line of a factuality file."""
    from ..analyse.pipeline import build, run

    # only what factuality reads: attributions and the claims built on them
    nlp = nlp or build(FACTUALITY_COMPONENTS)
    rows = list(read(path))
    items = [(r["text"], {"doc_id": f"s{i}", "published": None}) for i, r in enumerate(rows)]
    for r, doc in zip(rows, run(nlp, items, batch_size=64)):
        offs = token_offsets(r["text"])
        spans = []
        for t in r["targets"]:
            i, j = t["span1"]
            spans.append((offs[i][0], offs[j - 1][1]))
        if progress:
            progress()
        yield r, doc, spans


def evaluate(path: Path, predictions: Optional[Path] = None, nlp=None, progress=None,
             mode: str = "accurate") -> dict:
    """Predict every target's factuality with the learned model (``fast`` or ``accurate``) and
    score it."""
    from ..analyse.factuality import score_all

    gold, pred, out_lines = [], [], []
    for r, doc, spans in targets_in_docs(path, nlp, progress):
        targets = []
        scores = score_all(doc, spans, mode) if spans else []
        for t, p in zip(r["targets"], scores):
            p = round(float(p), 3)
            gold.append(float(t["label"]))
            pred.append(p)
            targets.append(dict(t, prediction=p))
        out_lines.append(dict(r, targets=targets))
    if predictions:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(predictions, "w", encoding="utf-8") as fh:
            for line in out_lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {"file": str(path), "mode": mode, "sentences": len(out_lines), "targets": len(gold), "mae": round(mae(gold, pred), 4),
            "pearson_r": round(pearson(gold, pred), 4)}


def mae(gold: list[float], pred: list[float]) -> float:
    return sum(abs(g - p) for g, p in zip(gold, pred)) / len(gold) if gold else float("nan")


def pearson(gold: list[float], pred: list[float]) -> float:
    n = len(gold)
    if n < 2:
        return float("nan")
    mg, mp = sum(gold) / n, sum(pred) / n
    cov = sum((g - mg) * (p - mp) for g, p in zip(gold, pred))
    vg = math.sqrt(sum((g - mg) ** 2 for g in gold))
    vp = math.sqrt(sum((p - mp) ** 2 for p in pred))
    return cov / (vg * vp) if vg and vp else float("nan")
