"""One query core for the CLI, the Python API and the web server.

Every listing is a function ``(corpus, **filters, sort, limit, offset) -> Page``: filter values
are checked here (a bad value raises :class:`Invalid` naming the parameter and what it accepts),
the SQL lives in :mod:`claimgraph.store.queries`. Read access opens the database read-only
(:func:`open_read`), so listings work while an ingest writes, and a missing file is an error,
not a new empty database.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from .model import CERTAINTY, EVIDENCE_TYPES, OUTLET_STANCE, POLARITY, to_dict
from .store import queries as Q

MAX_LIMIT = 1000
DEFAULT_LIMIT = 50


class Invalid(ValueError):
    """A filter or parameter value the query core does not accept."""

    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class NotFound(LookupError):
    """No record with the id asked for."""


class NoDatabase(FileNotFoundError):
    """The database file a read command was pointed at does not exist."""


@dataclass
class Page:
    rows: list
    total: int
    limit: Optional[int]
    offset: int = 0
    filters: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "filters": self.filters,
                "rows": self.rows}


# -- opening ----------------------------------------------------------------------------------
def db_path(db=None) -> Path:
    from .store.db import default_db_path

    return Path(db) if db is not None else default_db_path()


def open_read(db=None, wait: float = 0.0, on_wait=None):
    """A read-only connection to an existing database; :class:`NoDatabase` when there is none.
    While another process holds the file it waits up to ``wait`` seconds (calling
    ``on_wait(message)`` once) before :class:`claimgraph.store.db.StoreBusy`."""
    from .store import Corpus

    path = db_path(db)
    if not path.exists():
        raise NoDatabase(f"no database at {path} (create one with `claimgraph ingest FILE --db {path}`"
                         " or `claimgraph demo`)")
    return Corpus(path, read_only=True, wait=wait, on_wait=on_wait)


# -- validation -------------------------------------------------------------------------------
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def choice(param: str, value: Optional[str], allowed) -> Optional[str]:
    if value is None or value == "":
        return None
    if value not in allowed:
        raise Invalid(param, f"{value!r} must be one of {', '.join(allowed)}")
    return value


def date(param: str, value: Optional[str]) -> Optional[str]:
    if value is None or value == "":
        return None
    if not DATE.fullmatch(value):
        raise Invalid(param, f"{value!r} is not a date; use YYYY-MM-DD (or YYYY-MM, YYYY)")
    return value


def paging(limit: Optional[int], offset: int) -> tuple[Optional[int], int]:
    if limit is not None and not (1 <= limit <= MAX_LIMIT):
        raise Invalid("limit", f"{limit} must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise Invalid("offset", f"{offset} must be 0 or more")
    return limit, offset


def sort_key(value: Optional[str], allowed: dict) -> Optional[str]:
    if not value:
        return None
    if value.lstrip("-") not in allowed:
        raise Invalid("sort", f"{value!r} must be one of {', '.join(allowed)} (prefix - for descending)")
    return value


def plover_category(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    from .analyse.events import CATEGORIES, current_name

    name = current_name(value)
    if name not in CATEGORIES:
        raise Invalid("type", f"{value!r} must be one of {', '.join(CATEGORIES)}")
    return name


def _doc_filter(corpus, doc: Optional[str]) -> Optional[str]:
    if not doc:
        return None
    full = Q.resolve_doc_id(corpus.con, doc)
    if full is None:
        raise NotFound(f"no document with id {doc!r} (or it is the prefix of several)")
    return full


def _given(**kw) -> dict:
    return {k: v for k, v in kw.items() if v not in (None, "", False, 0)}


# -- listings ---------------------------------------------------------------------------------
def documents(corpus, *, outlet=None, q=None, since=None, until=None, sort=None,
              limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    limit, offset = paging(limit, offset)
    f = dict(outlet=outlet, q=q, since=date("since", since), until=date("until", until),
             sort=sort_key(sort, Q.DOC_SORTS))
    rows, total = Q.run_page(corpus.con, *Q.documents_sql(**f), limit, offset)
    return Page(rows, total, limit, offset, _given(**f))


def claims(corpus, *, doc=None, source=None, evidence=None, certainty=None, stance=None, polarity=None,
           min_depth: int = 0, outlet=None, place=None, since=None, until=None, q=None,
           boilerplate: bool = False, sort=None, limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    """Claims joined with their attribution (source chain, cue, evidence) and document."""
    limit, offset = paging(limit, offset)
    if min_depth < 0:
        raise Invalid("min_depth", f"{min_depth} must be 0 or more")
    f = dict(doc_id=_doc_filter(corpus, doc), source=source, evidence=choice("evidence", evidence, EVIDENCE_TYPES),
             certainty=choice("certainty", certainty, CERTAINTY), stance=choice("stance", stance, OUTLET_STANCE),
             polarity=choice("polarity", polarity, POLARITY), min_depth=min_depth, outlet=outlet, place=place,
             since=date("since", since), until=date("until", until), q=q, include_boilerplate=boilerplate,
             sort=sort_key(sort, Q.CLAIM_SORTS))
    rows, total = Q.run_listing(corpus.con, Q.claims_sql(**f), limit, offset)
    return Page(rows, total, limit, offset, _given(**f))


def events(corpus, *, doc=None, type=None, actor=None, place=None, certainty=None, since=None,  # noqa: A002
           until=None, q=None, located: bool = False, sort=None, limit: Optional[int] = DEFAULT_LIMIT,
           offset: int = 0) -> Page:
    """PLOVER events with their place, date, reporting claim's source chain and certainty."""
    limit, offset = paging(limit, offset)
    f = dict(doc_id=_doc_filter(corpus, doc), plover=plover_category(type), actor=actor, place=place,
             certainty=choice("certainty", certainty, CERTAINTY), since=date("since", since),
             until=date("until", until), q=q, located=located, sort=sort_key(sort, Q.EVENT_SORTS))
    rows, total = Q.run_listing(corpus.con, Q.events_sql(**f), limit, offset)
    return Page(rows, total, limit, offset, _given(**f))


