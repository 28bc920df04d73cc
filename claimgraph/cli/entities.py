"""Actors and places across the corpus: `claimgraph actors`, `claimgraph actor NAME`, `claimgraph places`."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, fail, open_corpus, print_json


def actor_rows(corpus) -> list[dict]:
    """Canonical actors with their mention, document and attributed-claim counts."""
    actors = {a.id: a for a in corpus.records("actor")}
    mentions = corpus.records("actor_mention")
    attrs = corpus.records("attribution")
    claims = corpus.records("claim")
    n_mentions = Counter(m.actor_id for m in mentions)
    docs = defaultdict(set)
    for m in mentions:
        docs[m.actor_id].add(m.doc_id)
    attr_actor = {a.id: a.source_actor for a in attrs if a.source_actor}
    n_claims = Counter(attr_actor[c.attribution] for c in claims if c.attribution in attr_actor)
    rows = []
    for aid, a in actors.items():
        rows.append({"id": aid, "name": a.name, "kind": a.kind, "country": a.country,
                     "mentions": n_mentions.get(aid, 0), "documents": len(docs.get(aid, ())),
                     "claims": n_claims.get(aid, 0), "aliases": a.aliases})
    rows.sort(key=lambda r: (-r["claims"], -r["mentions"], r["name"]))
    return rows


@app.command()
def actors(kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind, e.g. intelligence_service, person."),
           db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """List actors with their mention, document and claim counts.

    Example: claimgraph actors --kind intelligence_service
    """
    with open_corpus(db) as corpus:
        rows = [r for r in actor_rows(corpus) if not kind or r["kind"] == kind]
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} actors")
    for c in ("id", "name", "kind", "country", "mentions", "documents", "claims"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[str(r[c] or "") for c in ("id", "name", "kind", "country", "mentions", "documents", "claims")])
    console.print(t)


@app.command()
def actor(name: str = typer.Argument(..., help="Actor id, name or alias (case-insensitive; a unique part is enough)."),
          db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """One actor: aliases, how it is written in the corpus, and what it is said to have said.

    Example: claimgraph actor HUR
    """
    q = name.casefold()
    with open_corpus(db) as corpus:
        rows = actor_rows(corpus)
        hits = [r for r in rows if q == r["id"].casefold() or q == r["name"].casefold()
                or any(q == a.casefold() for a in r["aliases"])]
        hits = hits or [r for r in rows if q in r["name"].casefold() or any(q in a.casefold() for a in r["aliases"])]
        if not hits:
            fail(f"no actor matches {name!r} (see `claimgraph actors`)")
        if len(hits) > 1:
            fail(f"{name!r} matches {len(hits)} actors: " + ", ".join(r["id"] for r in hits[:10]))
        row = hits[0]
        written = Counter(m.span.text for m in corpus.records("actor_mention") if m.actor_id == row["id"])
        said = [{"doc_id": a.doc_id, "cue": a.cue.text if a.cue else None,
                 "content": " … ".join(s.text for s in a.contents), "evidence": a.evidence}
                for a in corpus.records("attribution") if a.source_actor == row["id"]]
    out = dict(row, written_as=dict(written), said=said)
    if as_json:
        print_json(out)
        return
    console.print(f"[bold]{row['name']}[/bold] ({row['id']}; {row['kind']}, {row['country'] or 'no country'})")
    console.print("aliases: " + (", ".join(row["aliases"]) or "-"))
    console.print("written as: " + ", ".join(f"{k} ×{v}" for k, v in written.most_common()))
    t = Table(title=f"{len(said)} attributions")
    for c in ("doc_id", "cue", "content", "evidence"):
        t.add_column(c, overflow="fold")
    for s in said:
        t.add_row(s["doc_id"], s["cue"] or "", s["content"][:200], s["evidence"])
    console.print(t)


@app.command()
def places(db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Resolved places with GeoNames id, coordinates, mention and claim counts; ambiguous ones flagged.

    Example: claimgraph places --json
    """
    with open_corpus(db) as corpus:
        recs = corpus.records("place")
        claims = corpus.records("claim")
    groups: dict = defaultdict(list)
    for p in recs:
        # divisions and regions without a GeoNames id are told apart by name and country
        groups[p.geonameid if p.geonameid is not None else (p.name or p.mention.text, p.admin1, p.country)].append(p)
    rows = []
    for ps in groups.values():
        p = ps[0]
        gid = p.geonameid
        n_claims = sum(1 for c in claims for q in ps
                       if c.doc_id == q.doc_id and c.content.start <= q.mention.start < c.content.end)
        rows.append({"geonameid": gid, "name": p.name, "admin1": p.admin1, "country": p.country,
                     "lat": p.lat, "lon": p.lon, "mentions": len(ps),
                     "written_as": sorted({q.mention.text for q in ps}), "claims": n_claims,
                     "ambiguous": any(q.ambiguous for q in ps),
                     "event_location": sum(q.role == "event_location" for q in ps)})
    rows.sort(key=lambda r: (-r["claims"], -r["mentions"]))
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} places")
    for c in ("geonameid", "name", "admin1", "country", "lat", "lon", "written_as", "mentions", "claims", "ambiguous"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(str(r["geonameid"] or ""), r["name"] or "", r["admin1"] or "", r["country"] or "",
                  f"{r['lat']:.3f}" if r["lat"] is not None else "", f"{r['lon']:.3f}" if r["lon"] is not None else "",
                  ", ".join(r["written_as"]), str(r["mentions"]), str(r["claims"]), "yes" if r["ambiguous"] else "")
    console.print(t)
