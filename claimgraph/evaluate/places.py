"""Geoparsing evaluation on corpora in the XML format of LGL (``../shared/geoparsing/lgl.xml``).

Each ``<article>`` has ``<text>`` and ``<toponyms>``; each ``<toponym>`` has ``<start>``/``<end>``
(character offsets), ``<phrase>`` and, when resolved, ``<gaztag geonameid=...>`` with
``<lat>``/``<lon>``.

* Toponym resolution: every gold span is resolved in its article's context
  (:mod:`claimgraph.analyse.places.geocoder`): all of the article's gold toponyms, plus the other
  places claimgraph's places component finds in its text (unless ``--no-geotag``), as the
  pipeline would; metrics
  over gold toponyms that have coordinates: accuracy at 161 km, mean and median error (km), and
  AUC of the error curve (Gritta et al. 2019: the area under ln(1 + error) / ln(20039), errors
  sorted; lower is better; unresolved counts as the maximum error).
* Geotagging: the spans claimgraph's places component finds (spaCy NER plus locative
  heuristics) against the gold spans: precision / recall / F1 of exact spans.

Split: :func:`split_of` puts each article in the ``choose`` part (about 60%: settings and the
ranker's training data come from it) or the ``report`` part (scored once per decision) by the
SHA-1 of its docid, so the parts are the same on every machine and for every corpus.
"""
from __future__ import annotations

import hashlib
import json
import math
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator, Optional

MAX_KM = 20039.0


SPLITS = ("all", "choose", "report")


def split_of(docid: str) -> str:
    """``choose`` for an article whose docid's SHA-1 ends in 0-5 of ten buckets, else ``report``."""
    return "choose" if int(hashlib.sha1(str(docid).encode("utf-8")).hexdigest(), 16) % 10 < 6 else "report"


def _float(x) -> Optional[float]:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def read(path: Path) -> Iterator[dict]:
    """Articles: ``{"docid", "title", "text", "toponyms": [{"start", "end", "phrase", "geonameid",
    "lat", "lon"}]}``.

    The LGL layout (``<article>`` / ``<toponyms>`` / ``<toponym>`` with ``<gaztag>``) is the one
    the issue names. The layouts of the other corpora of Gritta et al.'s collection are read
    too: GeoVirus (``<locations>`` / ``<location>`` with ``<start>``, ``<end>``, ``<name>``,
    ``<lat>``, ``<lon>``) and WikToR (``<page>`` with one ``<lat>``/``<lon>`` for all of its
    ``<toponymIndices>``)."""
    root = ET.parse(str(path)).getroot()
    units = list(root.iter("article")) or list(root.iter("page"))
    for n, art in enumerate(units):
        text = art.findtext("text") or ""
        tops = []
        page_lat, page_lon = _float(art.findtext("lat")), _float(art.findtext("lon"))
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            start, end = t.findtext("start"), t.findtext("end")
            if start is None or end is None:
                continue
            g = t.find("gaztag")
            gid = g.get("geonameid") if g is not None else None
            if g is not None:
                lat, lon = _float(g.findtext("lat")), _float(g.findtext("lon"))
            elif t.find("lat") is not None:
                lat, lon = _float(t.findtext("lat")), _float(t.findtext("lon"))
            else:                                   # WikToR: the page's coordinates
                lat, lon = page_lat, page_lon
            if lat is None or lon is None:
                lat = lon = None
            s, e = int(start), int(end)
            tops.append({"start": s, "end": e,
                         "phrase": t.findtext("phrase") or t.findtext("name") or text[s:e],
                         "geonameid": gid, "lat": lat, "lon": lon})
        yield {"docid": art.get("docid") or art.get("number") or str(n), "title": art.findtext("title") or "",
               "text": text, "toponyms": tops}


