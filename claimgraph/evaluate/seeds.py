"""Acceptance checks: does claimgraph extract what a spec says it must?

Reads a spec in the format of ``../shared/acceptance/seeds.yaml`` (its matching rules are
implemented here, strictly: an item is met only when ONE record satisfies all its fields),
ingests the articles it names into a real DuckDB file, and checks every expectation.

Documents are named either by ``file:`` (read from ``--docs``, by default the ``seeds/``
folder beside the spec's folder) or by ``jsonl_id:`` (a line of the JSONL file the spec names
under ``corpus:``, relative to the spec; used by the bundled sample corpus).
"""
from __future__ import annotations

import json
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

CERTAINTY_ORDER = {"certain": 3, "probable": 2, "possible": 1, "unknown": 0}


@dataclass
class Item:
    section: str
    doc: Optional[str]
    index: int
    expect: Any
    met: bool = False
    reason: str = ""

    def as_dict(self) -> dict:
        return {"section": self.section, "doc": self.doc, "index": self.index, "met": self.met,
                "reason": self.reason, "expect": self.expect}


LEVELS = ("certain", "probable", "possible", "unknown")


@dataclass
class Result:
    items: list[Item] = field(default_factory=list)
    # (expected, predicted) certainty for every claim expectation naming an exact level
    certainty_pairs: list[tuple[str, str]] = field(default_factory=list)

    def certainty_confusion(self) -> dict[str, dict[str, int]]:
        """Expected level -> predicted level -> count ("missing": no claim with that text)."""
        out: dict[str, dict[str, int]] = {}
        for gold, pred in self.certainty_pairs:
            row = out.setdefault(gold, {})
            row[pred] = row.get(pred, 0) + 1
        return out

    @property
    def met(self) -> int:
        return sum(i.met for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    def by_section(self) -> dict[str, tuple[int, int]]:
        out: dict[str, list[int]] = {}
        for i in self.items:
            m = out.setdefault(i.section, [0, 0])
            m[0] += i.met
            m[1] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}

    def as_dict(self) -> dict:
        return {"met": self.met, "total": self.total,
                "sections": {k: {"met": a, "total": b} for k, (a, b) in self.by_section().items()},
                "certainty_confusion": self.certainty_confusion(),
                "items": [i.as_dict() for i in self.items]}


# -- matching rules ---------------------------------------------------------------------------
def text_matches(rule, text: Optional[str]) -> bool:
    """``{"any_of": [...]}`` / ``{"all_of": [...]}`` / a plain string, as case-insensitive
    substrings of ``text``."""
    if text is None:
        return False
    t = text.casefold()
    if isinstance(rule, str):
        return rule.casefold() in t
    if isinstance(rule, dict):
        ok = True
        if "any_of" in rule:
            ok &= any(str(s).casefold() in t for s in rule["any_of"])
        if "all_of" in rule:
            ok &= all(str(s).casefold() in t for s in rule["all_of"])
        return ok
    if isinstance(rule, list):
        return any(str(s).casefold() in t for s in rule)
    return False


def certainty_matches(expected: str, got: Optional[str], attributed: bool) -> bool:
    if got is None:
        return False
    if expected == "not_certain":
        return got != "certain"
    if expected == "reported":
        return attributed
    return got == expected


def km(lat1, lon1, lat2, lon2) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _spans_ok(text: str, rec) -> bool:
    from ..model import iter_spans

    return all(text[s.start:s.end] == s.text for s in iter_spans(rec))


def _join(spans) -> Optional[str]:
    spans = [s for s in spans or [] if s is not None]
    return " ".join(s.text for s in spans) if spans else None


# -- per-section checks -------------------------------------------------------------------------
def _best(candidates, checks: dict[str, Callable[[Any], bool]], text: str, what: str) -> tuple[bool, str]:
    """Met when one candidate passes every check; otherwise say what the closest one lacked."""
    best_fail: Optional[list[str]] = None
    best_rec = None
    for rec in candidates:
        fails = [name for name, fn in checks.items() if not fn(rec)]
        if not fails:
            if not _spans_ok(text, rec):
                fails = ["offsets (a span's text differs from the document text at its offsets)"]
            else:
                return True, f"met by {what} {getattr(rec, 'id', '')}"
        if best_fail is None or len(fails) < len(best_fail):
            best_fail, best_rec = fails, rec
    if best_rec is None:
        return False, f"no {what} records at all"
    return False, f"closest {what} {describe(best_rec)} fails: {', '.join(best_fail)}"


