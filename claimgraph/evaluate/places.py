"""Geoparsing evaluation on corpora in the XML format of LGL (``../shared/geoparsing/lgl.xml``).

Each ``<article>`` has ``<text>`` and ``<toponyms>``; each ``<toponym>`` has ``<start>``/``<end>``
(character offsets), ``<phrase>`` and, when resolved, ``<gaztag geonameid=...>`` with
``<lat>``/``<lon>``.

* Toponym resolution: every gold span is resolved in its article's context
  (:mod:`claimgraph.analyse.geocode`, all of an article's gold toponyms as context); metrics
  over gold toponyms that have coordinates: accuracy at 161 km, mean and median error (km), and
  AUC of the error curve (Gritta et al. 2019: the area under ln(1 + error) / ln(20039), errors
  sorted; lower is better; unresolved counts as the maximum error).
* Geotagging: the spans claimgraph's places component finds (spaCy NER plus locative
  heuristics) against the gold spans: precision / recall / F1 of exact spans.
"""
from __future__ import annotations

import json
import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator, Optional

MAX_KM = 20039.0


def read(path: Path) -> Iterator[dict]:
    """Articles: ``{"docid", "title", "text", "toponyms": [{"start", "end", "phrase", "geonameid",
    "lat", "lon"}]}``."""
    root = ET.parse(str(path)).getroot()
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            lat = lon = gid = None
            if g is not None:
                gid = g.get("geonameid")
                try:
                    lat, lon = float(g.findtext("lat")), float(g.findtext("lon"))
                except (TypeError, ValueError):
                    lat = lon = None
            tops.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")),
                         "phrase": t.findtext("phrase") or "", "geonameid": gid, "lat": lat, "lon": lon})
        yield {"docid": art.get("docid") or str(n), "title": art.findtext("title") or "", "text": text,
               "toponyms": tops}


def auc(errors: list[float]) -> float:
    if not errors:
        return float("nan")
    ys = sorted(math.log(e + 1) / math.log(MAX_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    return sum((a + b) / 2 for a, b in zip(ys, ys[1:])) / (len(ys) - 1)


def evaluate(path: Path, predictions: Optional[Path] = None, geotag: bool = True, progress=None) -> dict:
    from ..analyse.geocode import haversine_km, resolve_names

    articles = list(read(path))
    errors, n_gold, n_resolved = [], 0, 0
    out_lines = []
    tp = fp = fn = 0
    nlp = None
    if geotag:
        from ..analyse.pipeline import build

        nlp = build(("places",))
    for art in articles:
        tops = art["toponyms"]
        phrases = [art["text"][t["start"]:t["end"]] or t["phrase"] for t in tops]
        results = resolve_names(phrases)
        for t, r in zip(tops, results):
            best = r["best"] if r else None
            out_lines.append({"docid": art["docid"], "start": t["start"], "end": t["end"], "phrase": t["phrase"],
                              "geonameid": best.get("geonameid") if best else None,
                              "lat": best["lat"] if best else None, "lon": best["lon"] if best else None})
            if t["lat"] is None:
                continue
            n_gold += 1
            if best is None:
                errors.append(MAX_KM)
                continue
            n_resolved += 1
            errors.append(haversine_km(best["lat"], best["lon"], t["lat"], t["lon"]))
        if nlp is not None:
            from ..analyse.pipeline import make_doc

            doc = nlp(make_doc(nlp, art["text"], {"doc_id": art["docid"], "published": None}))
            pred = {(p.mention.start, p.mention.end) for p in (doc._.places or [])}
            gold = {(t["start"], t["end"]) for t in tops}
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
        if progress:
            progress()
    if predictions:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(predictions, "w", encoding="utf-8") as fh:
            for line in out_lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    res = {
        "file": str(path), "articles": len(articles), "gold_toponyms": n_gold, "resolved": n_resolved,
        "accuracy_at_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(auc(errors), 4) if errors else None,
    }
    if geotag:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        res["geotagging"] = {"precision": round(p, 4), "recall": round(r, 4),
                             "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}
    return res