def auc(errors: list[float]) -> float:
    if not errors:
        return float("nan")
    ys = sorted(math.log(e + 1) / math.log(MAX_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    return sum((a + b) / 2 for a, b in zip(ys, ys[1:])) / (len(ys) - 1)


def evaluate(path: Path, predictions: Optional[Path] = None, geotag: bool = True, progress=None,
             split: str = "all") -> dict:
    from ..analyse.places.geocoder import haversine_km, resolve_names

    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    articles = [a for a in read(path) if split == "all" or split_of(a["docid"]) == split]
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
        found: list = []
        if nlp is not None:
            from ..analyse.pipeline import make_doc

            doc = nlp(make_doc(nlp, art["text"], {"doc_id": art["docid"], "published": None}))
            found = list(doc._.places or [])
            pred = {(p.mention.start, p.mention.end) for p in found}
            gold = {(t["start"], t["end"]) for t in tops}
            tp += len(pred & gold)
            fp += len(pred - gold)
            fn += len(gold - pred)
        # context: the gold toponyms, plus the other places the article names (when parsed)
        extra = [p.mention.text for p in found if p.role != "seat"
                 and not any(t["start"] < p.mention.end and p.mention.start < t["end"] for t in tops)]
        results = resolve_names(phrases + extra)[:len(phrases)]
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
        if progress:
            progress()
    if predictions:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        with open(predictions, "w", encoding="utf-8") as fh:
            for line in out_lines:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    res = {
        "file": str(path), "split": split, "articles": len(articles), "gold_toponyms": n_gold, "resolved": n_resolved,
        "accuracy_at_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else None,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(auc(errors), 4) if errors else None,
    }
    if geotag:
        res["geotagging"] = geotagging(tp, fp, fn)
    return res


def geotagging(tp: int, fp: int, fn: int) -> dict:
    """Geotagging precision, recall and F1 from span matches (rounded to four places)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


# --- hand-labelled news in JSON lines (``data/places/war_dev.jsonl``) ---------------------------

def read_jsonl(path: Path) -> Iterator[dict]:
    """Articles of a JSON-lines file: one ``{"id", "text", "toponyms": [{"start", "end", "phrase",
    "name", "country", ["admin1"], ["lat", "lon"]}]}`` a line (``data/places/README.md``)."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                art = json.loads(line)
                art.setdefault("id", str(n))
                yield art


def gold_point(top: dict) -> Optional[tuple[float, float]]:
    """A gold toponym's point: its own ``lat``/``lon`` when given, else the most populous
    gazetteer feature of its name in its country (and first-level division, when given)."""
    if top.get("lat") is not None and top.get("lon") is not None:
        return float(top["lat"]), float(top["lon"])
    from ..analyse.places.gazetteer import candidates, fold

    cs = [c for c in candidates(top["name"]) if not top.get("country") or c.get("country") == top["country"]]
    if top.get("admin1"):
        cs = [c for c in cs if c.get("admin1") == top["admin1"]] or cs
    exact = [c for c in cs if fold(c["name"]) == fold(top["name"])]
    cs = exact or cs
    if not cs:
        return None
    best = max(cs, key=lambda c: c.get("population") or 0)
    return best["lat"], best["lon"]


def _right(pred: Optional[dict], top: dict, point) -> bool:
    """Within 161 km of the gold point, or the gold name and country."""
    from ..analyse.places.gazetteer import fold
    from ..analyse.places.geocoder import haversine_km

    if not pred or pred.get("lat") is None:
        return False
    if point is not None and haversine_km(pred["lat"], pred["lon"], point[0], point[1]) <= 161:
        return True
    return bool(pred.get("name")) and fold(pred["name"]) == fold(top["name"]) and pred.get("country") == top.get("country")


def evaluate_jsonl(path: Path, geotag: bool = True, progress=None, details: bool = False) -> dict:
    """Geotagging P/R/F1 and accuracy on a JSON-lines file of hand-labelled articles.

    A found place matches a gold toponym when their spans overlap (one to one; nationality
    adjectives, role ``nationality``, are left out: the files do not label them). Accuracy: a
    gold toponym is right when a place found on it lies within 161 km of the gold point
    (:func:`gold_point`) or has the gold name and country; ``accuracy`` counts unfound gold
    toponyms as wrong, ``accuracy_found`` is over the found ones. With ``geotag=False`` the gold
    spans are resolved together (:func:`geocoder.resolve_names`) and only accuracy is given."""
    from ..analyse.places.geocoder import resolve_names

    articles = list(read_jsonl(path))
    tp = fp = fn = right = found_right = n_gold = 0
    misses: list = []
    nlp = None
    if geotag:
        from ..analyse.pipeline import build, make_doc

        nlp = build(("places",))
    for art in articles:
        text, tops = art["text"], art["toponyms"]
        n_gold += len(tops)
        points = [gold_point(t) for t in tops]
        if nlp is None:
            results = resolve_names([text[t["start"]:t["end"]] for t in tops])
            for t, r, pt in zip(tops, results, points):
                ok = _right(r["best"] if r else None, t, pt)
                right += ok
                if not ok:
                    misses.append({"id": art["id"], "phrase": t["phrase"], "got": (r["best"]["name"], r["best"]["country"]) if r else None})
            if progress:
                progress()
            continue
        doc = nlp(make_doc(nlp, text, {"doc_id": art["id"], "published": None}))
        preds = [p for p in (doc._.places or []) if p.role != "nationality"]
        used: set = set()
        for t, pt in zip(tops, points):
            match = next((k for k, p in enumerate(preds) if k not in used
                          and p.mention.start < t["end"] and t["start"] < p.mention.end), None)
            if match is None:
                fn += 1
                misses.append({"id": art["id"], "phrase": t["phrase"], "got": None})
                continue
            used.add(match)
            tp += 1
            p = preds[match]
            ok = _right({"lat": p.lat, "lon": p.lon, "name": p.name, "country": p.country}, t, pt)
            right += ok
            found_right += ok
            if not ok:
                misses.append({"id": art["id"], "phrase": t["phrase"], "got": (p.name, p.country)})
        for k, p in enumerate(preds):
            if k not in used:
                fp += 1
                misses.append({"id": art["id"], "phrase": p.mention.text, "got": (p.name, p.country), "false": True})
        if progress:
            progress()
    res = {"file": str(path), "articles": len(articles), "gold_toponyms": n_gold,
           "accuracy_at_161km": round(right / n_gold, 4) if n_gold else None}
    if geotag:
        res["accuracy_found"] = round(found_right / tp, 4) if tp else None
        res["geotagging"] = geotagging(tp, fp, fn)
    if details:
        res["errors"] = misses
    return res