def describe(rec) -> str:
    parts = []
    for name in ("sources", "cue", "contents", "content", "mention", "span", "value", "name"):
        v = getattr(rec, name, None)
        if v is None or v == []:
            continue
        if isinstance(v, list):
            v = _join(v)
        elif hasattr(v, "text"):
            v = v.text
        s = str(v)
        parts.append(f"{name}={s[:60]!r}")
    return "[" + "; ".join(parts[:3]) + "]"


def _ancestor_texts(attr, by_id: dict) -> list[str]:
    from ..analyse.attribution import ancestors

    texts = []
    for a in ancestors(attr, by_id):
        texts += [s.text for s in a.sources]
        texts += [s.text for s in (a.resolved_source, a.evidence_cue) if s is not None]
    return texts


def check_attribution(exp: dict, attrs: list, text: str) -> tuple[bool, str]:
    by_id = {a.id: a for a in attrs}
    checks: dict[str, Callable] = {}
    if "source" in exp:
        checks["source"] = lambda a: text_matches(exp["source"], _join(a.sources))
    if "cue" in exp:
        checks["cue"] = lambda a: text_matches(exp["cue"], a.cue.text if a.cue else None)
    if "content" in exp:
        checks["content"] = lambda a: text_matches(exp["content"], _join(a.contents))
    if "quote_type" in exp:
        checks["quote_type"] = lambda a: a.quote_type == exp["quote_type"]
    if "evidence" in exp:
        checks["evidence"] = lambda a: a.evidence == exp["evidence"]
    if "resolved_source" in exp:
        checks["resolved_source"] = lambda a: text_matches(
            exp["resolved_source"], a.resolved_source.text if a.resolved_source else _join(a.sources))
    if "chain_includes" in exp:
        checks["chain_includes"] = lambda a: any(
            text_matches(exp["chain_includes"], t) for t in _ancestor_texts(a, by_id))
    return _best(attrs, checks, text, "attribution")


def check_claim(exp: dict, claims: list, text: str) -> tuple[bool, str]:
    checks: dict[str, Callable] = {}
    if "text" in exp:
        checks["text"] = lambda c: text_matches(exp["text"], c.content.text)
    if "hedge_cues" in exp:
        checks["hedge_cues"] = lambda c: any(text_matches(exp["hedge_cues"], h.text) for h in c.hedges)
    if "certainty" in exp:
        checks["certainty"] = lambda c: certainty_matches(exp["certainty"], c.certainty, c.attribution is not None)
    if "outlet_stance" in exp:
        checks["outlet_stance"] = lambda c: c.outlet_stance == exp["outlet_stance"]
    if "polarity" in exp:
        checks["polarity"] = lambda c: c.polarity == exp["polarity"]
    return _best(claims, checks, text, "claim")


def check_figure(exp: dict, figures: list, text: str) -> tuple[bool, str]:
    checks: dict[str, Callable] = {}
    if "value" in exp:
        checks["value"] = lambda f: f.value is not None and abs(float(f.value) - float(exp["value"])) < 1e-6
    for key in ("counts", "actor", "since", "source"):
        if key in exp:
            checks[key] = (lambda k: lambda f: text_matches(exp[k], getattr(f, k)))(key)
    if "approximate" in exp:
        checks["approximate"] = lambda f: bool(f.approximate) == bool(exp["approximate"])
    return _best(figures, checks, text, "figure")


def check_place(exp: dict, places: list, text: str) -> tuple[bool, str]:
    want = exp.get("resolves_to", {})
    checks: dict[str, Callable] = {
        "mention": lambda p: p.mention.text.casefold() == str(exp["mention"]).casefold()}
    for key in ("name", "admin1", "country"):
        if key in want:
            checks[key] = (lambda k: lambda p: text_matches(str(want[k]), getattr(p, k)))(key)
    if "lat" in want and "lon" in want:
        checks["within 25 km"] = lambda p: (p.lat is not None and p.lon is not None
                                            and km(p.lat, p.lon, want["lat"], want["lon"]) <= 25)
    if "ambiguous" in want:
        if want["ambiguous"]:
            checks["ambiguous with candidates"] = lambda p: bool(p.ambiguous) and len(p.candidates) >= 2
        else:
            checks["not ambiguous"] = lambda p: not p.ambiguous
    return _best(places, checks, text, "place")


def check_time(exp: dict, times: list, text: str) -> tuple[bool, str]:
    want = exp.get("normalizes_to", {})
    checks: dict[str, Callable] = {
        "mention": lambda t: str(exp["mention"]).casefold() in t.mention.text.casefold()
        or t.mention.text.casefold() in str(exp["mention"]).casefold()}
    for key in ("year", "month", "day"):
        if key in want:
            checks[key] = (lambda k: lambda t: getattr(t, k) == want[k])(key)
    return _best(times, checks, text, "time")