def event_sites(corpus, *, type=None, since=None, until=None) -> list[dict]:  # noqa: A002
    """Located events grouped by place: name, country, lat, lon, number of events, PLOVER types."""
    return Q.fetch(corpus.con, *Q.event_sites_sql(plover=plover_category(type), since=date("since", since),
                                                  until=date("until", until)))


def places(corpus, *, q=None, country=None, doc=None, located: bool = False, sort=None,
           limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    """Resolved places grouped by GeoNames id (else name, admin1, country) with counts."""
    limit, offset = paging(limit, offset)
    if country and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise Invalid("country", f"{country!r} must be an ISO 3166-1 alpha-2 code such as UA")
    f = dict(q=q, country=country, doc_id=_doc_filter(corpus, doc), located=located,
             sort=sort_key(sort, Q.PLACE_SORTS))
    rows, total = Q.run_page(corpus.con, *Q.places_sql(**f), limit, offset)
    for r in rows:
        r.pop("key", None)
    return Page(rows, total, limit, offset, _given(**f))


def actors(corpus, *, kind=None, q=None, sort=None, limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    limit, offset = paging(limit, offset)
    f = dict(kind=kind, q=q, sort=sort_key(sort, Q.ACTOR_SORTS))
    rows, total = Q.run_page(corpus.con, *Q.actors_sql(**f), limit, offset)
    return Page(rows, total, limit, offset, _given(**f))


def measure(counts: Optional[str]) -> str:
    """What a figure measures: the counted noun, lower case, plural -s dropped."""
    c = (counts or "").lower()
    return c[:-1] if c.endswith("s") and not c.endswith("ss") else c


def figures(corpus, *, doc=None, counts=None, actor=None, source=None, since=None, until=None,
            limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    """Figures by measure over time; ``conflicts_with`` lists figures of the same measure
    (counted noun, actor, period) given a different exact value by a different source."""
    limit, offset = paging(limit, offset)
    f = dict(doc_id=_doc_filter(corpus, doc), counts=counts, actor=actor, source=source,
             since=date("since", since), until=date("until", until))
    rows = Q.fetch(corpus.con, *Q.figures_sql(**f))
    groups = defaultdict(list)
    for r in rows:
        r["measure"] = measure(r["counts"])
        groups[(r["measure"], (r["actor"] or "").casefold(), (r["since"] or "").casefold())].append(r)
    for group in groups.values():
        for r in group:
            r["conflicts_with"] = [o["id"] for o in group
                                   if o is not r and o["source"] != r["source"] and o["value"] != r["value"]
                                   and not (o["approximate"] or r["approximate"])]
    rows.sort(key=lambda r: (r["measure"], r["published"] or "", r["value"]))
    end = None if limit is None else offset + limit
    return Page(rows[offset:end], len(rows), limit, offset, _given(**f))


def stories(corpus, *, q=None, since=None, until=None, sort=None,
            limit: Optional[int] = DEFAULT_LIMIT, offset: int = 0) -> Page:
    """Stories with their article, origin, echo and contradiction counts (largest first)."""
    limit, offset = paging(limit, offset)
    f = dict(q=q, since=date("since", since), until=date("until", until), sort=sort_key(sort, Q.STORY_SORTS))
    rows, total = Q.run_page(corpus.con, *Q.stories_sql(**f), limit, offset)
    return Page(rows, total, limit, offset, _given(**f))


# -- one record -------------------------------------------------------------------------------
def document(corpus, doc_id: str) -> dict:
    """One document with every record of it, grouped by type (``attributions``, ``claims`` ...)."""
    full = Q.resolve_doc_id(corpus.con, doc_id)
    doc = corpus.document(full) if full else None
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return document_view(doc, corpus.all_records(doc.id))


def document_view(doc, records: list) -> dict:
    by_type: dict[str, list] = defaultdict(list)
    for r in records:
        d = to_dict(r)
        by_type[d["type"] + "s"].append(d)
    for k in by_type:
        by_type[k].sort(key=lambda d: (_first_offset(d), d["id"]))
    out = {"document": asdict(doc)}
    for k in ("attributions", "claims", "actor_mentions", "places", "times", "figures", "events"):
        out[k] = by_type.get(k, [])
    chains = source_chains(out["attributions"])
    for a in out["attributions"]:
        a["source_chain"] = chains[a["id"]]
    return out


def _first_offset(d: dict) -> int:
    for k in ("content", "mention", "span", "trigger", "cue"):
        v = d.get(k)
        if isinstance(v, dict) and "start" in v:
            return v["start"]
    contents = d.get("contents") or []
    return contents[0]["start"] if contents else 1 << 30


def source_chains(attributions: list[dict]) -> dict[str, list[str]]:
    """Each attribution's chain of source names, the outlet's own source first."""
    by_id = {a["id"]: a for a in attributions}

    def name(a):
        s = a.get("resolved_source") or (a["sources"][0] if a.get("sources") else None)
        return s["text"] if s else "(unnamed)"

    out = {}
    for a in attributions:
        chain, seen, cur = [], set(), a
        while cur is not None and cur["id"] not in seen:
            seen.add(cur["id"])
            chain.append(name(cur))
            cur = by_id.get(cur.get("parent"))
        out[a["id"]] = chain[::-1]
    return out


def story(corpus, story_id: str) -> dict:
    """One story: origins (by canonical name) with their member claims, echoes with the share of
    text they repeat, the relay graph, timeline and contradictions."""
    rows = corpus.con.execute("SELECT id, payload FROM records WHERE type = 'story' AND (id = ? OR starts_with(id, ?))"
                              " ORDER BY id LIMIT 2", [story_id, story_id]).fetchall()
    exact = [r for r in rows if r[0] == story_id]
    if not exact and len(rows) != 1:
        raise NotFound(f"no story with id {story_id!r}")
    s = json.loads((exact or rows)[0][1])
    for k in ("vector", "claim_vectors", "pool"):
        s.pop(k, None)
    members = s.get("members") or []
    origins = []
    for o in s.get("origins") or []:
        keys = {v.get("key") for v in o.get("variants") or []} | {o.get("key")}
        origins.append({**o, "members": [m for m in members if m.get("origin") in keys]})
    placed = {id(m) for o in origins for m in o["members"]}
    texts = _texts(corpus, {e.get("doc_id") for e in s.get("echoes") or []}
                   | {d for e in s.get("echoes") or [] for d in e.get("repeats") or []})
    echoes = []
    for e in s.get("echoes") or []:
        share = e.get("shared")            # measured by linking on the aligned passages
        if share is None:
            share = max((shared_text_share(texts.get(e.get("doc_id"), ""), texts.get(src, ""))
                         for src in e.get("repeats") or [] if src), default=None)
        echoes.append({**e, "shared_text": None if share is None else round(share, 3)})
    names = {v.get("key"): o.get("canonical") or o.get("name") for o in origins
             for v in (o.get("variants") or []) + [o]}
    main = {v.get("key"): o.get("key") for o in origins for v in (o.get("variants") or []) + [o]}
    outlets = {m.get("doc_id"): m.get("outlet") for m in members}
    for o in origins:
        shown = o.get("canonical") or o.get("name")
        o["also_written_as"] = sorted({v.get("name") for v in (o.get("variants") or []) + [o]
                                       if v.get("name") and v.get("name") != shown})
    for e in echoes:
        e.update(outlet=outlets.get(e.get("doc_id")), origin_name=names.get(e.get("origin"), e.get("origin")),
                 repeats_outlets=[outlets.get(d) for d in e.get("repeats") or []])
    timeline = [{**t, "new_origin_names": [names.get(k, k) for k in t.get("new_origins") or []]}
                for t in s.get("timeline") or []]
    return {"id": s["id"], "title": s.get("title"), "first_seen": s.get("first_seen"), "origins": origins,
            "unplaced": [m for m in members if id(m) not in placed], "echoes": echoes,
            "relays": relay_graph([{**m, "origin": main.get(m.get("origin")), "origin_name": names.get(m.get("origin"))}
                                   for o in origins for m in o["members"]]), "timeline": timeline,
            "contradictions": s.get("contradictions") or [], "articles": len({m.get("doc_id") for m in members})}


def _texts(corpus, doc_ids: set) -> dict[str, str]:
    ids = [d for d in doc_ids if d]
    if not ids:
        return {}
    return dict(corpus.con.execute("SELECT id, text FROM documents WHERE list_contains(?, id)", [ids]).fetchall())


def _shingles(text: str, n: int = 6) -> set:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def shared_text_share(echo: str, source: str) -> float:
    """Share of the echo's six-word sequences that appear in the source text."""
    a = _shingles(echo)
    return len(a & _shingles(source)) / len(a) if a else 0.0


def relay_graph(members: list[dict]) -> dict:
    """Who relays whom: nodes and edges outlet → relay (agency, outlet) → ... → origin."""
    nodes: dict[str, dict] = {}
    edges: dict[tuple, int] = defaultdict(int)

    def node(key, label, kind):
        nodes.setdefault(key, {"id": key, "label": label, "kind": kind})
        return key

    for m in members:
        path = [node("outlet:" + (m.get("outlet") or "?"), m.get("outlet") or "?", "outlet")]
        for v in m.get("via") or []:
            path.append(node("relay:" + v.casefold(), v, "relay"))
        path.append(node("origin:" + (m.get("origin") or "?"), m.get("origin_name") or m.get("origin") or "?",
                         "origin"))
        for a, b in zip(path, path[1:]):
            if a != b:
                edges[(a, b)] += 1
    return {"nodes": list(nodes.values()),
            "edges": [{"from": a, "to": b, "claims": n} for (a, b), n in sorted(edges.items())]}


# -- analysis ---------------------------------------------------------------------------------
MAX_TEXT_CHARS = int(os.environ.get("CLAIMGRAPH_MAX_TEXT", 200_000))


def analyse_text(text: str, **meta) -> dict:
    """The records of one article, not stored, in the shape of :func:`document`."""
    if not text or not text.strip():
        raise Invalid("text", "is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise Invalid("text", f"has {len(text):,} characters; at most {MAX_TEXT_CHARS:,} are analysed")
    from .analyse.pipeline import get_nlp, run
    from .analyse.records import records_of
    from .ingest.document import make_document, meta_of

    doc = make_document(text, **meta)
    return document_view(doc, records_of(next(run(get_nlp(), [(doc.text, meta_of(doc))]))))


def reanalyse(corpus, doc_ids: Optional[list[str]] = None, on_progress=None) -> list[str]:
    """Re-run the analysis on stored text (all documents when ``doc_ids`` is empty), replace
    their records and re-link stories; returns the ids re-analysed."""
    from .analyse.pipeline import get_nlp, run
    from .analyse.records import records_of
    from .ingest.document import meta_of

    if doc_ids:
        ids = []
        for d in doc_ids:
            full = Q.resolve_doc_id(corpus.con, d)
            if full is None:
                raise NotFound(f"no document with id {d!r}")
            ids.append(full)
    else:
        ids = [r[0] for r in corpus.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
    nlp = get_nlp()
    done = []
    for doc_id in ids:
        doc = corpus.document(doc_id)
        if not (doc.language or "en").startswith("en"):
            if on_progress:
                on_progress("skip", doc, f"language {doc.language!r} is not analysed")
            continue
        sd = next(run(nlp, [(doc.text, meta_of(doc))]))
        corpus.replace_document_records(doc_id, records_of(sd))
        done.append(doc_id)
        if on_progress:
            on_progress("done", doc, None)
    if done:
        from .link import relink

        relink(corpus)
    return done
