"""Language identification: accuracy, English-vs-not, speed and memory of candidate detectors.

    nice -n 10 python benchmarks/language_id.py [--detectors langdetect lingua-low ...]
        [--limit N] [--json out.json]

Every detector runs in its own fresh subprocess (so its peak RSS is its own) on the same inputs:

* ``data/language/*.tsv``: own news-shaped items in 22 languages (headlines, single sentences,
  3-4 sentence paragraphs, 2-4 word "short" items) plus ``hard.tsv`` (English full of foreign
  names and transliterations, English translated word for word, very short texts);
* the English news texts in ``../shared`` (PolNeAR dev and train ``text/``, ECB+ topics 1-35
  ``text``): how often real English articles are labelled something else, on their first 2,000
  and first 5,000 characters, and the time per document for each length.

Every detector sees text the way ``claimgraph.ingest.language`` prepares it (the first N
characters; fewer than 20 letters answers None) and a None or any code that is not the gold one
counts as wrong. Chinese codes are compared on their first part (langdetect says ``zh-cn``).

Detectors (lingua is not a claimgraph dependency: ``pip install lingua-language-detector``;
measured with 2.1.1):

* ``langdetect``: langdetect 1.0.9, ``DetectorFactory.seed = 0`` (what ingest ran before);
* ``lingua-low``: lingua, all 75 languages, low-accuracy mode (trigram models only), models
  loaded lazily as a script's candidates are first needed;
* ``lingua-high``: lingua, all 75 languages, high-accuracy mode, lazy loading;
* ``lingua-low-news`` / ``lingua-high-news``: lingua, low / high accuracy, restricted to 30
  languages of news users (``NEWS_LANGUAGES``, fixed before the first run). ``other.tsv`` holds
  items in four languages outside that set (Indonesian, Vietnamese, Swahili, Tagalog): the
  restricted detectors cannot get them right, and what matters is that they do not call them
  English.

Each subprocess first runs the shared English articles, then the own set. RSS is the process's
peak (``ru_maxrss``) after the articles and after everything (the interpreter alone is about
25 MB): lingua's high-accuracy mode scores texts under 120 characters with 1- to 5-gram models
and loads those of every candidate language on the first such text, so the own set's headlines
cost it far more memory and time than articles do ("own set s" includes that loading). "load s"
is building the detector and answering one article. Times are wall seconds on a shared machine:
compare detectors within one run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data" / "language"
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", REPO.parent / "shared"))
DETECTORS = ("langdetect", "lingua-low", "lingua-low-news", "lingua-high", "lingua-high-news")
NEWS_LANGUAGES = ("en", "ru", "uk", "be", "de", "fr", "es", "pt", "ca", "it", "pl", "cs", "sk",
                  "sr", "hr", "bs", "sl", "bg", "mk", "ro", "hu", "nl", "sv", "ar", "fa", "he",
                  "tr", "zh", "ja", "ko")
BUCKETS = ("short", "headline", "sentence", "paragraph")
MIN_LETTERS = 20


def own_items() -> list[dict]:
    items = []
    for path in sorted(DATA.glob("*.tsv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines[1:], start=2):
            lang, kind, text = line.split("\t")
            items.append({"id": f"{path.stem}:{n}", "lang": lang, "kind": kind, "text": text,
                          "hard": path.stem == "hard"})
    return items


def shared_english(limit: int | None) -> list[str]:
    texts = []
    for split in ("dev", "train"):
        texts += [p.read_text(encoding="utf-8", errors="replace")
                  for p in sorted((SHARED / "polnear" / split / "text").glob("*.txt"))]
    ecb = SHARED / "stories" / "ecbplus_1-35.jsonl"
    if ecb.exists():
        texts += [json.loads(line)["text"] for line in ecb.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


def build(name: str):
    """A function text -> code or None for the named detector (the text is already cut)."""
    if name == "langdetect":
        from langdetect import DetectorFactory, LangDetectException, detect

        def run(text: str):
            DetectorFactory.seed = 0
            try:
                return detect(text)
            except LangDetectException:
                return None
        return run
    try:
        from lingua import IsoCode639_1, LanguageDetectorBuilder
    except ImportError:
        raise SystemExit("lingua is not installed (pip install lingua-language-detector)")

    if name == "lingua-low":
        detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    elif name == "lingua-high":
        detector = LanguageDetectorBuilder.from_all_languages().build()
    elif name in ("lingua-low-news", "lingua-high-news"):
        codes = [getattr(IsoCode639_1, c.upper()) for c in NEWS_LANGUAGES]
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        if name == "lingua-low-news":
            builder = builder.with_low_accuracy_mode()
        detector = builder.build()
    else:
        raise SystemExit(f"unknown detector {name!r}; choose from {', '.join(DETECTORS)}")

    def run(text: str):
        lang = detector.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang is not None else None
    return run


def answer(run, text: str, chars: int):
    sample = text[:chars]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    return run(sample)


def same(pred, gold) -> bool:
    return pred is not None and pred.split("-")[0] == gold


def worker(name: str, limit: int | None) -> dict:
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    items, english = own_items(), shared_english(limit)
    t0 = time.perf_counter()
    run = build(name)
    answer(run, english[0], 5000)
    out = {"detector": name, "build_s": time.perf_counter() - t0}
    for chars in (2000, 5000):
        t0 = time.perf_counter()
        labels = [answer(run, t, chars) for t in english]
        out[f"shared_{chars}"] = {"s_per_doc": (time.perf_counter() - t0) / len(english),
                                  "n": len(english),
                                  "labels": Counter(str(x) for x in labels)}
    out["rss_articles_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    preds = [answer(run, it["text"], 5000) for it in items]
    out["own_s"] = time.perf_counter() - t0
    out["deterministic"] = preds == [answer(run, it["text"], 5000) for it in items]
    raw = [run(it["text"]) for it in items]
    out["own"] = [{"id": it["id"], "pred": p, "raw": r} for it, p, r in zip(items, preds, raw)]
    out["rss_start_mb"] = rss_start / 1024
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def score(result: dict, items: list[dict]) -> dict:
    gold = {it["id"]: it for it in items}
    right, total = Counter(), Counter()
    per_lang, tp, fp, fn = Counter(), 0, 0, 0
    lang_total = Counter()
    confusions, en_missed = Counter(), []
    for row in result["own"]:
        it, pred = gold[row["id"]], row["pred"]
        ok = same(pred, it["lang"])
        total["raw " + it["kind"]] += 1
        right["raw " + it["kind"]] += same(row["raw"], it["lang"])
        if it["lang"] == "en" and not ok:
            en_missed.append(f"{row['id']}={pred}")
        for key in ("all", it["kind"], "hard" if it["hard"] else "clean"):
            total[key] += 1
            right[key] += ok
        lang_total[it["lang"]] += 1
        per_lang[it["lang"]] += ok
        if not ok:
            confusions[f"{it['lang']}->{pred}"] += 1
        is_en, said_en = it["lang"] == "en", same(pred, "en")
        tp += is_en and said_en
        fp += (not is_en) and said_en
        fn += is_en and not said_en
    return {"acc": {k: (right[k] / total[k], right[k], total[k]) for k in total},
            "per_lang": {k: (per_lang[k], lang_total[k]) for k in sorted(lang_total)},
            "en_p": tp / (tp + fp) if tp + fp else 0.0, "en_r": tp / (tp + fn) if tp + fn else 0.0,
            "en_counts": (tp, fp, fn), "confusions": confusions.most_common(12),
            "en_missed": en_missed}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--detectors", nargs="+", default=list(DETECTORS), choices=DETECTORS)
    ap.add_argument("--limit", type=int, help="use only the first N shared English texts")
    ap.add_argument("--json", type=Path, help="also write every result here")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        json.dump(worker(args.worker, args.limit), sys.stdout)
        return
    items = own_items()
    n_en = len(shared_english(args.limit))
    print(f"own set: {len(items)} items in {len({i['lang'] for i in items})} languages "
          f"({dict(Counter(i['kind'] for i in items))}); shared English texts: {n_en}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    results = {}
    for name in args.detectors:
        print(f"running {name} ...", flush=True)
        cmd = [sys.executable, __file__, "--worker", name]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            print(f"{name} failed: {last}", file=sys.stderr)
            continue
        res = json.loads(proc.stdout)
        res["score"] = score(res, items)
        results[name] = res

    def pct(key, s):
        a = s["acc"].get(key)
        return f"{100 * a[0]:.1f} ({a[1]}/{a[2]})" if a else "-"
    head = ("detector", "all", *BUCKETS, "hard", "en P", "en R", "shared en 2k", "shared en 5k",
            "ms/doc 2k", "ms/doc 5k", "load s", "own set s", "RSS MB articles / all")
    print("\n| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for name, res in results.items():
        s = res["score"]
        cells = [name, pct("all", s), *(pct(b, s) for b in BUCKETS), pct("hard", s),
                 f"{100 * s['en_p']:.1f}", f"{100 * s['en_r']:.1f}"]
        for chars in (2000, 5000):
            sh = res[f"shared_{chars}"]
            cells.append(f"{100 * sh['labels'].get('en', 0) / sh['n']:.2f}")
        cells += [f"{1000 * res['shared_2000']['s_per_doc']:.1f}",
                  f"{1000 * res['shared_5000']['s_per_doc']:.1f}", f"{res['build_s']:.2f}",
                  f"{res['own_s']:.1f}",
                  f"{res['rss_articles_mb']:.0f} / {res['rss_peak_mb']:.0f}"]
        print("| " + " | ".join(cells) + " |")
    for name, res in results.items():
        s = res["score"]
        other = {k: v for k, v in res["shared_5000"]["labels"].items() if k != "en"}
        print(f"\n{name}: deterministic {res['deterministic']}; English P/R counts tp/fp/fn "
              f"{s['en_counts']}; shared English not labelled en at 5k: {other or 'none'}")
        print("  per language: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in s["per_lang"].items()))
        print("  most frequent errors: " + ", ".join(f"{k} x{v}" for k, v in s["confusions"]))
        print("  English items not labelled en: " + ", ".join(s["en_missed"]))
        print("  without the 20-letter floor: " + ", ".join(
            f"{b} {pct('raw ' + b, s)}" for b in BUCKETS))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