def check_same_actor(names: list, mentions: list) -> tuple[bool, str]:
    ids_per_name = []
    for name in names:
        n = str(name).casefold()
        ids = {m.actor_id for m in mentions
               if n in m.span.text.casefold() or (len(m.span.text) > 3 and m.span.text.casefold() in n
                                                  and len(m.span.text) >= 0.6 * len(n))}
        if not ids:
            return False, f"no actor mention for {name!r}"
        ids_per_name.append(ids)
    common = set.intersection(*ids_per_name)
    if common:
        return True, f"same actor {sorted(common)[0]}"
    return False, "mentions resolve to different actors: " + " vs ".join(
        ",".join(sorted(s)) for s in ids_per_name)


def _block(text: str, strings: list[str]) -> Optional[tuple[int, int]]:
    """The smallest run of whole lines holding the first occurrence of every string, widened
    to repeated copies of those lines (a caption printed twice)."""
    lo, hi = None, None
    low = text.casefold()
    for s in strings:
        i = low.find(s.casefold())
        if i < 0:
            return None
        j = i + len(s)
        lo = i if lo is None else min(lo, i)
        hi = j if hi is None else max(hi, j)
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    return start, (len(text) if end < 0 else end)


def check_boilerplate(exp: dict, claims: list, text: str) -> tuple[bool, str]:
    strings = exp.get("all_of") or exp.get("any_of") or []
    blk = _block(text, strings)
    if blk is None:
        return False, "boilerplate text not found in the document"
    if not claims:
        return False, "no claims extracted from the document, so nothing shows the boilerplate is set apart"
    s, e = blk
    inside = [c for c in claims if c.content.start < e and c.content.end > s]
    counted = [c for c in inside if not c.boilerplate]
    if counted:
        return False, f"{len(counted)} claim(s) in the boilerplate counted as claims, e.g. {counted[0].content.text[:60]!r}"
    return True, f"{len(inside)} claim(s) there, all flagged boilerplate"


def _member_text(member: dict, claims_by_id: dict) -> Optional[str]:
    if member.get("text"):
        return member["text"]
    claim = claims_by_id.get(member.get("claim_id"))
    return claim.content.text if claim else None


def check_story(exp: dict, stories: list, doc_ids: dict[str, str], claims_by_id: dict) -> tuple[bool, str]:
    members = exp.get("members", [])
    best = None
    for st in stories:
        ok = 0
        for m in members:
            did = doc_ids.get(m["doc"])
            ok += any(mm.get("doc_id") == did and text_matches(m["text"], _member_text(mm, claims_by_id))
                      for mm in st.members)
        if ok == len(members):
            n = len(st.origins)
            want = exp.get("independent_origins")
            if want is None or n == want:
                return True, f"story {st.id} links them with {n} independent origins"
            best = f"story {st.id} links them but counts {n} independent origins, expected {want}"
        elif ok and best is None:
            best = f"story {st.id} has {ok}/{len(members)} of the members"
    return False, best or f"no story links the members ({len(stories)} stories)"


