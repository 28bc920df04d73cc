"""PolNeAR reader and attribution scorer (the convention of BBC Citron's scorer).

A PolNeAR folder holds ``<split>/text/<name>.txt``, ``<split>/attributions/<name>_<annotator>.ann``
(brat standoff) and ``metadata.tsv`` (the first annotator listed is the one used).

Spans are compared as sets of spaCy tokens (a token belongs to a span when it overlaps it and
is not whitespace). Metrics, per the corpus README:

* EXACT cue: a predicted cue is correct when its tokens equal a gold cue's tokens.
* EXACT source / content: a predicted attribution's source (content) is correct when its cue
  shares a token with a gold cue and the tokens of all its source (content) spans equal those of
  that gold attribution. Precision is over predicted attributions that have the role, recall over
  gold attributions that have it (about 7% of gold attributions have no source).
* OVERLAP (per role): tokens shared by predicted and gold spans, summed over every (predicted,
  gold) pair, divided by all predicted tokens of the role (P) or all gold tokens (R).
* ATTRIBUTION: a predicted attribution is correct when its cue shares a token with a gold cue
  and its content shares a token with that gold attribution's content; recall from the gold side.
* Attribution recall by quote type of the gold content: direct (all of it inside quotation
  marks), mixed (some of it quoted), indirect (no quotation mark).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

Frag = tuple[int, int]
ROLES = ("cue", "source", "content")
QUOTE_CHARS = "\"“”„«»"


@dataclass
class Quote:
    """One attribution: cue, source and content, each a list of (start, end) fragments."""
    cue: list[Frag] = field(default_factory=list)
    source: list[Frag] = field(default_factory=list)
    content: list[Frag] = field(default_factory=list)

    def role(self, name: str) -> list[Frag]:
        return getattr(self, name)


@dataclass
class Article:
    name: str
    text: str
    gold: list[Quote]
    annotator: str = ""


# -- reading ---------------------------------------------------------------------------------------
def _frags(offsets: str) -> list[Frag]:
    out = []
    for part in offsets.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def read_ann(path: Path | str) -> list[Quote]:
    """The attributions of one brat .ann file."""
    spans: dict[str, tuple[str, list[Frag]]] = {}
    events: list[dict[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            spans[cols[0]] = (label, _frags(offsets))
        elif line.startswith("E") and len(cols) >= 2:
            args = {}
            for arg in cols[1].split():
                role, _, ref = arg.partition(":")
                role = re.sub(r"\d+$", "", role)
                args.setdefault(role, []).append(ref)
            events.append(args)
    quotes = []
    for ev in events:
        q = Quote()
        for role, refs in ev.items():
            key = {"Cue": "cue", "Source": "source", "Content": "content"}.get(role)
            if key is None:
                continue
            for ref in refs:
                if ref in spans:
                    q.role(key).extend(spans[ref][1])
        if not q.cue:   # the Attribution trigger spans the cue
            for ref in ev.get("Attribution", []):
                if ref in spans:
                    q.cue.extend(spans[ref][1])
        for key in ROLES:
            q.role(key).sort()
        quotes.append(q)
    return quotes


def first_annotators(root: Path | str) -> dict[str, str]:
    """Article name -> the first annotator listed for it in metadata.tsv."""
    out = {}
    with open(Path(root) / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            ann = (row.get("annotators") or "").replace(";", ",").split(",")[0].strip()
            out[row["filename"]] = ann
    return out


def read_split(root: Path | str, split: str, limit: Optional[int] = None) -> list[Article]:
    """The articles of one split with their gold attributions (first annotator)."""
    root = Path(root)
    firsts = first_annotators(root)
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    if not text_dir.is_dir():
        raise FileNotFoundError(f"no {split}/text folder under {root}")
    out = []
    for path in sorted(text_dir.glob("*.txt")):
        name = path.stem
        ann = firsts.get(name)
        ann_path = ann_dir / f"{name}_{ann}.ann" if ann else None
        if ann_path is None or not ann_path.exists():
            cands = sorted(ann_dir.glob(f"{name}_*.ann"))
            if not cands:
                continue
            ann_path = cands[0]
            ann = ann_path.stem[len(name) + 1:]
        out.append(Article(name, path.read_text(encoding="utf-8"), read_ann(ann_path), ann))
        if limit and len(out) >= limit:
            break
    return out


# -- token mapping --------------------------------------------------------------------------------
class TokenIndex:
    """Maps character spans to the indices of the (non-space) tokens they overlap."""

    def __init__(self, tokens: Sequence[tuple[int, int]]):
        self.tokens = [(s, e) for s, e in tokens]
        self.starts = [s for s, _ in self.tokens]

    @classmethod
    def of_doc(cls, doc) -> "TokenIndex":
        return cls([(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space])

    @classmethod
    def of_text(cls, text: str) -> "TokenIndex":
        """A crude tokenization (words and single punctuation marks), for tests without spaCy."""
        return cls([(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)])

    def toks(self, frags: Iterable[Frag]) -> frozenset[int]:
        import bisect
        out = set()
        for s, e in frags:
            i = max(bisect.bisect_right(self.starts, s) - 1, 0)
            while i < len(self.tokens) and self.tokens[i][0] < e:
                ts, te = self.tokens[i]
                if te > s and ts < e:
                    out.add(i)
                i += 1
        return frozenset(out)


def quote_type(text: str, content: list[Frag]) -> str:
    """direct (content all inside quotation marks), mixed (partly quoted) or indirect."""
    pieces = [text[s:e].strip() for s, e in content]
    joined = " ".join(p for p in pieces if p)
    if not joined or not any(c in joined for c in QUOTE_CHARS):
        return "indirect"
    direct = all(p and p[0] in QUOTE_CHARS + "'‘" and p.rstrip(".,;:")[-1:] in QUOTE_CHARS + "'’"
                 for p in pieces if p)
    return "direct" if direct else "mixed"


# -- scoring --------------------------------------------------------------------------------------
class Counts:
    def __init__(self):
        self.c: dict[str, list[float]] = {}   # name -> [tp_p, n_pred, tp_r, n_gold]

    def add(self, name: str, tp_p: float, n_pred: float, tp_r: float, n_gold: float) -> None:
        row = self.c.setdefault(name, [0.0, 0.0, 0.0, 0.0])
        for i, v in enumerate((tp_p, n_pred, tp_r, n_gold)):
            row[i] += v

    def prf(self, name: str) -> dict:
        tp_p, n_pred, tp_r, n_gold = self.c.get(name, [0.0] * 4)
        p = tp_p / n_pred if n_pred else 0.0
        r = tp_r / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
                "n_pred": int(n_pred), "n_gold": int(n_gold)}


class Scorer:
    """Accumulates the metrics over articles; ``result()`` gives the table."""

    def __init__(self):
        self.counts = Counts()
        self.by_type: dict[str, list[int]] = {}   # type -> [found, total]

    def add(self, text: str, index: TokenIndex, gold: list[Quote], pred: list[Quote]) -> None:
        G = [{r: index.toks(q.role(r)) for r in ROLES} for q in gold]
        P = [{r: index.toks(q.role(r)) for r in ROLES} for q in pred]
        G = [g for g in G if g["cue"]]
        P = [p for p in P if p["cue"]]
        # EXACT cue
        gold_cues = {g["cue"] for g in G}
        pred_cues = {p["cue"] for p in P}
        self.counts.add("exact_cue", sum(p["cue"] in gold_cues for p in P), len(P),
                        sum(g["cue"] in pred_cues for g in G), len(G))
        # EXACT source / content
        for role in ("source", "content"):
            tp_p = sum(1 for p in P if p[role] and any(p["cue"] & g["cue"] and p[role] == g[role] for g in G))
            tp_r = sum(1 for g in G if g[role] and any(p["cue"] & g["cue"] and p[role] == g[role] for p in P))
            self.counts.add(f"exact_{role}", tp_p, sum(1 for p in P if p[role]),
                            tp_r, sum(1 for g in G if g[role]))
        # OVERLAP
        for role in ROLES:
            shared = sum(len(p[role] & g[role]) for p in P for g in G)
            self.counts.add(f"overlap_{role}", shared, sum(len(p[role]) for p in P),
                            shared, sum(len(g[role]) for g in G))
        # ATTRIBUTION
        def match(p, g):
            return bool(p["cue"] & g["cue"]) and bool(p["content"] & g["content"])
        tp_p = sum(1 for p in P if any(match(p, g) for g in G))
        found = [any(match(p, g) for p in P) for g in G]
        self.counts.add("attribution", tp_p, len(P), sum(found), len(G))
        golds_with_cue = [q for q in gold if index.toks(q.cue)]
        for q, ok in zip(golds_with_cue, found):
            row = self.by_type.setdefault(quote_type(text, q.content), [0, 0])
            row[0] += int(ok)
            row[1] += 1

    def result(self) -> dict:
        out = {}
        for kind in ("exact", "overlap"):
            out[kind] = {r: self.counts.prf(f"{kind}_{r}") for r in ROLES}
        out["attribution"] = self.counts.prf("attribution")
        out["recall_by_type"] = {t: {"recall": round(100 * f / n, 2) if n else 0.0, "n_gold": n}
                                 for t, (f, n) in sorted(self.by_type.items())}
        return out


# -- predictions ----------------------------------------------------------------------------------
def quotes_from_attributions(attrs) -> list[Quote]:
    """model.Attribution records -> scorer Quotes. A relay hop (``relay`` set: "the agency,
    citing the ministry") is part of its statement's source chain, and PolNeAR annotates the
    statement once, so hops are left out."""
    out = []
    for a in attrs or []:
        if a.cue is None or a.relay:
            continue
        out.append(Quote([(a.cue.start, a.cue.end)], [(s.start, s.end) for s in a.sources],
                         [(s.start, s.end) for s in a.contents]))
    return out


def citron_json(name: str, text: str, attrs) -> dict:
    """One article's predictions in Citron's format."""
    def span(s):
        return {"start": s.start, "end": s.end, "text": text[s.start:s.end]}
    quotes = []
    for a in attrs or []:
        if a.cue is None or a.relay:
            continue
        quotes.append({"cue": span(a.cue), "sources": [span(s) for s in a.sources],
                       "contents": [span(s) for s in a.contents]})
    return {"id": name, "text": text, "quotes": quotes}


def format_table(res: dict) -> list[list[str]]:
    rows = []
    for kind in ("exact", "overlap"):
        for r in ROLES:
            m = res[kind][r]
            rows.append([f"{kind.upper()} {r}", f"{m['precision']:.1f}", f"{m['recall']:.1f}", f"{m['f1']:.1f}"])
    m = res["attribution"]
    rows.append(["ATTRIBUTION", f"{m['precision']:.1f}", f"{m['recall']:.1f}", f"{m['f1']:.1f}"])
    return rows


def evaluate(root: Path | str, split: str = "dev", nlp=None, predictions: Optional[Path] = None,
             limit: Optional[int] = None, batch_size: int = 8, mode: str = "fast") -> dict:
    """Run the attribution pipeline (``mode``: fast, accurate or rules; ignored when ``nlp`` is
    given) over a PolNeAR split and score it; optionally write one ``<name>.json`` per article
    (Citron's format) into ``predictions``."""
    import json

    from ..analyse.pipeline import build, make_doc

    if split == "train-heldout":   # the slice of train the packaged model did not see
        articles = [a for i, a in enumerate(read_split(root, "train")) if heldout(i)][:limit]
    else:
        articles = read_split(root, split, limit)
    if nlp is None:
        nlp = build(components=["attribution"], config={"attribution": {"mode": mode}})
    scorer = Scorer()
    if predictions is not None:
        Path(predictions).mkdir(parents=True, exist_ok=True)
    docs = (make_doc(nlp, a.text, {"doc_id": a.name}) for a in articles)
    for art, doc in zip(articles, nlp.pipe(docs, batch_size=batch_size)):
        attrs = doc._.attributions or []
        scorer.add(art.text, TokenIndex.of_doc(doc), art.gold, quotes_from_attributions(attrs))
        if predictions is not None:
            with open(Path(predictions) / f"{art.name}.json", "w", encoding="utf-8") as fh:
                json.dump(citron_json(art.name, art.text, attrs), fh, ensure_ascii=False, indent=1)
    res = scorer.result()
    res["split"], res["articles"] = split, len(articles)
    return res


def heldout(name_index: int, every: int = 10) -> bool:
    """The held-back slice of train: every 10th article in name order (all publishers)."""
    return every > 0 and name_index % every == every - 1