# -- the run -------------------------------------------------------------------------------------
def load_spec(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _inputs(spec: dict, spec_path: Path, docs_dir: Optional[Path]) -> list[tuple[str, dict, Path | None, dict | None]]:
    """(key, ingest metadata, file path or None, jsonl object or None) per spec document."""
    out = []
    corpus_lines = {}
    if spec.get("corpus"):
        with open(spec_path.parent / spec["corpus"], encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    corpus_lines[obj["id"]] = obj
    base = docs_dir or (spec_path.parent.parent / "seeds")
    for d in spec.get("documents", []):
        key = d.get("id") or d.get("jsonl_id") or d.get("file")
        meta = dict(d.get("ingest") or {})
        if "file" in d:
            out.append((key, meta, base / d["file"], None))
        else:
            out.append((key, meta, None, corpus_lines[d["jsonl_id"]]))
    return out


def run(spec_path: Path, docs_dir: Optional[Path] = None, db: Optional[Path] = None,
        on_progress: Optional[Callable[[str], None]] = None, attribution: str = "fast") -> Result:
    from ..ingest.readers import Article, read_file
    from ..ingestion import ingest, store_documents, to_document
    from ..store import Corpus

    spec = load_spec(spec_path)
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="claimgraph-eval-")
        db = Path(tmp.name) / "eval.duckdb"
    corpus = Corpus(db)
    doc_ids: dict[str, str] = {}
    result = Result()
    try:
        for key, meta, path, obj in _inputs(spec, spec_path, docs_dir):
            if on_progress:
                on_progress(f"ingesting {key}")
            if path is not None:
                if not path.exists():
                    raise FileNotFoundError(f"{path} (named by the spec) does not exist; use --docs")
                arts = [a for a in read_file(path) if isinstance(a, Article)]
                if not arts:
                    raise ValueError(f"{path} could not be read")
                doc = to_document(arts[0], meta)
                ingest(corpus, [str(path)], outlet=meta.get("outlet"), published=meta.get("published"),
                       language=meta.get("language"), attribution=attribution)
            else:
                m = {k: obj.get(k) for k in ("outlet", "published", "url", "title", "language")}
                m.update(meta)
                art = Article(text=obj["text"], source=f"{spec['corpus']}#{obj['id']}", **m)
                doc = to_document(art, m)
                store_documents(corpus, [doc], attribution=attribution)
            doc_ids[key] = doc.id
        # cross-document linking over everything ingested (incremental update of all docs)
        try:
            from ..link import update

            update(corpus, list(doc_ids.values()))
        except ImportError:
            pass
        _check_documents(spec, corpus, doc_ids, result)
        _check_cross(spec, corpus, doc_ids, result)
    finally:
        corpus.close()
        if tmp is not None:
            tmp.cleanup()
    return result


def document_id(obj: Optional[dict], meta: dict, path: Optional[Path]) -> Optional[str]:
    """The stored id (content hash) of a spec document, from its JSONL object or file."""
    from ..ingest.readers import Article
    from ..ingestion import to_document

    if obj is not None:
        m = {k: obj.get(k) for k in ("outlet", "published", "url", "title", "language")}
        m.update(meta)
        return to_document(Article(text=obj["text"], source="", **m), m).id
    if path is not None and path.exists():
        from ..ingest.document import make_document
        return make_document(path.read_text(encoding="utf-8")).id
    return None


def check_stored(spec_path: Path, corpus) -> Result:
    """Check a spec against documents already stored in ``corpus`` (matched by content hash)."""
    spec = load_spec(spec_path)
    doc_ids = {}
    for key, meta, path, obj in _inputs(spec, spec_path, None):
        did = document_id(obj, meta, path)
        if did is not None and corpus.has_document(did):
            doc_ids[key] = did
    spec = dict(spec)
    spec["documents"] = [d for d in spec.get("documents", [])
                         if (d.get("id") or d.get("jsonl_id") or d.get("file")) in doc_ids]
    result = Result()
    _check_documents(spec, corpus, doc_ids, result)
    _check_cross(spec, corpus, doc_ids, result)
    return result


def _check_documents(spec: dict, corpus, doc_ids: dict, result: Result) -> None:
    for d in spec.get("documents", []):
        key = d.get("id") or d.get("jsonl_id") or d.get("file")
        did = doc_ids[key]
        document = corpus.document(did)
        text = document.text
        recs = {t: corpus.records(t, did) for t in
                ("attribution", "claim", "figure", "place", "time", "actor_mention")}
        for name, want in (d.get("ingest") or {}).items():
            got = getattr(document, name, None)
            item = Item("ingest", key, 0, {name: want}, met=(str(got) == str(want)),
                        reason=f"{name} = {got!r}")
            result.items.append(item)
        sections = [("attributions", "attribution", check_attribution),
                    ("claims", "claim", check_claim),
                    ("figures", "figure", check_figure),
                    ("places", "place", check_place),
                    ("times", "time", check_time)]
        for section, rtype, fn in sections:
            for i, exp in enumerate(d.get(section) or []):
                met, reason = fn(exp, recs[rtype], text)
                result.items.append(Item(section, key, i, exp, met, reason))
        for exp in d.get("claims") or []:
            if exp.get("certainty") in LEVELS and "text" in exp:
                found = [c for c in recs["claim"] if text_matches(exp["text"], c.content.text)]
                best = min(found, key=lambda c: c.content.end - c.content.start) if found else None
                result.certainty_pairs.append((exp["certainty"], best.certainty if best else "missing"))
        for i, names in enumerate(d.get("same_actor") or []):
            met, reason = check_same_actor(names, recs["actor_mention"])
            result.items.append(Item("same_actor", key, i, names, met, reason))
        for i, (name, exp) in enumerate((d.get("boilerplate") or {}).items()):
            met, reason = check_boilerplate(exp, recs["claim"], text)
            result.items.append(Item("boilerplate", key, i, {name: exp}, met, reason))


def _check_cross(spec: dict, corpus, doc_ids: dict, result: Result) -> None:
    entries = spec.get("cross_document") or []
    if not entries:
        return
    stories = corpus.records("story")
    claims_by_id = {c.id: c for c in corpus.records("claim")}
    for i, entry in enumerate(entries):
        exp = entry.get("story", entry)
        met, reason = check_story(exp, stories, doc_ids, claims_by_id)
        result.items.append(Item("cross_document", None, i, exp, met, reason))
